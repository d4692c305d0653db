import { LAT_DECODE } from './geo-points';

const DEG_TO_RAD = Math.PI / 180;

/**
 * GeoTileUtils.getYTile: the slippy-map row of a (decoded) latitude, clipped to the grid.
 * (OpenSearch takes SloppyMath's cosine of the complement; Math.sin is the same function.)
 */
export function tileRow(lat: number, tiles: number): number {
  const sin = Math.sin(lat * DEG_TO_RAD);
  const y = Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * tiles);
  if (!(y >= 0)) return 0;
  return y >= tiles ? tiles - 1 : y;
}

/** Zooms up to this get row tables (rows at least 2^16 encodings tall; built once per zoom). */
export const ROW_TABLE_MAX_ZOOM = 13;
const BUCKET_SHIFT = 16;
const startsByZoom = new Map<number, Int32Array>();
const tablesByZoom = new Map<number, RowTable | null>();

/**
 * For zoom z, the encoded latitudes at which rows start, ascending: a point's row is
 * `2^z - 1 - (number of starts <= its encoded latitude)`. Each start is found by bisecting the
 * 32-bit encodings with `tileRow` itself, so tables built on them answer exactly what the
 * formula does.
 */
function rowStarts(zoom: number): Int32Array {
  let starts = startsByZoom.get(zoom);
  if (starts) return starts;
  const tiles = 2 ** zoom;
  starts = new Int32Array(tiles - 1);
  for (let k = 1; k < tiles; k++) {
    // The smallest encoding whose row is north of row k (rows fall as latitude grows).
    let lo = -2147483648;
    let hi = 2147483647;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (tileRow(mid * LAT_DECODE, tiles) < k) hi = mid;
      else lo = mid + 1;
    }
    starts[tiles - 1 - k] = lo;
  }
  startsByZoom.set(zoom, starts);
  return starts;
}

/**
 * The row of every encoded latitude without a sine and a logarithm per point: the 2^32
 * encodings split into 2^16 buckets, each with the row at its first encoding and the one
 * encoding, if any, where the next row north begins. The row of encoding e is then
 * `firstRow[b] - (e >= boundary[b] ? 1 : 0)` with `b = (e ^ 0x80000000) >>> 16`.
 */
export interface RowTable {
  readonly firstRow: Int32Array;
  readonly boundary: Float64Array;
}

/** The row table of a zoom, or undefined when a bucket would hold two row starts. */
export function rowTable(zoom: number): RowTable | undefined {
  const cached = tablesByZoom.get(zoom);
  if (cached !== undefined) return cached ?? undefined;
  const tiles = 2 ** zoom;
  const starts = rowStarts(zoom);
  const buckets = 2 ** (32 - BUCKET_SHIFT);
  const firstRow = new Int32Array(buckets);
  const boundary = new Float64Array(buckets).fill(Infinity);
  let table: RowTable | null = { firstRow, boundary };
  let passed = 0; // row starts at or below the current bucket's first encoding
  for (let b = 0; b < buckets; b++) {
    const first = b * 2 ** BUCKET_SHIFT - 2 ** 31;
    while (passed < starts.length && starts[passed]! <= first) passed++;
    firstRow[b] = tiles - 1 - passed;
    const next = first + 2 ** BUCKET_SHIFT;
    if (passed < starts.length && starts[passed]! < next) {
      if (passed + 1 < starts.length && starts[passed + 1]! < next) {
        table = null;
        break;
      }
      boundary[b] = starts[passed]!;
    }
  }
  tablesByZoom.set(zoom, table);
  return table ?? undefined;
}
