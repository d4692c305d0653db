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

/** Zooms up to this get a row table (4,095 entries at most, built once per zoom). */
export const ROW_TABLE_MAX_ZOOM = 12;
const tables = new Map<number, Int32Array>();

/**
 * For zoom z, the encoded latitudes at which rows start, ascending: a point's row is
 * `2^z - 1 - (number of starts <= its encoded latitude)`. Each start is found by bisecting the
 * 32-bit encodings with `tileRow` itself, so the table answers exactly what the formula does,
 * without a sine and a logarithm per point.
 */
export function rowStarts(zoom: number): Int32Array {
  let starts = tables.get(zoom);
  if (starts) return starts;
  const tiles = 2 ** zoom;
  starts = new Int32Array(tiles - 1);
  for (let k = 1; k < tiles; k++) {
    // The smallest encoding whose row is above (north of) row k: rows fall as latitude grows.
    let lo = -2147483648;
    let hi = 2147483647;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (tileRow(mid * LAT_DECODE, tiles) < k) hi = mid;
      else lo = mid + 1;
    }
    starts[tiles - 1 - k] = lo;
  }
  tables.set(zoom, starts);
  return starts;
}
