import { type ApiHarness, startApiHarness } from '../support/api-harness';
import type {
  Anomalies,
  Dtcs,
  Events,
  TelemetrySeries,
  TripRoute,
  Trips,
  VehicleDetail,
} from '../support/responses';
import { FIXTURE_NOW, TRIP_ID, TRIP_POINTS, vinOf } from '../support/fleet-fixture';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(() => api.close());

describe('GET /vehicles/{vin}', () => {
  it('joins static data, devices with software and last job, latest telemetry and issues', async () => {
    const { status, body } = await api.call<VehicleDetail>('GET', `/vehicles/${vinOf(0)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      vin: vinOf(0),
      make: 'Ford',
      model: 'Transit',
      year: 2018,
      status: 'alert',
      devices: [
        {
          deviceId: 'tcu-0',
          softwareVersion: '1.0.0',
          thingTypeName: 'fleet-vehicle',
          lastJob: { jobId: 'ota-1', status: 'SUCCEEDED' },
        },
      ],
      latestTelemetry: {
        deviceId: 'tcu-0',
        position: { lat: 52.52, lon: 13.4 },
        speedKmh: 42,
        fuelPercent: 55,
        ignitionStatus: 'run',
        sendTimestamp: new Date(FIXTURE_NOW - 10_000).toISOString(),
      },
      troubleCodes: [{ code: 'P0301', deviceId: 'tcu-0' }],
      anomalies: [],
    });
  });

  it('accepts a lower-case VIN, answers 404 for an unknown one and 400 for a malformed one', async () => {
    expect(
      (await api.call<VehicleDetail>('GET', `/vehicles/${vinOf(1).toLowerCase()}`)).body.anomalies,
    ).toEqual([expect.objectContaining({ type: 'over_speed', value: 150, threshold: 130 })]);
    const unknown = await api.call<VehicleDetail>('GET', `/vehicles/${vinOf(99)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NotFound');
    const bad = await api.call<VehicleDetail>('GET', '/vehicles/TOO-SHORT');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([expect.objectContaining({ field: 'vin', in: 'path' })]);
  });
});

describe('vehicle history', () => {
  it('pages events newest first with nextToken', async () => {
    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const { status, body } = await api.call<Events>('GET', `/vehicles/${vinOf(0)}/events`, {
        query: { limit: '3', ...(nextToken ? { nextToken } : {}) },
      });
      expect(status).toBe(200);
      pages.push(body.items.map((e) => e.messageId));
      nextToken = body.nextToken ?? undefined;
    } while (nextToken);
    expect(pages).toEqual([['e0', 'e1', 'e2'], ['e3', 'e4', 'e5'], ['e6']]);
  });

  it('keeps to a time range', async () => {
    const { body } = await api.call<Events>('GET', `/vehicles/${vinOf(0)}/events`, {
      query: {
        from: new Date(FIXTURE_NOW - 2_500_000).toISOString(),
        to: new Date(FIXTURE_NOW - 1_000_000).toISOString(),
      },
    });
    expect(body.items.map((e) => e.messageId)).toEqual(['e1', 'e2', 'e3']);
    expect(body.items[0]).toMatchObject({ eventType: 'tyre_pressure', alert: { value: 'v1' } });
  });

  it('lists trips, DTC changes and anomalies', async () => {
    const trips = await api.call<Trips>('GET', `/vehicles/${vinOf(0)}/trips`);
    expect(trips.body.items).toEqual([
      expect.objectContaining({ tripId: TRIP_ID, distance: 1.2, durationSeconds: 60 }),
    ]);
    const dtcs = await api.call<Dtcs>('GET', `/vehicles/${vinOf(0)}/dtcs`);
    expect(dtcs.body.items.map((d) => [d.code, d.change])).toEqual([
      ['P0171', 'cleared'],
      ['P0301', 'set'],
    ]);
    const anomalies = await api.call<Anomalies>('GET', `/vehicles/${vinOf(0)}/anomalies`);
    expect(anomalies.body.items).toEqual([
      expect.objectContaining({ type: 'over_speed', value: 151, tripId: TRIP_ID }),
    ]);
  });

  it('answers an empty page for a vehicle with no history, and 400 for bad input', async () => {
    expect((await api.call<Events>('GET', `/vehicles/${vinOf(5)}/events`)).body).toEqual({
      items: [],
      nextToken: null,
    });
    const cases: [Record<string, string>, string][] = [
      [{ limit: '101' }, 'limit'],
      [{ from: 'yesterday' }, 'from'],
      [{ from: '2026-11-20T00:00:00Z', to: '2026-11-19T00:00:00Z' }, 'from'],
      [{ nextToken: 'eyJxIjoieCIsImFmdGVyIjpbXX0' }, 'nextToken'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await api.call<Trips>('GET', `/vehicles/${vinOf(0)}/trips`, {
        query,
      });
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body.error.issues[0]!.field).toBe(field);
    }
  });
});

describe('GET /vehicles/route/{tripId}', () => {
  it('returns the trip as a LineString in send order, with times, speeds and the summary', async () => {
    const { status, body } = await api.call<TripRoute>('GET', `/vehicles/route/${TRIP_ID}`);
    expect(status).toBe(200);
    expect(body.type).toBe('Feature');
    const coordinates = body.geometry.coordinates;
    expect(coordinates).toHaveLength(TRIP_POINTS);
    expect(coordinates[0]).toEqual([13.3, 52.5]);
    expect(coordinates.at(-1)![1]).toBeCloseTo(52.5 + (TRIP_POINTS - 1) * 0.001, 6);
    const times = body.properties.timestamps;
    expect([...times].sort()).toEqual(times);
    expect(body.properties.speedsKmh.slice(0, 3)).toEqual([0, 2, 4]);
    expect(body.properties).toMatchObject({
      tripId: TRIP_ID,
      vin: vinOf(0),
      thinned: false,
      summary: { distance: 1.2, durationSeconds: 60, start: { lat: 52.5, lon: 13.3 } },
    });
  });

  it('answers 404 for an unknown trip', async () => {
    expect((await api.call<TripRoute>('GET', '/vehicles/route/no-such-trip')).status).toBe(404);
  });
});

describe('GET /vehicles/{vin}/telemetry', () => {
  const from = new Date(FIXTURE_NOW - 200_000).toISOString();
  const to = new Date(FIXTURE_NOW).toISOString();

  it('buckets speed, fuel and oil temperature over time', async () => {
    const { status, body } = await api.call<TelemetrySeries>(
      'GET',
      `/vehicles/${vinOf(0)}/telemetry`,
      {
        query: { from, to, interval: '1m' },
      },
    );
    expect(status).toBe(200);
    expect(body.interval).toBe('1m');
    const points = body.points as { samples: number; speedMaxKmh: number | null; time: string }[];
    expect(points.reduce((sum, p) => sum + p.samples, 0)).toBe(TRIP_POINTS);
    expect(Math.max(...points.map((p) => p.speedMaxKmh ?? 0))).toBe((TRIP_POINTS - 1) * 2);
    // Empty buckets are kept, so a chart shows the gap.
    expect(points.some((p) => p.samples === 0 && p.speedMaxKmh === null)).toBe(true);
  });

  it('picks an interval when none is given, and refuses one too small for the range', async () => {
    const auto = await api.call<TelemetrySeries>('GET', `/vehicles/${vinOf(0)}/telemetry`, {
      query: { from, to },
    });
    expect(auto.body.interval).toBe('10s');
    const tooFine = await api.call<TelemetrySeries>('GET', `/vehicles/${vinOf(0)}/telemetry`, {
      query: { from: '2026-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z', interval: '1m' },
    });
    expect(tooFine.status).toBe(400);
    expect(tooFine.body.error.issues[0]!.field).toBe('interval');
    const badInterval = await api.call<TelemetrySeries>('GET', `/vehicles/${vinOf(0)}/telemetry`, {
      query: { interval: '5 minutes' },
    });
    expect(badInterval.body.error.issues[0]!.field).toBe('interval');
  });
});
