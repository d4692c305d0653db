import {
  geohashDecode,
  geohashEncode,
  geotileOf,
  haversineMetres,
  parseDistance,
  parseGeoPoint,
} from '../../src/util/geo';

describe('geo', () => {
  it('parses every geo_point format OpenSearch accepts', () => {
    expect(parseGeoPoint({ lat: 48.86, lon: 2.35 })).toEqual({ lat: 48.86, lon: 2.35 });
    expect(parseGeoPoint([2.35, 48.86])).toEqual({ lat: 48.86, lon: 2.35 });
    expect(parseGeoPoint('48.86,2.35')).toEqual({ lat: 48.86, lon: 2.35 });
    expect(parseGeoPoint('POINT (2.35 48.86)')).toEqual({ lat: 48.86, lon: 2.35 });
    const fromHash = parseGeoPoint('u09tvw0f6szy');
    expect(fromHash.lat).toBeCloseTo(48.8566, 3);
    expect(fromHash.lon).toBeCloseTo(2.3522, 3);
  });

  it('rejects out-of-range and malformed points', () => {
    expect(() => parseGeoPoint({ lat: 91, lon: 0 })).toThrow(/latitude/);
    expect(() => parseGeoPoint({ lat: 0, lon: 181 })).toThrow(/longitude/);
    expect(() => parseGeoPoint('somewhere')).toThrow();
    expect(() => parseGeoPoint({ lat: 'x', lon: 1 })).toThrow();
  });

  it('encodes geohashes that decode back inside the cell', () => {
    const hash = geohashEncode(51.5074, -0.1278, 7);
    expect(hash).toBe('gcpvj0d');
    const back = geohashDecode(hash)!;
    expect(back.lat).toBeCloseTo(51.5074, 2);
    expect(back.lon).toBeCloseTo(-0.1278, 2);
  });

  it('computes slippy-map tiles', () => {
    expect(geotileOf(0, 0, 0)).toEqual({ x: 0, y: 0 });
    expect(geotileOf(51.5074, -0.1278, 10)).toEqual({ x: 511, y: 340 });
    expect(geotileOf(-33.87, 151.21, 3)).toEqual({ x: 7, y: 4 });
    expect(geotileOf(90, 180, 2)).toEqual({ x: 3, y: 0 });
  });

  it('measures great-circle distances and parses units', () => {
    const paris = { lat: 48.8566, lon: 2.3522 };
    expect(haversineMetres(paris, 51.5074, -0.1278) / 1000).toBeCloseTo(343.5, 0);
    expect(parseDistance('12km')).toBe(12_000);
    expect(parseDistance('1mi')).toBeCloseTo(1609.344);
    expect(parseDistance(250)).toBe(250);
    expect(() => parseDistance('far')).toThrow();
  });
});
