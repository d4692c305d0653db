import {
  cities,
  fleet,
  type GeoPoint,
  type JsonBody,
  useFleetIndex,
  aggregate as aggregateFleet,
} from '../../support/contract';

interface Bucket {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
  [subAggregation: string]: JsonBody;
}

const fixture = useFleetIndex('contract-bucket-aggs');

const aggregate = (body: Record<string, unknown>) => aggregateFleet(fixture, body);

function bucketsOf(aggregation: JsonBody): Bucket[] {
  const buckets: Bucket[] = aggregation.buckets;
  return buckets;
}

function keysAndCounts(aggregation: JsonBody): [string | number, number][] {
  return bucketsOf(aggregation).map((bucket) => [bucket.key, bucket.doc_count]);
}

function bucket(aggregation: JsonBody, key: string | number): Bucket {
  const found = bucketsOf(aggregation).find((b) => b.key === key);
  if (!found) throw new Error(`no bucket ${String(key)} in ${JSON.stringify(aggregation)}`);
  return found;
}

/** Counts of the fixture's vehicles per computed key, for grid aggregations. */
function expectedCounts(keyOf: (point: GeoPoint) => string, points?: GeoPoint[]) {
  const counts = new Map<string, number>();
  for (const point of points ?? Object.values(fleet).map((v) => v.geolocation.location)) {
    const key = keyOf(point);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function expectCountOrder(aggregation: JsonBody): void {
  const counts = bucketsOf(aggregation).map((b) => b.doc_count);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
}

/** The slippy-map tile of a point: https://wiki.openstreetmap.org/wiki/Slippy_map_tilenames */
function tileKey(zoom: number): (point: GeoPoint) => string {
  return ({ lat, lon }) => {
    const n = 2 ** zoom;
    const latRad = (lat * Math.PI) / 180;
    const x = Math.floor(((lon + 180) / 360) * n);
    const y = Math.floor(
      ((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n,
    );
    return `${zoom}/${x}/${y}`;
  };
}

/** The standard base-32 geohash of a point. */
function geohash(precision: number): (point: GeoPoint) => string {
  const alphabet = '0123456789bcdefghjkmnpqrstuvwxyz';
  return ({ lat, lon }) => {
    const latRange = [-90, 90];
    const lonRange = [-180, 180];
    let hash = '';
    let bits = 0;
    let value = 0;
    let evenBit = true;
    while (hash.length < precision) {
      const range = evenBit ? lonRange : latRange;
      const coordinate = evenBit ? lon : lat;
      const mid = (range[0]! + range[1]!) / 2;
      value <<= 1;
      if (coordinate >= mid) {
        value |= 1;
        range[0] = mid;
      } else {
        range[1] = mid;
      }
      evenBit = !evenBit;
      if (++bits === 5) {
        hash += alphabet[value];
        bits = 0;
        value = 0;
      }
    }
    return hash;
  };
}

describe('terms', () => {
  it('counts documents per value, by count descending then key ascending', async () => {
    // The default order is [_count desc, _key asc] (source: TermsAggregationBuilder, which
    // wraps its order in a compound order that appends _key asc as the tie-breaker).
    const makes = (await aggregate({ aggs: { makes: { terms: { field: 'make' } } } })).makes;
    expect(keysAndCounts(makes)).toEqual([
      ['Renault', 2],
      ['Volkswagen', 2],
      ['Volvo', 2],
      ['Ford', 1],
      ['Toyota', 1],
    ]);
    expect(makes.doc_count_error_upper_bound).toBe(0);
    expect(makes.sum_other_doc_count).toBe(0);
  });

  it('returns size buckets and counts the rest in sum_other_doc_count', async () => {
    const makes = (await aggregate({ aggs: { makes: { terms: { field: 'make', size: 2 } } } }))
      .makes;
    expect(keysAndCounts(makes)).toEqual([
      ['Renault', 2],
      ['Volkswagen', 2],
    ]);
    expect(makes.sum_other_doc_count).toBe(4);
  });

  it('orders by _key or _count as asked', async () => {
    const byKey = (
      await aggregate({ aggs: { makes: { terms: { field: 'make', order: { _key: 'desc' } } } } })
    ).makes;
    expect(bucketsOf(byKey).map((b) => b.key)).toEqual([
      'Volvo',
      'Volkswagen',
      'Toyota',
      'Renault',
      'Ford',
    ]);
    const byCount = (
      await aggregate({ aggs: { makes: { terms: { field: 'make', order: { _count: 'asc' } } } } })
    ).makes;
    expect(keysAndCounts(byCount)).toEqual([
      ['Ford', 1],
      ['Toyota', 1],
      ['Renault', 2],
      ['Volkswagen', 2],
      ['Volvo', 2],
    ]);
  });

  it('keys numeric fields by number', async () => {
    const years = (
      await aggregate({ aggs: { years: { terms: { field: 'year', order: { _key: 'asc' } } } } })
    ).years;
    expect(keysAndCounts(years)).toEqual([
      [2017, 1],
      [2018, 1],
      [2019, 2],
      [2020, 1],
      [2021, 1],
      [2022, 1],
      [2023, 1],
    ]);
  });

  it('runs sub-aggregations in each bucket', async () => {
    const makes = (
      await aggregate({
        aggs: {
          makes: {
            terms: { field: 'make', order: { _key: 'asc' } },
            aggs: { avg_speed: { avg: { field: 'speed' } }, newest: { max: { field: 'year' } } },
          },
        },
      })
    ).makes;
    const summary = bucketsOf(makes).map((b): unknown[] => [
      b.key,
      b.avg_speed.value,
      b.newest.value,
    ]);
    expect(summary).toEqual([
      ['Ford', 120, 2017],
      ['Renault', 47.375, 2019],
      // The Prius reports no speed: the average of nothing is null.
      ['Toyota', null, 2023],
      ['Volkswagen', 65.25, 2021],
      ['Volvo', 52.625, 2022],
    ]);
  });
});

describe('filter', () => {
  it('counts the matching documents and aggregates over them', async () => {
    const recent = (
      await aggregate({
        aggs: {
          recent: {
            filter: { range: { year: { gte: 2020 } } },
            aggs: { makes: { terms: { field: 'make' } } },
          },
        },
      })
    ).recent;
    expect(recent.doc_count).toBe(4);
    expect(keysAndCounts(recent.makes)).toEqual([
      ['Volvo', 2],
      ['Toyota', 1],
      ['Volkswagen', 1],
    ]);
  });
});

describe('nested and reverse_nested', () => {
  it('counts trouble codes, and the vehicles that carry each code', async () => {
    const codes = (
      await aggregate({
        aggs: {
          codes: {
            nested: { path: 'trouble_codes' },
            aggs: {
              by_code: {
                terms: { field: 'trouble_codes.code' },
                aggs: {
                  vehicles: {
                    reverse_nested: {},
                    aggs: { makes: { terms: { field: 'make' } } },
                  },
                },
              },
            },
          },
        },
      })
    ).codes;
    // Nine trouble codes on six vehicles; v6 reports P0301 twice.
    expect(codes.doc_count).toBe(9);
    expect(keysAndCounts(codes.by_code)).toEqual([
      ['P0301', 4],
      ['P0420', 3],
      ['P0171', 2],
    ]);
    const p0301 = bucket(codes.by_code, 'P0301');
    expect(p0301.vehicles.doc_count).toBe(3);
    expect(keysAndCounts(p0301.vehicles.makes)).toEqual([
      ['Renault', 2],
      ['Volkswagen', 1],
    ]);
    expect(bucket(codes.by_code, 'P0420').vehicles.doc_count).toBe(3);
    expect(bucket(codes.by_code, 'P0171').vehicles.doc_count).toBe(2);
  });

  it('nests a filter on the trouble codes, within the vehicles of the query', async () => {
    const codes = (
      await aggregate({
        query: { terms: { make: ['Volkswagen', 'Renault', 'Ford'] } },
        aggs: {
          codes: {
            nested: { path: 'trouble_codes' },
            aggs: {
              high: {
                filter: { term: { 'trouble_codes.severity': 'high' } },
                aggs: {
                  by_code: {
                    terms: { field: 'trouble_codes.code' },
                    aggs: { vehicles: { reverse_nested: {} } },
                  },
                },
              },
            },
          },
        },
      })
    ).codes;
    // v1 (2), v2 (1), v5 (1), v6 (3), v8 (1).
    expect(codes.doc_count).toBe(8);
    expect(codes.high.doc_count).toBe(4);
    expect(keysAndCounts(codes.high.by_code)).toEqual([
      ['P0301', 2],
      ['P0171', 1],
      ['P0420', 1],
    ]);
    expect(bucket(codes.high.by_code, 'P0301').vehicles.doc_count).toBe(2);
  });
});

describe('geotile_grid', () => {
  it('buckets points by z/x/y tile, most populated first', async () => {
    const tiles = (
      await aggregate({
        aggs: { tiles: { geotile_grid: { field: 'geolocation.location', precision: 5 } } },
      })
    ).tiles;
    const expected = expectedCounts(tileKey(5));
    expect(new Map(keysAndCounts(tiles) as [string, number][])).toEqual(expected);
    expectCountOrder(tiles);
    // Spot check of the formula itself: Paris and Lyon share a tile at zoom 5.
    expect(expected.get('5/16/11')).toBe(2);
  });

  it('puts the whole world in tile 0/0/0 at precision 0', async () => {
    const tiles = (
      await aggregate({
        aggs: { tiles: { geotile_grid: { field: 'geolocation.location', precision: 0 } } },
      })
    ).tiles;
    expect(keysAndCounts(tiles)).toEqual([['0/0/0', 8]]);
  });

  it('returns only the most populated tiles with size', async () => {
    const tiles = (
      await aggregate({
        aggs: {
          tiles: { geotile_grid: { field: 'geolocation.location', precision: 5, size: 2 } },
        },
      })
    ).tiles;
    const keys = bucketsOf(tiles).map((b) => b.key);
    const twoVehicleTiles = [...expectedCounts(tileKey(5))]
      .filter(([, count]) => count === 2)
      .map(([key]) => key);
    expect(twoVehicleTiles).toHaveLength(2);
    expect([...keys].sort()).toEqual([...twoVehicleTiles].sort());
  });

  it('keeps only tiles within bounds, with a centroid per tile', async () => {
    // Europe; the tiles of Sydney and Chicago are far outside it.
    const tiles = (
      await aggregate({
        aggs: {
          tiles: {
            geotile_grid: {
              field: 'geolocation.location',
              precision: 5,
              bounds: { top_left: { lat: 72, lon: -25 }, bottom_right: { lat: 34, lon: 45 } },
            },
            aggs: { centre: { geo_centroid: { field: 'geolocation.location' } } },
          },
        },
      })
    ).tiles;
    const european = [
      cities.berlin,
      cities.hamburg,
      cities.stockholm,
      cities.gothenburg,
      cities.paris,
      cities.lyon,
    ];
    expect(new Map(keysAndCounts(tiles) as [string, number][])).toEqual(
      expectedCounts(tileKey(5), european),
    );
    const france = bucket(tiles, tileKey(5)(cities.paris));
    expect(france.doc_count).toBe(2);
    expect(france.centre.count).toBe(2);
    expect(france.centre.location.lat).toBeCloseTo((cities.paris.lat + cities.lyon.lat) / 2, 4);
    expect(france.centre.location.lon).toBeCloseTo((cities.paris.lon + cities.lyon.lon) / 2, 4);
  });
});

describe('geohash_grid', () => {
  it('buckets points by geohash cell', async () => {
    const cells = (
      await aggregate({
        aggs: { cells: { geohash_grid: { field: 'geolocation.location', precision: 2 } } },
      })
    ).cells;
    const expected = expectedCounts(geohash(2));
    expect(new Map(keysAndCounts(cells) as [string, number][])).toEqual(expected);
    expectCountOrder(cells);
    // Spot check of the encoder: Berlin is in u3 (its precision-5 cell is u33dc).
    expect(geohash(5)(cities.berlin)).toBe('u33dc');
  });

  it('returns only the most populated cells with size', async () => {
    const cells = (
      await aggregate({
        aggs: { cells: { geohash_grid: { field: 'geolocation.location', precision: 2, size: 2 } } },
      })
    ).cells;
    const keys = bucketsOf(cells).map((b) => b.key);
    expect([...keys].sort()).toEqual(['u0', 'u6']);
  });
});

describe('date_histogram', () => {
  const day = (date: string) => Date.parse(`${date}T00:00:00Z`);

  it('with calendar_interval, fills the empty days between the first and the last', async () => {
    const days = (
      await aggregate({
        aggs: {
          days: {
            date_histogram: { field: 'sendtimestamp', calendar_interval: 'day' },
            aggs: { top_speed: { max: { field: 'speed' } } },
          },
        },
      })
    ).days;
    expect(bucketsOf(days).map((b) => [b.key_as_string, b.key, b.doc_count])).toEqual([
      ['2024-03-01T00:00:00.000Z', day('2024-03-01'), 3],
      // min_doc_count defaults to 0: an empty day inside the range is a bucket.
      ['2024-03-02T00:00:00.000Z', day('2024-03-02'), 0],
      ['2024-03-03T00:00:00.000Z', day('2024-03-03'), 2],
      ['2024-03-04T00:00:00.000Z', day('2024-03-04'), 2],
      ['2024-03-05T00:00:00.000Z', day('2024-03-05'), 1],
    ]);
    expect(bucketsOf(days).map((b): unknown => b.top_speed.value)).toEqual([
      88,
      null,
      105.25,
      64.75,
      120,
    ]);
  });

  it('formats keys with format and drops empty buckets with min_doc_count 1', async () => {
    const days = (
      await aggregate({
        aggs: {
          days: {
            date_histogram: {
              field: 'sendtimestamp',
              calendar_interval: '1d',
              format: 'yyyy-MM-dd',
              min_doc_count: 1,
            },
          },
        },
      })
    ).days;
    expect(bucketsOf(days).map((b) => [b.key_as_string, b.key, b.doc_count])).toEqual([
      ['2024-03-01', day('2024-03-01'), 3],
      ['2024-03-03', day('2024-03-03'), 2],
      ['2024-03-04', day('2024-03-04'), 2],
      ['2024-03-05', day('2024-03-05'), 1],
    ]);
  });

  it('with calendar_interval month, starts the bucket on the first of the month', async () => {
    const months = (
      await aggregate({
        aggs: {
          months: { date_histogram: { field: 'sendtimestamp', calendar_interval: 'month' } },
        },
      })
    ).months;
    expect(bucketsOf(months).map((b) => [b.key_as_string, b.key, b.doc_count])).toEqual([
      ['2024-03-01T00:00:00.000Z', day('2024-03-01'), 8],
    ]);
  });

  it('with fixed_interval, buckets by a fixed duration, empty buckets included', async () => {
    const halfHours = (
      await aggregate({
        query: { range: { sendtimestamp: { lt: '2024-03-02' } } },
        aggs: {
          half_hours: { date_histogram: { field: 'sendtimestamp', fixed_interval: '30m' } },
        },
      })
    ).half_hours;
    expect(bucketsOf(halfHours).map((b) => [b.key_as_string, b.key, b.doc_count])).toEqual([
      ['2024-03-01T08:00:00.000Z', Date.parse('2024-03-01T08:00:00Z'), 1],
      ['2024-03-01T08:30:00.000Z', Date.parse('2024-03-01T08:30:00Z'), 0],
      ['2024-03-01T09:00:00.000Z', Date.parse('2024-03-01T09:00:00Z'), 0],
      ['2024-03-01T09:30:00.000Z', Date.parse('2024-03-01T09:30:00Z'), 1],
      ['2024-03-01T10:00:00.000Z', Date.parse('2024-03-01T10:00:00Z'), 1],
    ]);
  });
});
