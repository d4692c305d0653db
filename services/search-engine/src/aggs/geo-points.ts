import type { GeoColumn } from '../index/columns';
import type { GeoPoint } from '../util/geo';

/**
 * OpenSearch aggregates geo_points from doc values, which store each coordinate as a 32-bit
 * integer (Lucene's GeoEncodingUtils). Centroids, bounds and grid cells are computed on the
 * decoded values, so they are reproduced here to give the same numbers and cell edges.
 */
export const LAT_DECODE = 1 / (2 ** 32 / 180);
export const LON_DECODE = 1 / (2 ** 32 / 360);
const MAX_INT = 2147483647;

export function encodeLatitude(lat: number): number {
  const encoded = Math.floor(lat / LAT_DECODE);
  return encoded > MAX_INT ? MAX_INT : encoded;
}

export function encodeLongitude(lon: number): number {
  const encoded = Math.floor(lon / LON_DECODE);
  return encoded > MAX_INT ? MAX_INT : encoded;
}

/**
 * Calls `visit(i, lat, lon)` for every point of the documents `ords[0..count)`, quantized,
 * reading the column's typed arrays directly (no per-point allocation). Documents without a
 * point visit `missing`, if given.
 */
export function forEachPoint(
  column: GeoColumn | undefined,
  ords: Int32Array,
  count: number,
  missing: GeoPoint | undefined,
  visit: (index: number, lat: number, lon: number) => void,
): void {
  const latData = column ? column.lat.data : new Float64Array(0);
  const lonData = column ? column.lon.data : new Float64Array(0);
  const multi = column && column.multi.size > 0 ? column.multi : undefined;
  for (let i = 0; i < count; i++) {
    const ord = ords[i]!;
    const points = multi !== undefined ? multi.get(ord) : undefined;
    if (points !== undefined) {
      for (const p of points)
        visit(i, encodeLatitude(p.lat) * LAT_DECODE, encodeLongitude(p.lon) * LON_DECODE);
      continue;
    }
    let lat = ord < latData.length ? latData[ord]! : NaN;
    let lon = ord < lonData.length ? lonData[ord]! : NaN;
    if (lat !== lat) {
      if (missing === undefined) continue;
      lat = missing.lat;
      lon = missing.lon;
    }
    let a = Math.floor(lat / LAT_DECODE);
    if (a > MAX_INT) a = MAX_INT;
    let b = Math.floor(lon / LON_DECODE);
    if (b > MAX_INT) b = MAX_INT;
    visit(i, a * LAT_DECODE, b * LON_DECODE);
  }
}
