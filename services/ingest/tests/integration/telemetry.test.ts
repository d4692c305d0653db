import type {
  AnomalyDocument,
  CardataDocument,
  LatestTelemetryDocument,
  SharedCardataDocument,
} from '@fleet/index-mappings';
import { DEFAULT_ANOMALY_THRESHOLDS } from '@fleet/fleet-config';
import { type TelemetryDeps, ingestTelemetry } from '../../src';
import { DEVICE, VIN, at, cardataRecord } from '../support/device-records';
import { type TestSearch, startTestSearch } from '../support/search';

let search: TestSearch;
let deps: TelemetryDeps;

beforeEach(async () => {
  search = await startTestSearch();
  deps = {
    search: search.client,
    anomalyThresholds: () => Promise.resolve(DEFAULT_ANOMALY_THRESHOLDS),
  };
  await search.client.index({
    index: 'shared_cardata',
    id: VIN,
    body: {
      vin: VIN,
      make: 'Honda',
      model: 'Accord',
      year: 2019,
      colour: 'blue',
      devices: [{ deviceid: DEVICE, softwareversion: '1.0.0' }],
      trouble_codes: [{ code: 'P0301', deviceid: DEVICE, sendtimestamp: at(-60) }],
    },
  });
});

afterEach(() => search.close());

const latest = async () =>
  (await search.documents<LatestTelemetryDocument>('latest_telemetry')).get(VIN);

describe('ingestTelemetry', () => {
  it('stores history and the latest position joined with the vehicle', async () => {
    const result = await ingestTelemetry([cardataRecord(0), cardataRecord(2)], deps);
    expect(result).toEqual({ accepted: 2, duplicates: 0, stale: 0, failures: [] });

    const history = await search.documents<CardataDocument>('cardata');
    expect([...history.keys()].sort()).toEqual([`${DEVICE}|${DEVICE}-0`, `${DEVICE}|${DEVICE}-2`]);
    const first = history.get(`${DEVICE}|${DEVICE}-0`)!;
    expect(first).toMatchObject({ vin: VIN, make: 'Honda', devices: [{ deviceid: DEVICE }] });
    expect(first).not.toHaveProperty('trouble_codes');
    expect(first.geolocation.location).toEqual({ lat: 48.85, lon: 2.29 });

    expect(await latest()).toMatchObject({
      messageid: `${DEVICE}-2`,
      sendtimestamp: at(2),
      model: 'Accord',
      geolocation: { location: { lat: 48.8502, lon: 2.29 } },
      trouble_codes: [{ code: 'P0301' }],
      anomalies: [],
    });
  });

  it('stores a redelivered message once, within a batch and across batches', async () => {
    await ingestTelemetry([cardataRecord(0), cardataRecord(0)], deps);
    const again = await ingestTelemetry([cardataRecord(0), cardataRecord(2)], deps);
    expect(again).toMatchObject({ accepted: 1, duplicates: 1, failures: [] });
    expect((await search.documents('cardata')).size).toBe(2);
  });

  it('never moves a vehicle back when telemetry arrives out of order', async () => {
    await ingestTelemetry([cardataRecord(10)], deps);
    const late = await ingestTelemetry([cardataRecord(4), cardataRecord(6)], deps);
    expect(late).toMatchObject({ accepted: 2, stale: 2 });
    expect((await latest())?.sendtimestamp).toBe(at(10));
    expect((await search.documents('cardata')).size).toBe(3);

    // Within one batch, the newest message wins whatever the order of arrival.
    await ingestTelemetry([cardataRecord(20), cardataRecord(14)], deps);
    expect((await latest())?.sendtimestamp).toBe(at(20));
  });

  it('opens an anomaly when a condition starts, once, and closes it when it ends', async () => {
    const speeding = (s: number) =>
      cardataRecord(s, { GeoLocation: { Latitude: 48.9, Longitude: 2.3, Speed: 150 } });
    await ingestTelemetry([cardataRecord(0), speeding(2), speeding(4)], deps);

    const anomalies = await search.documents<AnomalyDocument>('anomaly');
    expect([...anomalies.values()]).toEqual([
      expect.objectContaining({
        anomalyid: `${DEVICE}|${DEVICE}-2|over_speed`,
        anomaly_type: 'over_speed',
        value: 150,
        threshold: 130,
        vin: VIN,
        tripid: 'trip-1',
      }),
    ]);
    const shared = (await search.documents<SharedCardataDocument>('shared_cardata')).get(VIN)!;
    expect(shared.anomalies?.map((a) => a.anomaly_type)).toEqual(['over_speed']);
    expect(shared.make).toBe('Honda');
    expect((await latest())?.anomalies?.map((a) => a.anomaly_type)).toEqual(['over_speed']);

    // Redelivery opens nothing new; a normal reading closes it.
    await ingestTelemetry([speeding(4), cardataRecord(6)], deps);
    expect((await search.documents('anomaly')).size).toBe(1);
    expect((await latest())?.anomalies).toEqual([]);
    const after = (await search.documents<SharedCardataDocument>('shared_cardata')).get(VIN)!;
    expect(after.anomalies).toEqual([]);
  });

  it('detects low fuel, hot oil and harsh braking against configured thresholds', async () => {
    const strict = { ...DEFAULT_ANOMALY_THRESHOLDS, lowFuelPercent: 30 };
    await ingestTelemetry(
      [
        cardataRecord(0, {
          Fuel: 25,
          OilTemp: 130,
          Acceleration: { MaxLongitudinal: { Value: -6.5 } },
        }),
      ],
      { ...deps, anomalyThresholds: () => Promise.resolve(strict) },
    );
    const types = [...(await search.documents<AnomalyDocument>('anomaly')).values()]
      .map((a) => `${a.anomaly_type}:${a.value}/${a.threshold}`)
      .sort();
    expect(types).toEqual(['harsh_acceleration:-6.5/4', 'high_oil_temp:130/120', 'low_fuel:25/30']);
  });

  it('sends bad records to failures with their reason and stores the rest', async () => {
    await search.client.index({
      index: 'devices',
      id: 'tcu-other',
      body: { deviceid: 'tcu-other', thingname: 'tcu-other', vin: 'WVWZZZ1JZXW000001' },
    });
    const bad = [
      cardataRecord(1, { VIN: undefined }),
      cardataRecord(2, { GeoLocation: { Latitude: 120, Longitude: 2 } }),
      { payload: 'not an object', topic: 'dt/cvra/tcu-0001/cardata' },
      cardataRecord(3, {}, 'tcu-other'),
    ];
    const result = await ingestTelemetry([...bad, cardataRecord(4)], deps);
    expect(result.accepted).toBe(1);
    expect(result.failures.map((f) => f.reason)).toEqual([
      'invalid cardata: vin is required',
      'invalid cardata: geolocation.latitude must be <= 90',
      'cardata payload must be a JSON object',
      `vin ${VIN} does not match vin WVWZZZ1JZXW000001 registered for device tcu-other`,
    ]);
    expect(result.failures[0]?.record).toBe(bad[0]);
    expect([...(await search.documents('cardata')).keys()]).toEqual([`${DEVICE}|${DEVICE}-4`]);
  });

  it('applies concurrent batches for one vehicle without losing the newest', async () => {
    const batches = Array.from({ length: 6 }, (_, b) =>
      ingestTelemetry([cardataRecord(b * 2), cardataRecord(b * 2 + 1)], deps),
    );
    const results = await Promise.all(batches);
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    expect((await latest())?.sendtimestamp).toBe(at(11));
    expect((await search.documents('cardata')).size).toBe(12);
  });

  it('keeps one anomaly per episode when concurrent batches race to open it', async () => {
    await ingestTelemetry([cardataRecord(0)], deps);
    const speeding = (s: number) =>
      cardataRecord(s, { GeoLocation: { Latitude: 48.9, Longitude: 2.3, Speed: 150 } });
    await Promise.all([1, 2, 3, 4, 5, 6].map((s) => ingestTelemetry([speeding(s)], deps)));
    const anomalies = [...(await search.documents<AnomalyDocument>('anomaly')).values()];
    const active = (await latest())?.anomalies ?? [];
    expect(anomalies.map((a) => a.anomalyid)).toEqual(active.map((a) => a.anomalyid));
    expect(active).toHaveLength(1);
  });

  it('creates the vehicle state for a vehicle not registered yet', async () => {
    const other = cardataRecord(0, { VIN: 'WVWZZZ1JZXW000001' }, 'tcu-new');
    expect(await ingestTelemetry([other], deps)).toMatchObject({ accepted: 1 });
    const latestNew = (await search.documents<LatestTelemetryDocument>('latest_telemetry')).get(
      'WVWZZZ1JZXW000001',
    );
    expect(latestNew).toMatchObject({ deviceid: 'tcu-new', trouble_codes: [], anomalies: [] });
  });
});
