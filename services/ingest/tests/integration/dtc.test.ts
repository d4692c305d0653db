import type { LatestTelemetryDocument, SharedCardataDocument } from '@fleet/index-mappings';
import { DEFAULT_ANOMALY_THRESHOLDS } from '@fleet/fleet-config';
import { ingestDtc, ingestTelemetry } from '../../src';
import { DEVICE, VIN, cardataRecord, dtcRecord } from '../support/device-records';
import { type TestSearch, startTestSearch } from '../support/search';

let search: TestSearch;
beforeEach(async () => {
  search = await startTestSearch();
});
afterEach(() => search.close());

const dtc = (records: Parameters<typeof ingestDtc>[0]) =>
  ingestDtc(records, { search: search.client });
const activeCodes = async () =>
  ((await search.documents<SharedCardataDocument>('shared_cardata')).get(VIN)?.trouble_codes ?? [])
    .map((c) => c.code)
    .sort();

describe('ingestDtc', () => {
  it('adds codes when set and removes them when cleared, never keeping only the latest', async () => {
    expect(await dtc([dtcRecord(0, 'p0301', true)])).toMatchObject({ accepted: 1 });
    await dtc([dtcRecord(5, 'P0420', 'true')]);
    expect(await activeCodes()).toEqual(['P0301', 'P0420']);

    await dtc([dtcRecord(10, 'P0301', 'false')]);
    expect(await activeCodes()).toEqual(['P0420']);
    expect((await search.documents('dtc')).size).toBe(3);
  });

  it('keeps the copy on latest_telemetry in step', async () => {
    await ingestTelemetry([cardataRecord(0)], {
      search: search.client,
      anomalyThresholds: () => Promise.resolve(DEFAULT_ANOMALY_THRESHOLDS),
    });
    await dtc([dtcRecord(1, 'P0128', true)]);
    const latest = (await search.documents<LatestTelemetryDocument>('latest_telemetry')).get(VIN);
    expect(latest?.trouble_codes?.map((c) => c.code)).toEqual(['P0128']);
    await dtc([dtcRecord(2, 'P0128', false)]);
    const cleared = (await search.documents<LatestTelemetryDocument>('latest_telemetry')).get(VIN);
    expect(cleared?.trouble_codes).toEqual([]);
  });

  it('ignores a set older than the clear that arrived before it', async () => {
    await dtc([dtcRecord(10, 'P0301', false)]);
    const late = await dtc([dtcRecord(5, 'P0301', true)]);
    expect(late.failures).toEqual([]);
    expect(await activeCodes()).toEqual([]);

    // Applied in send-time order within a batch too: set at 20, clear at 30.
    await dtc([dtcRecord(30, 'P0420', false), dtcRecord(20, 'P0420', true)]);
    expect(await activeCodes()).toEqual([]);
  });

  it('keeps a code set again when an older clear arrives late', async () => {
    await dtc([dtcRecord(1, 'P0301', true)]);
    await dtc([dtcRecord(5, 'P0301', true)]);
    await dtc([dtcRecord(3, 'P0301', false)]);
    expect(await activeCodes()).toEqual(['P0301']);
  });

  it('stores a redelivered code once', async () => {
    await dtc([dtcRecord(0, 'P0301', true)]);
    const again = await dtc([dtcRecord(0, 'P0301', true), dtcRecord(0, 'P0301', true)]);
    expect(again).toMatchObject({ accepted: 0, duplicates: 2 });
    const codes = (await search.documents<SharedCardataDocument>('shared_cardata')).get(
      VIN,
    )?.trouble_codes;
    expect(codes).toEqual([
      {
        code: 'P0301',
        deviceid: DEVICE,
        messageid: `${DEVICE}-dtc-0`,
        sendtimestamp: expect.any(String),
      },
    ]);
    expect((await search.documents('dtc')).size).toBe(1);
  });

  it('rejects malformed codes with a reason and applies the rest of the batch', async () => {
    const result = await dtc([
      dtcRecord(1, '', true),
      dtcRecord(2, 'P0301', 'maybe'),
      dtcRecord(3, 'P0171', true),
    ]);
    expect(result.failures.map((f) => f.reason)).toEqual([
      'invalid dtc: dtc.code must not be empty',
      'invalid dtc: dtc.changed expected true or false',
    ]);
    expect(await activeCodes()).toEqual(['P0171']);
  });

  it('applies concurrent batches for one vehicle without losing a code', async () => {
    const codes = ['P0101', 'P0102', 'P0103', 'P0104', 'P0105'];
    await Promise.all(codes.map((code, i) => dtc([dtcRecord(i, code, true)])));
    expect(await activeCodes()).toEqual(codes);
  });
});
