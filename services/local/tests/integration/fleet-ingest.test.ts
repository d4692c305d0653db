import type {
  AnomalyDocument,
  CardataDocument,
  DevicesDocument,
  DtcDocument,
  LatestTelemetryDocument,
  SharedCardataDocument,
  TripDocument,
} from '@fleet/index-mappings';
import { type Harness, startHarness, waitFor } from '../support/local-stack-harness';

const VEHICLES = 50;
let h: Harness;

/** Every document of an index, by `_id` (the harness's indices are small). */
async function all<T>(index: string): Promise<Map<string, T>> {
  await h.search.indices.refresh({ index });
  const { body } = await h.search.search({
    index,
    body: { size: 10_000, query: { match_all: {} } },
  });
  const hits = body.hits.hits as unknown as { _id: string; _source: T }[];
  return new Map(hits.map((hit) => [hit._id, hit._source]));
}

beforeAll(async () => {
  // Short trips and frequent codes, alerts and anomalies, so a few seconds show every message kind.
  h = await startHarness(
    { vehicles: VEHICLES, intervalMs: 250, seed: 7 },
    {
      startDriving: true,
      tripDistanceMetres: [15, 30],
      parkedMinutes: [0.03, 0.06],
      parkedReportEveryTicks: 4,
      troubleCodesPerDrivingHour: 900,
      troubleCodeClearsAfterMinutes: [0.03, 0.08],
      anomalyChancePerTrip: 1,
      alertsPerHour: 600,
    },
  );
  const fleet = h.stack.fleet!;
  await fleet.ready;
  await waitFor(
    () => {
      const { sent } = fleet.stats();
      return sent.trip >= 40 && sent.dtc >= 40 && sent.event >= 10;
    },
    'trips, trouble codes and alerts from the fleet',
    60_000,
  );
  await fleet.stop();
  await h.stack.rulesEngine.drain();
}, 90_000);

afterAll(() => h.close());

describe(`${VEHICLES} simulated vehicles over MQTT, through the rules, into every index`, () => {
  it('lost nothing and rejected nothing', () => {
    const stats = h.stack.fleet!.stats();
    expect(stats.publishErrors).toBe(0);
    expect(stats.dropped).toBe(0);
    expect(h.errorRecords()).toEqual([]);
    const rules = h.stack.rulesEngine.stats();
    for (const rule of Object.values(rules)) expect(rule.failed).toBe(0);
    expect(rules.fleet_cardata?.accepted).toBe(stats.sent.cardata);
    expect(rules.fleet_thing_registry?.accepted).toBe(VEHICLES);
  });

  it('registered every vehicle: devices and static data', async () => {
    const devices = await all<DevicesDocument>('devices');
    expect(devices.size).toBe(VEHICLES);
    const shared = await all<SharedCardataDocument>('shared_cardata');
    expect(shared.size).toBe(VEHICLES);
    for (const device of devices.values()) {
      expect(device).toMatchObject({
        vin: expect.stringMatching(/^[A-HJ-NPR-Z0-9]{17}$/),
        make: expect.any(String),
        model: expect.any(String),
        year: expect.any(Number),
        softwareversion: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      });
      const vehicle = shared.get(device.vin!)!;
      expect(vehicle).toMatchObject({ make: device.make, model: device.model, year: device.year });
      expect(vehicle.devices).toEqual([
        { deviceid: device.deviceid, softwareversion: device.softwareversion },
      ]);
    }
  });

  it('stores each telemetry message once and positions each vehicle at its newest message', async () => {
    const cardata = await all<CardataDocument>('cardata');
    expect(cardata.size).toBe(h.stack.fleet!.stats().sent.cardata);
    const newest = new Map<string, CardataDocument>();
    for (const doc of cardata.values()) {
      const current = newest.get(doc.vin);
      if (!current || String(doc.sendtimestamp) > String(current.sendtimestamp)) {
        newest.set(doc.vin, doc);
      }
    }
    const latest = await all<LatestTelemetryDocument>('latest_telemetry');
    expect(latest.size).toBe(VEHICLES);
    for (const [vin, doc] of latest) {
      expect(doc.messageid).toBe(newest.get(vin)?.messageid);
      expect(doc.geolocation.location).toEqual({
        lat: doc.geolocation.latitude,
        lon: doc.geolocation.longitude,
      });
      expect(doc.make).toEqual(expect.any(String));
    }
    // Around real cities on several continents, not one point.
    const longitudes = [...latest.values()].map((d) => d.geolocation.longitude);
    expect(Math.max(...longitudes) - Math.min(...longitudes)).toBeGreaterThan(90);
  });

  it('stores one summary per trip, for trips the telemetry reported', async () => {
    const trips = await all<TripDocument>('trip');
    expect(trips.size).toBe(h.stack.fleet!.stats().sent.trip);
    const cardata = await all<CardataDocument>('cardata');
    const reportedTrips = new Set([...cardata.values()].map((d) => d.tripid));
    for (const [id, trip] of trips) {
      expect(reportedTrips.has(id)).toBe(true);
      expect(trip.tripsummary.distance).toBeGreaterThan(0);
      expect(trip.tripsummary.endlocation?.location).toBeDefined();
    }
  });

  it('keeps each vehicle’s active trouble codes equal to its set/clear history', async () => {
    const history = [...(await all<DtcDocument>('dtc')).values()];
    expect(history.length).toBe(h.stack.fleet!.stats().sent.dtc);
    expect(history.some((d) => !d.dtc.changed)).toBe(true);
    const expected = new Map<string, Map<string, DtcDocument>>();
    for (const d of history.sort((a, b) =>
      String(a.sendtimestamp).localeCompare(String(b.sendtimestamp)),
    )) {
      const codes = expected.get(d.vin) ?? new Map<string, DtcDocument>();
      if (d.dtc.changed) codes.set(d.dtc.code, d);
      else codes.delete(d.dtc.code);
      expected.set(d.vin, codes);
    }
    const shared = await all<SharedCardataDocument>('shared_cardata');
    let active = 0;
    for (const [vin, vehicle] of shared) {
      const codes = (vehicle.trouble_codes ?? []).map((c) => c.code).sort();
      expect(codes).toEqual([...(expected.get(vin)?.keys() ?? [])].sort());
      active += codes.length;
    }
    expect(active).toBeGreaterThan(0);
  });

  it('records anomalies from the telemetry that showed them', async () => {
    const anomalies = [...(await all<AnomalyDocument>('anomaly')).values()];
    expect(anomalies.length).toBeGreaterThan(0);
    const cardata = await all<CardataDocument>('cardata');
    for (const anomaly of anomalies) {
      expect(cardata.get(`${anomaly.deviceid}|${anomaly.messageid}`)?.vin).toBe(anomaly.vin);
    }
  });

  it('stores every alert once', async () => {
    const events = await all('event');
    expect(events.size).toBe(h.stack.fleet!.stats().sent.event);
  });
});
