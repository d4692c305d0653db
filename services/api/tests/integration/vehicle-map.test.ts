import { type ApiHarness, startApiHarness } from '../support/api-harness';
import type { Aggregate, Filtered, Lookup } from '../support/responses';
import { FIXTURE_VEHICLES, vinOf } from '../support/fleet-fixture';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(() => api.close());

const WORLD = '-180,-90,180,90';
const BERLIN = '13.3,52.4,13.5,52.6';

interface Cluster {
  key: string;
  count: number;
  centroid: { lat: number; lon: number };
  bounds: { west: number; south: number; east: number; north: number };
  vin?: string;
}

const facet = (body: Aggregate, name: keyof Aggregate['facets']) =>
  Object.fromEntries(body.facets[name].map((f) => [f.value, f.count]));

describe('GET /vehicles/aggregate', () => {
  it('clusters every vehicle, counts them, and lists the first page', async () => {
    const { status, body } = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '3', bbox: WORLD, limit: '5' },
    });
    expect(status).toBe(200);
    expect(body.total).toBe(12);
    const clusters = body.clusters as Cluster[];
    expect(clusters.reduce((sum, c) => sum + c.count, 0)).toBe(12);
    // At zoom 3 Berlin's six vehicles share one cluster whose centroid lies among them.
    const berlin = clusters.find((c) => c.count === 6)!;
    expect(berlin.centroid.lat).toBeCloseTo(52.53, 1);
    expect(berlin.bounds.south).toBeCloseTo(52.52, 5);
    expect(berlin.bounds.north).toBeCloseTo(52.54, 5);
    expect(berlin.vin).toBeUndefined();
    // A cluster of one names its vehicle.
    const single = clusters.filter((c) => c.count === 1);
    expect(single.map((c) => c.vin).sort()).toEqual([vinOf(10), vinOf(11)]);
    expect(body.vehicles.items.map((v) => v.vin)).toEqual([0, 1, 2, 3, 4].map(vinOf));
    expect(body.vehicles.nextToken).toEqual(expect.any(String));
  });

  it('makes clusters finer as the zoom grows', async () => {
    const coarse = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '3', bbox: BERLIN },
    });
    const fine = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '16', bbox: BERLIN },
    });
    expect(coarse.body.clusters).toHaveLength(1);
    expect(fine.body.clusters).toHaveLength(6);
    expect(fine.body.clusters.every((c) => c.count === 1 && c.vin)).toBe(true);
  });

  it('pages through the list with nextToken, each vehicle once', async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { body } = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
        query: { zoom: '2', limit: '5', ...(nextToken ? { nextToken } : {}) },
      });
      seen.push(...body.vehicles.items.map((v) => v.vin));
      nextToken = body.vehicles.nextToken ?? undefined;
      if (!nextToken) break;
    }
    expect(seen).toEqual(FIXTURE_VEHICLES.map((v) => v.vin));
  });

  it('counts each facet under the other filters only, so a picked make still shows the rest', async () => {
    const { body } = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '2', make: 'Ford' },
    });
    expect(body.total).toBe(4);
    expect(body.clusters.reduce((sum: number, c: Cluster) => sum + c.count, 0)).toBe(4);
    expect(facet(body, 'make')).toEqual({ Ford: 4, Volvo: 4, Toyota: 4 });
    expect(facet(body, 'model')).toEqual({ Transit: 4 });
    expect(facet(body, 'troubleCodes')).toEqual({ P0301: 1 });
    expect(body.vehicles.items.every((v) => v.make === 'Ford')).toBe(true);
  });

  it('counts vehicles, not list entries, for nested facets', async () => {
    const { body } = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '2' },
    });
    // Vehicle 4 has two codes; P0301 is on two vehicles.
    expect(facet(body, 'troubleCodes')).toEqual({ P0301: 2, P0420: 1 });
    expect(facet(body, 'swVersion')).toEqual({ '1.0.0': 8, '1.1.0': 4 });
    expect(facet(body, 'anomalies')).toEqual({ over_speed: 1 });
    expect(facet(body, 'year')).toEqual({
      '2018': 2,
      '2019': 2,
      '2020': 2,
      '2021': 2,
      '2022': 2,
      '2023': 2,
    });
  });

  it('filters by year list and year range', async () => {
    const list = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '2', year: ['2018', '2023'] },
    });
    expect(list.body.total).toBe(4);
    const range = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '2', year: '2019..2021' },
    });
    expect(range.body.total).toBe(6);
    expect(range.body.vehicles.items.every((v) => v.year! >= 2019 && v.year! <= 2021)).toBe(true);
  });

  it('filters by vin prefix and exact vin, software version, trouble code and anomaly', async () => {
    const count = async (query: Record<string, string | string[]>) =>
      (await api.call<Aggregate>('GET', '/vehicles/aggregate', { query: { zoom: '2', ...query } }))
        .body.total;
    expect(await count({ vin: '1fleetveh0000001' })).toBe(2); // 10 and 11; lower case is fine
    expect(await count({ vin: vinOf(3) })).toBe(1);
    expect(await count({ swVersion: '1.1.0' })).toBe(4);
    expect(await count({ troubleCodes: 'P0420' })).toBe(1);
    expect(await count({ troubleCodes: ['P0420', 'P0301'] })).toBe(2);
    expect(await count({ anomalies: 'over_speed' })).toBe(1);
    expect(await count({ make: ['Ford', 'Volvo'], year: '2018..2019' })).toBe(4);
  });

  it('keeps to the bounding box, also across the antimeridian', async () => {
    const berlin = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '5', bbox: BERLIN },
    });
    expect(berlin.body.total).toBe(6);
    const fiji = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '5', bbox: '179,-17,-179,-16' },
    });
    expect(fiji.body.vehicles.items.map((v) => v.vin)).toEqual([vinOf(10), vinOf(11)]);
  });

  it('answers 400 naming each bad parameter', async () => {
    const cases: [Record<string, string | string[]>, string][] = [
      [{}, 'zoom'],
      [{ zoom: '23' }, 'zoom'],
      [{ zoom: 'x' }, 'zoom'],
      [{ zoom: '3', bbox: '1,2,3' }, 'bbox'],
      [{ zoom: '3', bbox: '0,50,10,40' }, 'bbox'],
      [{ zoom: '3', bbox: '0,-91,10,40' }, 'bbox'],
      [{ zoom: '3', year: '20x1' }, 'year.0'],
      [{ zoom: '3', year: '2022..2020' }, 'year.0'],
      [{ zoom: '3', anomalies: 'speeding' }, 'anomalies.0'],
      [{ zoom: '3', vin: 'IOQ' }, 'vin'],
      [{ zoom: '3', limit: '0' }, 'limit'],
      [{ zoom: '3', colour: 'red' }, 'colour'],
      [{ zoom: '3', nextToken: 'not-a-token' }, 'nextToken'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await api.call<Aggregate>('GET', '/vehicles/aggregate', { query });
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body.error.code).toBe('ValidationError');
      expect(body.error.issues.map((i) => i.field)).toContain(field);
    }
  });

  it('refuses a nextToken from a different query', async () => {
    const first = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '2', limit: '2' },
    });
    const replay = await api.call<Aggregate>('GET', '/vehicles/aggregate', {
      query: { zoom: '2', limit: '2', make: 'Ford', nextToken: first.body.vehicles.nextToken! },
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error.issues[0]!.field).toBe('nextToken');
  });
});

describe('GET /vehicles/filter', () => {
  it('returns every vehicle in view with position, heading, speed and status', async () => {
    const { status, body } = await api.call<Filtered>('GET', '/vehicles/filter', {
      query: { bbox: WORLD },
    });
    expect(status).toBe(200);
    expect(body.total).toBe(12);
    expect(body.truncated).toBe(false);
    const byVin = new Map(body.vehicles.map((v) => [v.vin, v]));
    expect(byVin.get(vinOf(2))).toEqual({
      vin: vinOf(2),
      lat: FIXTURE_VEHICLES[2]!.lat,
      lon: FIXTURE_VEHICLES[2]!.lon,
      heading: 90,
      speedKmh: 42,
      status: 'moving',
      statusColour: '#2e7d32',
    });
    expect(byVin.get(vinOf(3))).toMatchObject({ status: 'idle' });
    expect(byVin.get(vinOf(0))).toMatchObject({ status: 'alert' }); // a trouble code
    expect(byVin.get(vinOf(1))).toMatchObject({ status: 'alert' }); // an anomaly
    expect(byVin.get(vinOf(11))).toMatchObject({ status: 'offline', statusColour: '#757575' });
  });

  it('takes the same filters', async () => {
    const { body } = await api.call<Filtered>('GET', '/vehicles/filter', {
      query: { bbox: BERLIN, make: 'Volvo' },
    });
    expect(body.vehicles.map((v) => v.vin)).toEqual([vinOf(1), vinOf(4)]);
  });

  it('answers 400 for a bad filter', async () => {
    const { status, body } = await api.call<Filtered>('GET', '/vehicles/filter', {
      query: { bbox: 'x' },
    });
    expect(status).toBe(400);
    expect(body.error.issues[0]!).toMatchObject({ field: 'bbox', in: 'query' });
  });
});

describe('GET /vehicles/lookup', () => {
  it("finds the vehicle inside a one-vehicle cluster's bounds", async () => {
    const { status, body } = await api.call<Lookup>('GET', '/vehicles/lookup', {
      query: { bbox: '179.8,-16.6,179.95,-16.4' },
    });
    expect(status).toBe(200);
    expect(body.vehicle.vin).toBe(vinOf(10));
    expect(body.matches).toBe(1);
  });

  it('answers 404 when nothing is there, and 400 without a bbox', async () => {
    expect(
      (await api.call<Lookup>('GET', '/vehicles/lookup', { query: { bbox: '0,0,1,1' } })).status,
    ).toBe(404);
    const missing = await api.call<Lookup>('GET', '/vehicles/lookup');
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues[0]!.field).toBe('bbox');
  });
});
