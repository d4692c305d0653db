import { badRequest } from '../errors';

export interface GeoPoint {
  lat: number;
  lon: number;
}

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

export function geohashDecode(hash: string): GeoPoint | undefined {
  let latMin = -90;
  let latMax = 90;
  let lonMin = -180;
  let lonMax = 180;
  let even = true;
  for (const ch of hash.toLowerCase()) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) return undefined;
    for (let bit = 4; bit >= 0; bit--) {
      const on = (idx >> bit) & 1;
      if (even) {
        const mid = (lonMin + lonMax) / 2;
        if (on) lonMin = mid;
        else lonMax = mid;
      } else {
        const mid = (latMin + latMax) / 2;
        if (on) latMin = mid;
        else latMax = mid;
      }
      even = !even;
    }
  }
  return { lat: (latMin + latMax) / 2, lon: (lonMin + lonMax) / 2 };
}

export function geohashEncode(lat: number, lon: number, precision: number): string {
  let latMin = -90;
  let latMax = 90;
  let lonMin = -180;
  let lonMax = 180;
  let even = true;
  let out = '';
  let bits = 0;
  let value = 0;
  while (out.length < precision) {
    if (even) {
      const mid = (lonMin + lonMax) / 2;
      if (lon >= mid) {
        value = (value << 1) | 1;
        lonMin = mid;
      } else {
        value <<= 1;
        lonMax = mid;
      }
    } else {
      const mid = (latMin + latMax) / 2;
      if (lat >= mid) {
        value = (value << 1) | 1;
        latMin = mid;
      } else {
        value <<= 1;
        latMax = mid;
      }
    }
    even = !even;
    if (++bits === 5) {
      out += BASE32[value];
      bits = 0;
      value = 0;
    }
  }
  return out;
}

function checkRange(point: GeoPoint, raw: unknown): GeoPoint {
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon)) {
    throw badRequest(`failed to parse geo point [${JSON.stringify(raw)}]`, 'parse_exception');
  }
  if (point.lat < -90 || point.lat > 90) {
    throw badRequest(`illegal latitude value [${point.lat}] for ${JSON.stringify(raw)}`);
  }
  if (point.lon < -180 || point.lon > 180) {
    throw badRequest(`illegal longitude value [${point.lon}] for ${JSON.stringify(raw)}`);
  }
  return point;
}

const POINT_WKT = /^\s*POINT\s*\(\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)\s*\)\s*$/i;
const LAT_LON_STRING = /^\s*(-?[\d.eE+-]+)\s*,\s*(-?[\d.eE+-]+)\s*$/;

/** Parses every geo_point format OpenSearch accepts: object, [lon, lat], "lat,lon", geohash, WKT. */
export function parseGeoPoint(raw: unknown): GeoPoint {
  if (Array.isArray(raw)) {
    if (raw.length < 2 || raw.length > 3 || !raw.every((v) => typeof v === 'number')) {
      throw badRequest(`failed to parse geo point [${JSON.stringify(raw)}]`, 'parse_exception');
    }
    return checkRange({ lon: raw[0] as number, lat: raw[1] as number }, raw);
  }
  if (typeof raw === 'string') {
    const wkt = POINT_WKT.exec(raw);
    if (wkt) return checkRange({ lon: Number(wkt[1]), lat: Number(wkt[2]) }, raw);
    const pair = LAT_LON_STRING.exec(raw);
    if (pair) return checkRange({ lat: Number(pair[1]), lon: Number(pair[2]) }, raw);
    const decoded = /^[0-9a-z]{1,12}$/i.test(raw) ? geohashDecode(raw) : undefined;
    if (decoded) return decoded;
    throw badRequest(`failed to parse geo point [${raw}]`, 'parse_exception');
  }
  if (raw !== null && typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    const lat = typeof o.lat === 'string' ? Number(o.lat) : o.lat;
    const lon = typeof o.lon === 'string' ? Number(o.lon) : o.lon;
    if (typeof lat !== 'number' || typeof lon !== 'number') {
      throw badRequest(
        `field [lat] and [lon] must be set for geo point ${JSON.stringify(raw)}`,
        'parse_exception',
      );
    }
    return checkRange({ lat, lon }, raw);
  }
  throw badRequest(`failed to parse geo point [${JSON.stringify(raw)}]`, 'parse_exception');
}

const EARTH_RADIUS_M = 6_371_008.7714;

export function haversineMetres(a: GeoPoint, lat: number, lon: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat - a.lat) * toRad;
  const dLon = (lon - a.lon) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * toRad) * Math.cos(lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

const DISTANCE_UNITS: Record<string, number> = {
  mi: 1609.344,
  miles: 1609.344,
  yd: 0.9144,
  yards: 0.9144,
  ft: 0.3048,
  feet: 0.3048,
  in: 0.0254,
  inch: 0.0254,
  km: 1000,
  kilometers: 1000,
  m: 1,
  meters: 1,
  cm: 0.01,
  centimeters: 0.01,
  mm: 0.001,
  millimeters: 0.001,
  nmi: 1852,
  NM: 1852,
  nauticalmiles: 1852,
};

/** "12km", "500m", 1500 (metres) → metres. */
export function parseDistance(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') {
    const m = /^\s*([\d.]+)\s*([a-zA-Z]*)\s*$/.exec(raw);
    if (m) {
      const factor = m[2] ? DISTANCE_UNITS[m[2]] : 1;
      if (factor !== undefined) return Number(m[1]) * factor;
    }
  }
  throw badRequest(`failed to parse distance [${JSON.stringify(raw)}]`, 'parse_exception');
}

/** Slippy-map tile of a point at zoom `z`, as OpenSearch's geotile_grid computes it. */
export function geotileOf(lat: number, lon: number, z: number): { x: number; y: number } {
  const tiles = 2 ** z;
  let x = Math.floor(((lon + 180) / 360) * tiles);
  const latRad = (Math.max(-85.05112878, Math.min(85.05112878, lat)) * Math.PI) / 180;
  let y = Math.floor(
    ((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * tiles,
  );
  if (x >= tiles) x = tiles - 1;
  if (x < 0) x = 0;
  if (y >= tiles) y = tiles - 1;
  if (y < 0) y = 0;
  return { x, y };
}

/** Bounds of a geotile, as {top, left, bottom, right}. */
export function geotileBounds(z: number, x: number, y: number) {
  const tiles = 2 ** z;
  const lonOf = (tx: number) => (tx / tiles) * 360 - 180;
  const latOf = (ty: number) =>
    (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / tiles))) * 180) / Math.PI;
  return { top: latOf(y), left: lonOf(x), bottom: latOf(y + 1), right: lonOf(x + 1) };
}
