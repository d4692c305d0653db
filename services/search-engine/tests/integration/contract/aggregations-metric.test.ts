import {
  cities,
  fleet,
  type JsonBody,
  vehicle,
  useFleetIndex,
  aggregate as aggregateFleet,
} from '../../support/contract';

const fixture = useFleetIndex('contract-metric-aggs');
const { index } = fixture;

const aggregate = (body: Record<string, unknown>) => aggregateFleet(fixture, body);

const speeds = Object.values(fleet).flatMap((v) => (v.speed === undefined ? [] : [v.speed]));

describe('min, max, avg, sum and value_count', () => {
  it('summarise a numeric field, skipping documents without it', async () => {
    const field = { field: 'speed' };
    const aggs = await aggregate({
      aggs: {
        min: { min: field },
        max: { max: field },
        avg: { avg: field },
        sum: { sum: field },
        count: { value_count: field },
      },
    });
    expect(speeds).toHaveLength(7);
    const sum = speeds.reduce((a, b) => a + b, 0);
    expect(aggs.min).toEqual({ value: Math.min(...speeds) });
    expect(aggs.max).toEqual({ value: Math.max(...speeds) });
    expect(aggs.sum).toEqual({ value: sum });
    expect(aggs.avg.value).toBeCloseTo(sum / speeds.length, 10);
    expect(aggs.count).toEqual({ value: 7 });
  });

  it('summarise an integer field', async () => {
    const aggs = await aggregate({
      aggs: { oldest: { min: { field: 'year' } }, newest: { max: { field: 'year' } } },
    });
    expect(aggs.oldest.value).toBe(2017);
    expect(aggs.newest.value).toBe(2023);
  });

  it('format dates with value_as_string', async () => {
    const aggs = await aggregate({
      aggs: {
        first: { min: { field: 'sendtimestamp' } },
        last: { max: { field: 'sendtimestamp' } },
      },
    });
    expect(aggs.first).toEqual({
      value: Date.parse(vehicle('v1').sendtimestamp),
      value_as_string: '2024-03-01T08:15:00.000Z',
    });
    expect(aggs.last).toEqual({
      value: Date.parse(vehicle('v8').sendtimestamp),
      value_as_string: '2024-03-05T00:00:00.000Z',
    });
  });

  it('apply to the documents of the query only', async () => {
    const aggs = await aggregate({
      query: { term: { make: 'Volvo' } },
      aggs: { avg: { avg: { field: 'speed' } }, count: { value_count: { field: 'vin' } } },
    });
    expect(aggs.avg.value).toBe((vehicle('v3').speed! + vehicle('v4').speed!) / 2);
    expect(aggs.count.value).toBe(2);
  });

  it('answer null for min, max and avg, and 0 for sum and counts, over no documents', async () => {
    const aggs = await aggregate({
      query: { term: { make: 'Tesla' } },
      aggs: {
        min: { min: { field: 'speed' } },
        max: { max: { field: 'speed' } },
        avg: { avg: { field: 'speed' } },
        sum: { sum: { field: 'speed' } },
        count: { value_count: { field: 'speed' } },
        distinct: { cardinality: { field: 'make' } },
      },
    });
    expect(aggs.min.value).toBeNull();
    expect(aggs.max.value).toBeNull();
    expect(aggs.avg.value).toBeNull();
    expect(aggs.sum.value).toBe(0);
    expect(aggs.count.value).toBe(0);
    expect(aggs.distinct.value).toBe(0);
  });
});

describe('cardinality', () => {
  it('counts distinct values (exactly, at this size)', async () => {
    const aggs = await aggregate({
      aggs: {
        makes: { cardinality: { field: 'make' } },
        years: { cardinality: { field: 'year' } },
        vins: { cardinality: { field: 'vin' } },
      },
    });
    expect(aggs.makes).toEqual({ value: 5 });
    expect(aggs.years).toEqual({ value: 7 });
    expect(aggs.vins).toEqual({ value: 8 });
  });
});

describe('geo_centroid', () => {
  it('averages the latitudes and longitudes of the points', async () => {
    const centre = (
      await aggregate({ aggs: { centre: { geo_centroid: { field: 'geolocation.location' } } } })
    ).centre;
    const points = Object.values(fleet).map((v) => v.geolocation.location);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(centre.count).toBe(8);
    // Points are stored quantised (about 1e-7 degrees), hence the tolerance.
    expect(centre.location.lat).toBeCloseTo(mean(points.map((p) => p.lat)), 5);
    expect(centre.location.lon).toBeCloseTo(mean(points.map((p) => p.lon)), 5);
  });
});

describe('geo_bounds', () => {
  it('returns the box around the points of the query', async () => {
    const bounds = (
      await aggregate({
        query: { terms: { make: ['Volkswagen', 'Volvo', 'Renault'] } },
        aggs: { box: { geo_bounds: { field: 'geolocation.location' } } },
      })
    ).box.bounds;
    // Stockholm is the northernmost and easternmost, Lyon the southernmost, Paris the westernmost.
    expect(bounds.top_left.lat).toBeCloseTo(cities.stockholm.lat, 5);
    expect(bounds.top_left.lon).toBeCloseTo(cities.paris.lon, 5);
    expect(bounds.bottom_right.lat).toBeCloseTo(cities.lyon.lat, 5);
    expect(bounds.bottom_right.lon).toBeCloseTo(cities.stockholm.lon, 5);
  });
});

describe('top_hits', () => {
  it('returns the top documents by the given sort, with source filtering', async () => {
    const fastest = (
      await aggregate({
        aggs: {
          fastest: {
            top_hits: { size: 2, sort: [{ speed: 'desc' }], _source: ['vin', 'speed'] },
          },
        },
      })
    ).fastest;
    expect(fastest.hits.total).toEqual({ value: 8, relation: 'eq' });
    expect(fastest.hits.max_score).toBeNull();
    expect(fastest.hits.hits).toHaveLength(2);
    expect(fastest.hits.hits[0]).toMatchObject({
      _index: index,
      _id: 'v8',
      _score: null,
      _source: { vin: vehicle('v8').vin, speed: 120 },
      sort: [120],
    });
    expect(fastest.hits.hits[1]).toMatchObject({
      _id: 'v4',
      _source: { vin: vehicle('v4').vin, speed: 105.25 },
      sort: [105.25],
    });
  });

  it('keeps the latest reading per bucket', async () => {
    const makes = (
      await aggregate({
        aggs: {
          makes: {
            terms: { field: 'make', order: { _key: 'asc' } },
            aggs: {
              latest: {
                top_hits: {
                  size: 1,
                  sort: [{ sendtimestamp: { order: 'desc' } }],
                  _source: { includes: ['vin', 'sendtimestamp'] },
                },
              },
            },
          },
        },
      })
    ).makes;
    const latest = (makes.buckets as JsonBody[]).map((b: JsonBody): unknown[] => {
      const hits: { _id: string; _source: unknown }[] = b.latest.hits.hits;
      return [b.key, b.latest.hits.total.value, hits.map((hit) => [hit._id, hit._source])];
    });
    const reading = (id: string) => ({
      vin: vehicle(id).vin,
      sendtimestamp: vehicle(id).sendtimestamp,
    });
    expect(latest).toEqual([
      ['Ford', 1, [['v8', reading('v8')]]],
      ['Renault', 2, [['v6', reading('v6')]]],
      ['Toyota', 1, [['v7', reading('v7')]]],
      ['Volkswagen', 2, [['v2', reading('v2')]]],
      ['Volvo', 2, [['v4', reading('v4')]]],
    ]);
  });
});
