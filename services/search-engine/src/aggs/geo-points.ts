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

/** Quantized points read off a column: point p belongs to `ords[index[p]]`. */
export interface Points {
  readonly length: number;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly index: Int32Array;
}

/**
 * Reused between calls: a metric runs in every bucket of a map, where allocating would cost
 * more than the loop. Larger reads (where allocating is cheap in comparison) get their own.
 */
const SCRATCH_POINTS = 1 << 16;
let scratch: Omit<Points, 'length'> | undefined;

function pointArrays(capacity: number): Omit<Points, 'length'> {
  const fresh = (size: number) => ({
    lat: new Float64Array(size),
    lon: new Float64Array(size),
    index: new Int32Array(size),
  });
  if (capacity > SCRATCH_POINTS) return fresh(capacity);
  scratch ??= fresh(SCRATCH_POINTS);
  return scratch;
}

/**
 * The points of the documents `ords[0..count)`, quantized, in document order (a document's
 * several points in their order), read straight off the column's typed arrays so the metrics
 * loop over flat arrays instead of calling back per point. Documents without a point give
 * `missing`, if there is one. The arrays may be shared: valid until the next call.
 */
export function readPoints(
  column: GeoColumn | undefined,
  ords: Int32Array,
  count: number,
  missing: GeoPoint | undefined,
): Points {
  const latData = column ? column.lat.data : new Float64Array(0);
  const lonData = column ? column.lon.data : new Float64Array(0);
  const multi = column && column.multi.size > 0 ? column.multi : undefined;
  let capacity = count;
  if (multi) for (let i = 0; i < count; i++) capacity += (multi.get(ords[i]!)?.length ?? 1) - 1;
  const { lat, lon, index } = pointArrays(capacity);
  // Locals: a module constant read in a loop can cost a property load per use.
  const latDecode = LAT_DECODE;
  const lonDecode = LON_DECODE;
  let n = 0;
  for (let i = 0; i < count; i++) {
    const ord = ords[i]!;
    const points = multi !== undefined ? multi.get(ord) : undefined;
    if (points !== undefined) {
      for (const p of points) {
        lat[n] = encodeLatitude(p.lat) * LAT_DECODE;
        lon[n] = encodeLongitude(p.lon) * LON_DECODE;
        index[n++] = i;
      }
      continue;
    }
    let la = ord < latData.length ? latData[ord]! : NaN;
    let lo = ord < lonData.length ? lonData[ord]! : NaN;
    if (la !== la) {
      if (missing === undefined) continue;
      la = missing.lat;
      lo = missing.lon;
    }
    let a = Math.floor(la / latDecode);
    if (a > MAX_INT) a = MAX_INT;
    let b = Math.floor(lo / lonDecode);
    if (b > MAX_INT) b = MAX_INT;
    lat[n] = a * latDecode;
    lon[n] = b * lonDecode;
    index[n++] = i;
  }
  return { length: n, lat, lon, index };
}
