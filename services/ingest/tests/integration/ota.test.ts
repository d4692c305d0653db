import type {
  DevicesDocument,
  LatestTelemetryDocument,
  SharedCardataDocument,
} from '@fleet/index-mappings';
import type { Client } from '@opensearch-project/opensearch';
import type { IngestRecord } from '../../src/ingest-record';
import { ingestOta } from '../../src/ota/ingest-ota';
import { JobDocumentError, type JobDocumentSource } from '../../src/ota/job-document-source';
import type { OtaJobDocument } from '@fleet/device-contract';
import { ingestRegistry } from '../../src/registry/ingest-registry';
import { type TestSearch, startTestSearch } from '../support/search';
import failed from '../events/ota-failed.json';
import succeeded from '../events/ota-succeeded.json';
import created from '../events/registry-created.json';
import updated from '../events/registry-updated.json';

let search: TestSearch;
const NOW = Date.parse('2026-12-01T00:00:00Z');
/** When the fixtures' executions finished, in epoch seconds as AWS sends it. */
const T = succeeded.timestamp;

beforeAll(async () => {
  search = await startTestSearch();
});

afterAll(async () => {
  await search.close();
});

/** OTA job documents by job id; the lookups made are counted. */
const JOBS: Record<string, OtaJobDocument> = {
  'ota-2-4-0-fleet': { operation: 'ota_update', desiredVersion: '2.4.0' },
  'ota-2-5-0-fleet': { operation: 'ota_update', desiredVersion: '2.5.0' },
};
let lookups: string[] = [];
const jobDocuments: JobDocumentSource = (jobId) => {
  lookups.push(jobId);
  const document = JOBS[jobId];
  return document
    ? Promise.resolve(document)
    : Promise.reject(new JobDocumentError(jobId, 'JOB_NOT_FOUND', `job ${jobId} does not exist`));
};

beforeEach(() => {
  lookups = [];
});

/** Each test registers its own things on its own vehicle. */
const thing = (key: string, n = 1) => `tcu-ota-${key}-${n}`;
const vin = (key: string) => `VINOTA${key.toUpperCase()}`.replace(/[^A-Z0-9]/g, '');

const ingest = (records: IngestRecord[]) =>
  ingestOta(records, { search: search.client, jobDocuments, now: () => NOW });

async function register(key: string, things = 1): Promise<void> {
  const records = Array.from({ length: things }, (_, i) => ({
    payload: {
      ...created,
      thingName: thing(key, i + 1),
      attributes: { ...created.attributes, vin: vin(key) },
    },
  }));
  const result = await ingestRegistry(records, { search: search.client, now: () => NOW });
  expect(result).toMatchObject({ accepted: things, failures: [] });
}

/** The vehicle has reported: its `latest_telemetry` carries the devices as they were. */
async function reportTelemetry(key: string, devices: SharedCardataDocument['devices']) {
  await search.client.index({
    index: 'latest_telemetry',
    id: vin(key),
    body: {
      vin: vin(key),
      deviceid: thing(key),
      messageid: `${key}-m1`,
      sendtimestamp: '2026-11-30T08:00:00.000Z',
      geolocation: { latitude: 48.85, longitude: 2.29, location: { lat: 48.85, lon: 2.29 } },
      devices,
    },
  });
}

function jobEvent(base: object, thingName: string, change: object = {}): IngestRecord {
  const payload = {
    ...(base as typeof succeeded),
    thingArn: `arn:aws:iot:us-east-1:123456789012:thing/${thingName}`,
    ...change,
  };
  return {
    payload,
    topic: `$aws/events/jobExecution/${payload.jobId}/${payload.status.toLowerCase()}`,
  };
}

const device = async (thingName: string) =>
  (await search.documents<DevicesDocument>('devices')).get(thingName);
const vehicle = async (key: string) =>
  (await search.documents<SharedCardataDocument>('shared_cardata')).get(vin(key));
const latest = async (key: string) =>
  (await search.documents<LatestTelemetryDocument>('latest_telemetry')).get(vin(key));

const at = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('ingestOta', () => {
  it('sets the installed version on the device, its vehicle and the map after a success', async () => {
    const key = 'success';
    await register(key, 2);
    await reportTelemetry(key, [
      { deviceid: thing(key, 1), softwareversion: '1.2.3' },
      { deviceid: thing(key, 2), softwareversion: '1.2.3' },
    ]);

    const result = await ingest([jobEvent(succeeded, thing(key, 1))]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, stale: 0, failures: [] });

    expect(await device(thing(key, 1))).toMatchObject({
      softwareversion: '2.4.0',
      lastjobid: 'ota-2-4-0-fleet',
      lastjobstatus: 'SUCCEEDED',
      lastjobupdatedat: at(T),
      // Registry data is left as it was.
      versionnumber: 1,
      vin: vin(key),
      make: 'Honda',
    });
    const devices = [
      { deviceid: thing(key, 1), softwareversion: '2.4.0' },
      { deviceid: thing(key, 2), softwareversion: '1.2.3' },
    ];
    expect((await vehicle(key))?.devices).toEqual(devices);
    expect((await latest(key))?.devices).toEqual(devices);
    expect((await device(thing(key, 2)))?.softwareversion).toBe('1.2.3');
  });

  it('records a failure on the device only', async () => {
    const key = 'failed';
    await register(key);
    const vehicleBefore = await vehicle(key);

    const result = await ingest([jobEvent(failed, thing(key))]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, stale: 0, failures: [] });
    expect(await device(thing(key))).toMatchObject({
      softwareversion: '1.2.3',
      lastjobid: 'ota-2-4-0-fleet',
      lastjobstatus: 'FAILED',
      lastjobupdatedat: at(T),
    });
    expect(await vehicle(key)).toEqual(vehicleBefore);
    // Only a success needs its job's document.
    expect(lookups).toEqual([]);
  });

  it('stores a redelivered event once', async () => {
    const key = 'redelivered';
    await register(key);
    const event = jobEvent(succeeded, thing(key));
    expect(await ingest([event, event])).toEqual({
      accepted: 1,
      duplicates: 1,
      stale: 0,
      failures: [],
    });
    const stored = await device(thing(key));
    const storedVehicle = await vehicle(key);

    // AWS may deliver it again with another eventId.
    const again = jobEvent(succeeded, thing(key), { eventId: 'another-id' });
    expect(await ingest([again])).toEqual({ accepted: 0, duplicates: 1, stale: 0, failures: [] });
    expect(await device(thing(key))).toEqual(stored);
    expect(await vehicle(key)).toEqual(storedVehicle);
  });

  it('never lets an older event overwrite a newer one', async () => {
    const key = 'ordered';
    await register(key);
    const newer = jobEvent(succeeded, thing(key), { jobId: 'ota-2-5-0-fleet', timestamp: T + 600 });
    expect(await ingest([newer])).toMatchObject({ accepted: 1, failures: [] });

    const older = [
      jobEvent(failed, thing(key), { timestamp: T }),
      jobEvent(succeeded, thing(key), { timestamp: T + 60 }),
    ];
    expect(await ingest(older)).toEqual({ accepted: 0, duplicates: 0, stale: 2, failures: [] });
    expect(await device(thing(key))).toMatchObject({
      softwareversion: '2.5.0',
      lastjobid: 'ota-2-5-0-fleet',
      lastjobstatus: 'SUCCEEDED',
      lastjobupdatedat: at(T + 600),
    });
    expect((await vehicle(key))?.devices).toEqual([
      { deviceid: thing(key), softwareversion: '2.5.0' },
    ]);
  });

  it('installs the version of a late success when nothing newer succeeded', async () => {
    const key = 'late';
    await register(key);
    const newerFailure = jobEvent(failed, thing(key), {
      jobId: 'ota-2-5-0-fleet',
      timestamp: T + 600,
    });
    await ingest([newerFailure]);

    expect(await ingest([jobEvent(succeeded, thing(key))])).toMatchObject({
      stale: 1,
      failures: [],
    });
    expect(await device(thing(key))).toMatchObject({
      softwareversion: '2.4.0',
      lastjobid: 'ota-2-5-0-fleet',
      lastjobstatus: 'FAILED',
    });
    expect((await vehicle(key))?.devices).toEqual([
      { deviceid: thing(key), softwareversion: '2.4.0' },
    ]);
  });

  it('reads timestamps in seconds and in millis alike', async () => {
    const key = 'millis';
    await register(key);
    await ingest([jobEvent(failed, thing(key), { timestamp: T * 1000 + 250 })]);
    expect((await device(thing(key)))?.lastjobupdatedat).toBe(
      new Date(T * 1000 + 250).toISOString(),
    );
    // The same moment in seconds is older by the 250 ms.
    expect(await ingest([jobEvent(succeeded, thing(key))])).toMatchObject({ stale: 1 });
  });

  it('sends malformed events to failures, naming the field, and stores the rest', async () => {
    const key = 'malformed';
    await register(key);
    const good = jobEvent(failed, thing(key));
    const bad: IngestRecord[] = [
      { payload: { ...failed, thingArn: 'tcu-0001' } },
      { payload: { ...failed, status: 'DONE' } },
      { payload: { ...failed, timestamp: undefined } },
      { payload: 'not json' },
    ];
    const result = await ingest([...bad.slice(0, 2), good, ...bad.slice(2)]);
    expect(result.accepted).toBe(1);
    expect(result.failures.map((failure) => [failure.record, failure.reason])).toEqual([
      [
        bad[0],
        'invalid job execution event: thingArn must be an IoT thing ARN (arn:…:thing/{thingName})',
      ],
      [
        bad[1],
        'invalid job execution event: status must be one of QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED, CANCELED',
      ],
      [bad[2], 'invalid job execution event: timestamp is required'],
      [bad[3], 'job execution event payload must be a JSON object'],
    ]);
    expect((await device(thing(key)))?.lastjobstatus).toBe('FAILED');
  });

  it('fails only the events of a job whose document cannot be read', async () => {
    const key = 'nojob';
    const unknown = jobEvent(succeeded, thing(key, 1), { jobId: 'no-such-job' });
    const known = jobEvent(succeeded, thing(key, 2));
    // A failure of the unknown job does not need its document.
    const unknownFailed = jobEvent(failed, thing(key, 3), { jobId: 'no-such-job' });
    await register(key, 3);
    const result = await ingest([unknown, known, known, unknownFailed]);
    expect(result).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(result.failures).toEqual([
      {
        record: unknown,
        reason: 'job no-such-job document unavailable: job no-such-job does not exist',
      },
    ]);
    expect(await device(thing(key, 1))).not.toHaveProperty('lastjobid');
    expect((await device(thing(key, 2)))?.softwareversion).toBe('2.4.0');
    expect((await device(thing(key, 3)))?.lastjobstatus).toBe('FAILED');
    expect(lookups.sort()).toEqual(['no-such-job', 'ota-2-4-0-fleet']);
  });

  it('fails the result of a device that is not registered', async () => {
    const event = jobEvent(succeeded, 'tcu-ota-unknown');
    const result = await ingest([event]);
    expect(result.failures).toEqual([
      {
        record: event,
        reason:
          'device tcu-ota-unknown is not registered (no devices document); job result not recorded',
      },
    ]);
    expect(await device('tcu-ota-unknown')).toBeUndefined();
  });

  it('plans a device again when the registry changed it between read and write', async () => {
    const key = 'race';
    await register(key);
    const registryUpdate = {
      payload: {
        ...updated,
        thingName: thing(key),
        attributes: { ...updated.attributes, vin: vin(key) },
      },
    };
    // The registry handler writes the device just before the OTA handler's first `_bulk`.
    let raced = false;
    const racing = new Proxy(search.client, {
      get(target, property, receiver) {
        if (property === 'bulk' && !raced) {
          return async (params: Parameters<Client['bulk']>[0]) => {
            raced = true;
            await ingestRegistry([registryUpdate], { search: target, now: () => NOW });
            return target.bulk(params);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });

    const result = await ingestOta([jobEvent(succeeded, thing(key))], {
      search: racing,
      jobDocuments,
      now: () => NOW,
    });
    expect(raced).toBe(true);
    expect(result).toEqual({ accepted: 1, duplicates: 0, stale: 0, failures: [] });
    expect(await device(thing(key))).toMatchObject({
      versionnumber: 2,
      colour: 'Red',
      softwareversion: '2.4.0',
      lastjobstatus: 'SUCCEEDED',
    });
  });

  it('keeps the registry in charge of the device after recording a job', async () => {
    const key = 'registry';
    await register(key);
    await ingest([jobEvent(failed, thing(key), { timestamp: T - 60 })]);
    await ingest([jobEvent(succeeded, thing(key))]);

    // The registry's next version still lands, and its unchanged attribute does not undo the OTA.
    const update = {
      payload: {
        ...updated,
        thingName: thing(key),
        attributes: { ...updated.attributes, vin: vin(key) },
      },
    };
    const result = await ingestRegistry([update], { search: search.client, now: () => NOW });
    expect(result).toEqual({ accepted: 1, duplicates: 0, stale: 0, failures: [] });
    expect(await device(thing(key))).toMatchObject({
      versionnumber: 2,
      colour: 'Red',
      softwareversion: '2.4.0',
      lastjobid: 'ota-2-4-0-fleet',
      lastjobstatus: 'SUCCEEDED',
    });
    expect((await vehicle(key))?.devices).toEqual([
      { deviceid: thing(key), softwareversion: '2.4.0' },
    ]);
  });
});
