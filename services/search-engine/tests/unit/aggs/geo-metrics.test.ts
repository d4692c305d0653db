import { FLEET, aggregate, at, buildShard, errorOf } from './fleet-fixture';

const locations = FLEET.map((v) => v.geolocation!.location as { lat: number; lon: number });
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('geo_centroid', () => {
  const shard = buildShard(FLEET);

  it('averages the points of the bucket', () => {
    const result = aggregate(shard, {
      center: { geo_centroid: { field: 'geolocation.location' } },
    });
    expect(Object.keys(result.center as object)).toEqual(['location', 'count']);
    expect(at(result, 'center.count')).toBe(6);
    expect(at(result, 'center.location.lat')).toBeCloseTo(mean(locations.map((p) => p.lat)), 6);
    expect(at(result, 'center.location.lon')).toBeCloseTo(mean(locations.map((p) => p.lon)), 6);
  });

  it('computes on 32-bit encoded coordinates, as OpenSearch doc values store them', () => {
    const result = aggregate(
      shard,
      { center: { geo_centroid: { field: 'geolocation.location' } } },
      ['V4'],
    );
    const lat = at(result, 'center.location.lat') as number;
    expect(lat).not.toBe(51.2229);
    expect(Math.abs(lat - 51.2229)).toBeLessThan(180 / 2 ** 32);
    expect(Number.isInteger(lat / (1 / (2 ** 32 / 180)))).toBe(true);
  });

  it('answers only a zero count without points', () => {
    expect(
      aggregate(shard, { center: { geo_centroid: { field: 'geolocation.location' } } }, []),
    ).toEqual({
      center: { count: 0 },
    });
  });

  it('counts every point of multi-valued documents', () => {
    const multi = buildShard([
      {
        vin: 'M',
        geolocation: {
          location: [
            { lat: 10, lon: 20 },
            { lat: 20, lon: 40 },
          ],
        },
      },
    ]);
    const result = aggregate(multi, { c: { geo_centroid: { field: 'geolocation.location' } } });
    expect(at(result, 'c.count')).toBe(2);
    expect(at(result, 'c.location.lat')).toBeCloseTo(15, 6);
    expect(at(result, 'c.location.lon')).toBeCloseTo(30, 6);
  });
});

describe('geo_bounds', () => {
  const shard = buildShard(FLEET);

  it('answers the box around the points', () => {
    const result = aggregate(shard, { box: { geo_bounds: { field: 'geolocation.location' } } });
    expect(Object.keys(at(result, 'box.bounds') as object)).toEqual(['top_left', 'bottom_right']);
    expect(at(result, 'box.bounds.top_left.lat')).toBeCloseTo(52.374081, 6);
    expect(at(result, 'box.bounds.top_left.lon')).toBeCloseTo(2.327, 6);
    expect(at(result, 'box.bounds.bottom_right.lat')).toBeCloseTo(48.86, 6);
    expect(at(result, 'box.bounds.bottom_right.lon')).toBeCloseTo(4.914722, 6);
  });

  it('wraps across the antimeridian unless wrap_longitude is false', () => {
    const pacific = buildShard([
      { vin: 'P1', geolocation: { location: { lat: 10, lon: 170 } } },
      { vin: 'P2', geolocation: { location: { lat: -10, lon: -170 } } },
    ]);
    const wrapped = aggregate(pacific, { box: { geo_bounds: { field: 'geolocation.location' } } });
    expect(at(wrapped, 'box.bounds.top_left.lon')).toBeCloseTo(170, 6);
    expect(at(wrapped, 'box.bounds.bottom_right.lon')).toBeCloseTo(-170, 6);
    const flat = aggregate(pacific, {
      box: { geo_bounds: { field: 'geolocation.location', wrap_longitude: false } },
    });
    expect(at(flat, 'box.bounds.top_left.lon')).toBeCloseTo(-170, 6);
    expect(at(flat, 'box.bounds.bottom_right.lon')).toBeCloseTo(170, 6);
  });

  it('has no bounds key without points', () => {
    expect(
      aggregate(shard, { box: { geo_bounds: { field: 'geolocation.location' } } }, []),
    ).toEqual({ box: {} });
  });

  it('refuses non-geo fields and unknown parameters', () => {
    expect(errorOf(() => aggregate(shard, { b: { geo_bounds: { field: 'speed' } } })).reason).toBe(
      'Field [speed] of type [float] is not supported for aggregation [geo_bounds]',
    );
    const unknown = errorOf(() =>
      aggregate(shard, { b: { geo_bounds: { field: 'geolocation.location', wrap: true } } }),
    );
    expect(unknown.type).toBe('x_content_parse_exception');
    expect(unknown.reason).toBe('[geo_bounds] unknown field [wrap]');
  });
});
