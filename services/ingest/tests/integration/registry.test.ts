import type {
  DevicesDocument,
  LatestTelemetryDocument,
  SharedCardataDocument,
} from '@fleet/index-mappings';
import type { IngestRecord } from '../../src/ingest-record';
import { ingestRegistry } from '../../src/registry/ingest-registry';
import { type TestSearch, startTestSearch } from '../support/search';
import created from '../events/registry-created.json';
import deleted from '../events/registry-deleted.json';
import updated from '../events/registry-updated.json';

let search: TestSearch;
const NOW = Date.parse('2026-12-01T00:00:00Z');

beforeAll(async () => {
  search = await startTestSearch();
});

afterAll(async () => {
  await search.close();
});

/**
 * Each test works on its own things and vehicles: `thing` and `vin` derive a name from a test
 * key, so the tests share one engine without seeing each other's documents.
 */
const thing = (key: string, n = 1) => `tcu-${key}-${n}`;
const vin = (key: string, n = 1) => `VIN${key.toUpperCase()}${n}`.replace(/[^A-Z0-9]/g, '');

type ThingEventPayload = typeof created;

function registryEvent(
  base: object,
  thingName: string,
  change: Partial<Omit<ThingEventPayload, 'attributes'>> & {
    attributes?: Record<string, string>;
  } = {},
): IngestRecord {
  const payload = { ...(base as ThingEventPayload), thingName, ...change };
  const operation = payload.operation.toLowerCase();
  return { payload, topic: `$aws/events/thing/${thingName}/${operation}` };
}

const attributes = (vinValue: string, change: Record<string, string> = {}) => ({
  ...created.attributes,
  vin: vinValue,
  ...change,
});

const ingest = (records: IngestRecord[]) =>
  ingestRegistry(records, { search: search.client, now: () => NOW });

async function device(thingName: string) {
  return (await search.documents<DevicesDocument>('devices')).get(thingName);
}

async function vehicle(vinValue: string) {
  return (await search.documents<SharedCardataDocument>('shared_cardata')).get(vinValue);
}

describe('ingestRegistry', () => {
  it('stores a created thing and its vehicle', async () => {
    const key = 'created';
    const result = await ingest([
      registryEvent(created, thing(key), { attributes: attributes(vin(key).toLowerCase()) }),
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, stale: 0, failures: [] });

    expect(await device(thing(key))).toEqual({
      deviceid: thing(key),
      thingname: thing(key),
      thingid: created.thingId,
      versionnumber: 1,
      vin: vin(key),
      make: 'Honda',
      model: 'Accord',
      year: 2021,
      colour: 'Blue',
      softwareversion: '1.2.3',
      attributes: attributes(vin(key).toLowerCase()),
      createdat: '2025-11-30T08:15:00.000Z',
      updatedat: '2025-11-30T08:15:00.000Z',
    });
    expect(await vehicle(vin(key))).toEqual({
      vin: vin(key),
      make: 'Honda',
      model: 'Accord',
      year: 2021,
      colour: 'Blue',
      devices: [{ deviceid: thing(key), softwareversion: '1.2.3' }],
      createdat: new Date(NOW).toISOString(),
      updatedat: new Date(NOW).toISOString(),
    });
  });

  it('applies an update to the device, its vehicle and the vehicle on the map', async () => {
    const key = 'updated';
    await ingest([registryEvent(created, thing(key), { attributes: attributes(vin(key)) })]);
    // The vehicle has sent telemetry and has an active trouble code.
    const troubleCodes = [
      { code: 'P0300', deviceid: thing(key), sendtimestamp: '2026-11-30T08:00:00.000Z' },
    ];
    await search.client.update({
      index: 'shared_cardata',
      id: vin(key),
      body: { doc: { trouble_codes: troubleCodes } },
    });
    await search.client.index({
      index: 'latest_telemetry',
      id: vin(key),
      body: {
        vin: vin(key),
        deviceid: thing(key),
        messageid: 'm-1',
        sendtimestamp: '2026-11-30T08:00:00.000Z',
        geolocation: { latitude: 48.85, longitude: 2.29, location: { lat: 48.85, lon: 2.29 } },
        make: 'Honda',
        colour: 'Blue',
        devices: [{ deviceid: thing(key), softwareversion: '1.2.3' }],
        trouble_codes: troubleCodes,
      },
    });

    const result = await ingest([
      registryEvent(updated, thing(key), {
        attributes: attributes(vin(key), { colour: 'Red', softwareVersion: '1.3.0' }),
      }),
    ]);
    expect(result).toMatchObject({ accepted: 1, failures: [] });

    expect(await device(thing(key))).toMatchObject({
      versionnumber: 2,
      thingtypename: 'telematics-unit',
      colour: 'Red',
      softwareversion: '1.3.0',
      createdat: '2025-11-30T08:15:00.000Z',
      updatedat: '2025-11-30T09:15:00.000Z',
    });
    expect(await vehicle(vin(key))).toMatchObject({
      colour: 'Red',
      devices: [{ deviceid: thing(key), softwareversion: '1.3.0' }],
      trouble_codes: troubleCodes,
    });
    const latest = (await search.documents<LatestTelemetryDocument>('latest_telemetry')).get(
      vin(key),
    );
    expect(latest).toMatchObject({
      messageid: 'm-1',
      make: 'Honda',
      model: 'Accord',
      colour: 'Red',
      devices: [{ deviceid: thing(key), softwareversion: '1.3.0' }],
      trouble_codes: troubleCodes,
    });
  });

  it('moves a device to its new vehicle and off the old one, whose static data stays', async () => {
    const key = 'moved';
    await ingest([
      registryEvent(created, thing(key, 1), { attributes: attributes(vin(key, 1)) }),
      registryEvent(created, thing(key, 2), { attributes: attributes(vin(key, 1)) }),
    ]);
    const result = await ingest([
      registryEvent(updated, thing(key, 1), {
        attributes: attributes(vin(key, 2), { make: 'Volkswagen', model: 'Golf' }),
      }),
    ]);
    expect(result).toMatchObject({ accepted: 1, failures: [] });

    expect(await device(thing(key, 1))).toMatchObject({ vin: vin(key, 2), make: 'Volkswagen' });
    expect(await vehicle(vin(key, 1))).toMatchObject({
      make: 'Honda',
      model: 'Accord',
      devices: [{ deviceid: thing(key, 2), softwareversion: '1.2.3' }],
    });
    expect(await vehicle(vin(key, 2))).toMatchObject({
      make: 'Volkswagen',
      model: 'Golf',
      devices: [{ deviceid: thing(key, 1), softwareversion: '1.2.3' }],
    });
  });

  it('deletes a thing and takes it off its vehicle, which keeps its static data', async () => {
    const key = 'deleted';
    await ingest([registryEvent(created, thing(key), { attributes: attributes(vin(key)) })]);
    const result = await ingest([
      registryEvent(deleted, thing(key), { versionNumber: 1, attributes: attributes(vin(key)) }),
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, stale: 0, failures: [] });

    expect(await device(thing(key))).toBeUndefined();
    expect(await vehicle(vin(key))).toMatchObject({ make: 'Honda', colour: 'Blue', devices: [] });
  });

  it('finds the vehicle of a deleted thing from its stored document', async () => {
    const key = 'deleted-bare';
    await ingest([registryEvent(created, thing(key), { attributes: attributes(vin(key)) })]);
    const { attributes: _attributes, ...bare } = deleted;
    const result = await ingest([registryEvent(bare, thing(key), { versionNumber: 1 })]);
    expect(result).toMatchObject({ accepted: 1, failures: [] });
    expect(await vehicle(vin(key))).toMatchObject({ devices: [] });
  });

  it('lets no older event overwrite a newer one', async () => {
    const key = 'stale';
    await ingest([
      registryEvent(updated, thing(key), { attributes: attributes(vin(key), { colour: 'Red' }) }),
    ]);
    const before = await device(thing(key));
    const vehicleBefore = await vehicle(vin(key));

    const result = await ingest([
      registryEvent(created, thing(key), { attributes: attributes(vin(key), { colour: 'Blue' }) }),
    ]);
    expect(result).toEqual({ accepted: 0, duplicates: 0, stale: 1, failures: [] });
    expect(await device(thing(key))).toEqual(before);
    expect(await vehicle(vin(key))).toEqual(vehicleBefore);
  });

  it('applies a batch in version order', async () => {
    const key = 'ordered';
    const result = await ingest([
      registryEvent(updated, thing(key), { attributes: attributes(vin(key), { colour: 'Red' }) }),
      registryEvent(created, thing(key), { attributes: attributes(vin(key), { colour: 'Blue' }) }),
    ]);
    expect(result).toMatchObject({ accepted: 2, failures: [] });
    expect(await device(thing(key))).toMatchObject({ versionnumber: 2, colour: 'Red' });
    expect(await vehicle(vin(key))).toMatchObject({ colour: 'Red' });
  });

  it('does not bring back a deleted thing for a late, older event', async () => {
    const key = 'late';
    await ingest([registryEvent(created, thing(key), { attributes: attributes(vin(key)) })]);
    await ingest([
      registryEvent(deleted, thing(key), { versionNumber: 1, attributes: attributes(vin(key)) }),
    ]);

    const result = await ingest([
      registryEvent(created, thing(key), { attributes: attributes(vin(key)) }),
    ]);
    expect(result).toEqual({ accepted: 0, duplicates: 0, stale: 1, failures: [] });
    expect(await device(thing(key))).toBeUndefined();
    // Planned as if it applied, then set right once the devices write lost.
    expect(await vehicle(vin(key))).toMatchObject({ devices: [] });
  });

  it('keeps two devices on one vehicle', async () => {
    const key = 'pair';
    await ingest([
      registryEvent(created, thing(key, 1), { attributes: attributes(vin(key)) }),
      registryEvent(created, thing(key, 2), {
        attributes: attributes(vin(key), { softwareVersion: '7.0.1' }),
      }),
    ]);
    expect((await vehicle(vin(key)))?.devices).toEqual([
      { deviceid: thing(key, 1), softwareversion: '1.2.3' },
      { deviceid: thing(key, 2), softwareversion: '7.0.1' },
    ]);

    await ingest([
      registryEvent(updated, thing(key, 2), {
        attributes: attributes(vin(key), { softwareVersion: '7.1.0' }),
      }),
    ]);
    expect((await vehicle(vin(key)))?.devices).toEqual([
      { deviceid: thing(key, 1), softwareversion: '1.2.3' },
      { deviceid: thing(key, 2), softwareversion: '7.1.0' },
    ]);
  });

  it('stores a thing without a vin, and no vehicle', async () => {
    const key = 'novin';
    const result = await ingest([
      registryEvent(created, thing(key), { attributes: { make: 'Honda' } }),
    ]);
    expect(result).toMatchObject({ accepted: 1, failures: [] });
    expect(await device(thing(key))).toMatchObject({
      make: 'Honda',
      attributes: { make: 'Honda' },
    });
    expect((await device(thing(key)))?.vin).toBeUndefined();
  });

  it('sends malformed events to failures, naming the field, and stores the rest', async () => {
    const key = 'malformed';
    const good = registryEvent(created, thing(key), { attributes: attributes(vin(key)) });
    const { thingName: _thingName, ...nameless } = created;
    const bad: IngestRecord[] = [
      { payload: nameless },
      { payload: { ...created, thingName: thing(key, 2), operation: 'RENAMED' } },
      { payload: { ...created, thingName: thing(key, 3), versionNumber: 'two' } },
      { payload: { ...created, thingName: thing(key, 4), attributes: ['vin'] } },
      { payload: 'not json' },
    ];
    const result = await ingest([bad[0]!, good, ...bad.slice(1)]);

    expect(result.accepted).toBe(1);
    expect(result.failures.map((failure) => [failure.record, failure.reason])).toEqual([
      [bad[0], 'invalid registry event: thingName is required'],
      [bad[1], 'invalid registry event: operation must be CREATED, UPDATED or DELETED'],
      [bad[2], 'invalid registry event: versionNumber must be a non-negative integer'],
      [bad[3], 'invalid registry event: attributes must be an object'],
      [bad[4], 'registry event payload must be a JSON object'],
    ]);
    expect(await device(thing(key))).toMatchObject({ vin: vin(key) });
    for (const n of [2, 3, 4]) expect(await device(thing(key, n))).toBeUndefined();
  });

  it('stores a redelivered event once', async () => {
    const key = 'redelivered';
    const event = registryEvent(created, thing(key), { attributes: attributes(vin(key)) });
    expect(await ingest([event, event])).toEqual({
      accepted: 1,
      duplicates: 1,
      stale: 0,
      failures: [],
    });
    const stored = await device(thing(key));
    const storedVehicle = await vehicle(vin(key));

    expect(await ingest([event])).toEqual({ accepted: 0, duplicates: 1, stale: 0, failures: [] });
    expect(await device(thing(key))).toEqual(stored);
    expect(await vehicle(vin(key))).toEqual(storedVehicle);
    expect(storedVehicle?.devices).toHaveLength(1);
  });
});
