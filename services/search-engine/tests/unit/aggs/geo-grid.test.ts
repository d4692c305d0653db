import { FLEET, aggregate, at, buildShard, errorOf, randomFleet } from './fleet-fixture';

/** The slippy-map tile formula (OpenStreetMap wiki), written independently of the engine. */
function slippyTile(lat: number, lon: number, zoom: number): string {
  const n = 2 ** zoom;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return `${zoom}/${x}/${y}`;
}

/** Textbook geohash by bisection, written independently of the engine. */
function geohash(lat: number, lon: number, precision: number): string {
  const alphabet = '0123456789bcdefghjkmnpqrstuvwxyz';
  const lat0 = [-90, 90];
  const lon0 = [-180, 180];
  let bits = '';
  while (bits.length < precision * 5) {
    const range = bits.length % 2 === 0 ? lon0 : lat0;
    const value = bits.length % 2 === 0 ? lon : lat;
    const mid = (range[0]! + range[1]!) / 2;
    if (value >= mid) {
      bits += '1';
      range[0] = mid;
    } else {
      bits += '0';
      range[1] = mid;
    }
  }
  return Array.from(
    { length: precision },
    (_, i) => alphabet[parseInt(bits.slice(i * 5, i * 5 + 5), 2)],
  ).join('');
}

function location(vin: string): { lat: number; lon: number } {
  const loc = FLEET.find((v) => v.vin === vin)!.geolocation!.location;
  if (typeof loc === 'string') throw new Error('fixture locations are objects');
  return loc;
}

describe('geotile_grid aggregation', () => {
  const shard = buildShard(FLEET);

  it("matches OpenSearch's YAML test: Amsterdam, Paris, Antwerp at precision 8", () => {
    expect(
      aggregate(shard, { grid: { geotile_grid: { field: 'geolocation.location', precision: 8 } } }),
    ).toEqual({
      grid: {
        buckets: [
          { key: '8/131/84', doc_count: 3 },
          { key: '8/129/88', doc_count: 2 },
          { key: '8/131/85', doc_count: 1 },
        ],
      },
    });
  });

  it('keys every vehicle by its slippy-map tile at several precisions', () => {
    for (const zoom of [0, 3, 11, 16, 27, 29]) {
      for (const vehicle of FLEET) {
        const { lat, lon } = location(vehicle.vin);
        const result = aggregate(
          shard,
          { grid: { geotile_grid: { field: 'geolocation.location', precision: zoom } } },
          [vehicle.vin],
        );
        expect(at(result, 'grid.buckets')).toEqual([
          { key: slippyTile(lat, lon, zoom), doc_count: 1 },
        ]);
      }
    }
  });

  it('defaults to precision 7 and sorts equal counts by descending tile hash', () => {
    const points = [
      { lat: 10, lon: 10 },
      { lat: -10, lon: 10 },
      { lat: 10, lon: -10 },
      { lat: -10, lon: -10 },
      { lat: 10.01, lon: -10.01 },
      { lat: -40, lon: 120 },
    ];
    const grid = buildShard(
      points.map((location, i) => ({ vin: `G${i}`, geolocation: { location } })),
    );
    const result = aggregate(grid, { grid: { geotile_grid: { field: 'geolocation.location' } } });
    const counts = new Map<string, number>();
    for (const p of points) {
      const key = slippyTile(p.lat, p.lon, 7);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // Doc count first; then x, then y, both descending: OpenSearch's priority queue on the long hash.
    const expected = [...counts.keys()].sort((a, b) => {
      const [, ax, ay] = a.split('/').map(Number);
      const [, bx, by] = b.split('/').map(Number);
      return counts.get(b)! - counts.get(a)! || bx! - ax! || by! - ay!;
    });
    expect(counts.size).toBe(5);
    expect(at(result, 'grid.buckets')).toEqual(
      expected.map((key) => ({ key, doc_count: counts.get(key) })),
    );
  });

  it('keeps the size fullest cells', () => {
    const result = aggregate(shard, {
      grid: { geotile_grid: { field: 'geolocation.location', precision: 8, size: 2 } },
    });
    expect(at(result, 'grid.buckets')).toEqual([
      { key: '8/131/84', doc_count: 3 },
      { key: '8/129/88', doc_count: 2 },
    ]);
  });

  it('only counts points inside the bounds', () => {
    const bounds = { top_left: { lat: 53, lon: 4 }, bottom_right: { lat: 51, lon: 5 } };
    const result = aggregate(shard, {
      grid: { geotile_grid: { field: 'geolocation.location', precision: 8, bounds } },
    });
    expect(at(result, 'grid.buckets')).toEqual([
      { key: '8/131/84', doc_count: 3 },
      { key: '8/131/85', doc_count: 1 },
    ]);
    const sides = aggregate(shard, {
      grid: {
        geotile_grid: {
          field: 'geolocation.location',
          precision: 8,
          bounds: { top: 49, left: 2, bottom: 48, right: 3 },
        },
      },
    });
    expect(at(sides, 'grid.buckets')).toEqual([{ key: '8/129/88', doc_count: 2 }]);
  });

  it('runs geo_centroid on each cell', () => {
    const result = aggregate(shard, {
      grid: {
        geotile_grid: { field: 'geolocation.location', precision: 8 },
        aggs: { center: { geo_centroid: { field: 'geolocation.location' } } },
      },
    });
    const amsterdam = ['V1', 'V2', 'V3'].map(location);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const center = at(result, 'grid.buckets.0.center') as {
      location: { lat: number; lon: number };
      count: number;
    };
    expect(center.count).toBe(3);
    expect(center.location.lat).toBeCloseTo(mean(amsterdam.map((p) => p.lat)), 6);
    expect(center.location.lon).toBeCloseTo(mean(amsterdam.map((p) => p.lon)), 6);
    expect(at(result, 'grid.buckets.2.center.count')).toBe(1);
    expect(at(result, 'grid.buckets.2.center.location.lat')).toBeCloseTo(location('V4').lat, 6);
  });

  it('groups a larger fleet exactly like a per-point tile count', () => {
    const fleet = randomFleet(2000);
    const big = buildShard(fleet);
    const expected = new Map<string, number>();
    for (const v of fleet) {
      const loc = v.geolocation!.location as { lat: number; lon: number };
      const key = slippyTile(loc.lat, loc.lon, 4);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const result = aggregate(big, {
      grid: { geotile_grid: { field: 'geolocation.location', precision: 4 } },
    });
    const buckets = at(result, 'grid.buckets') as { key: string; doc_count: number }[];
    expect(new Map(buckets.map((b) => [b.key, b.doc_count]))).toEqual(expected);
    const counts = buckets.map((b) => b.doc_count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('rejects precision outside 0-29 as OpenSearch does', () => {
    const err = errorOf(() =>
      aggregate(shard, {
        grid: { geotile_grid: { field: 'geolocation.location', precision: 30 } },
      }),
    );
    expect(err.status).toBe(400);
    expect(err.type).toBe('x_content_parse_exception');
    expect(err.reason).toBe('[geotile_grid] failed to parse field [precision]');
    expect(err.extra.caused_by).toEqual({
      type: 'illegal_argument_exception',
      reason: 'Invalid geotile_grid precision of 30. Must be between 0 and 29.',
    });
  });

  it('rejects unknown parameters, bad sizes and non-geo fields', () => {
    const unknown = errorOf(() =>
      aggregate(shard, { grid: { geotile_grid: { field: 'geolocation.location', zoom: 3 } } }),
    );
    expect(unknown.type).toBe('x_content_parse_exception');
    expect(unknown.reason).toBe('[geotile_grid] unknown field [zoom]');
    const size = errorOf(() =>
      aggregate(shard, { grid: { geotile_grid: { field: 'geolocation.location', size: -1 } } }),
    );
    expect(size.extra.caused_by).toEqual({
      type: 'illegal_argument_exception',
      reason: '[size] must be greater than 0. Found [-1] in [grid]',
    });
    const keyword = errorOf(() => aggregate(shard, { grid: { geotile_grid: { field: 'make' } } }));
    expect(keyword.reason).toBe(
      'Field [make] of type [keyword] is not supported for aggregation [geotile_grid]',
    );
  });
});

describe('geohash_grid aggregation', () => {
  const shard = buildShard(FLEET);

  it('keys vehicles by geohash, default precision 5', () => {
    const result = aggregate(shard, { grid: { geohash_grid: { field: 'geolocation.location' } } });
    const expected = new Map<string, number>();
    for (const v of FLEET) {
      const { lat, lon } = location(v.vin);
      const key = geohash(lat, lon, 5);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const buckets = at(result, 'grid.buckets') as { key: string; doc_count: number }[];
    expect(new Map(buckets.map((b) => [b.key, b.doc_count]))).toEqual(expected);
    expect(buckets[0]).toEqual({ key: geohash(52.374081, 4.91235, 5), doc_count: 3 });
  });

  it('computes the same cells at every precision, ties by descending geohash', () => {
    for (const precision of [1, 3, 7, 10, 11, 12]) {
      const result = aggregate(
        shard,
        { g: { geohash_grid: { field: 'geolocation.location', precision } } },
        ['V1', 'V4', 'V5'],
      );
      const keys = ['V1', 'V4', 'V5'].map((vin) =>
        geohash(location(vin).lat, location(vin).lon, precision),
      );
      const distinct = [...new Set(keys)].sort().reverse();
      const counts = new Map<string, number>();
      for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
      const expected = distinct
        .map((key) => ({ key, doc_count: counts.get(key)! }))
        .sort((a, b) => b.doc_count - a.doc_count);
      expect(at(result, 'g.buckets')).toEqual(expected);
    }
  });

  it('rejects precision outside 1-12 and distance precisions', () => {
    const err = errorOf(() =>
      aggregate(shard, { g: { geohash_grid: { field: 'geolocation.location', precision: 13 } } }),
    );
    expect(err.reason).toBe('[geohash_grid] failed to parse field [precision]');
    expect(err.extra.caused_by).toEqual({
      type: 'illegal_argument_exception',
      reason: 'Invalid geohash aggregation precision of 13. Must be between 1 and 12.',
    });
    const distance = errorOf(() =>
      aggregate(shard, {
        g: { geohash_grid: { field: 'geolocation.location', precision: '1km' } },
      }),
    );
    expect(distance.status).toBe(400);
    expect(distance.reason).toContain('not supported');
  });
});
