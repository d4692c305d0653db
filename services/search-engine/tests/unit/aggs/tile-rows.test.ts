import { LAT_DECODE } from '../../../src/aggs/geo-points';
import { rowTable, tileRow } from '../../../src/aggs/tile-rows';

/** The table must answer exactly what the formula answers, at every row edge and elsewhere. */
function tableRow(zoom: number, encoded: number): number {
  const table = rowTable(zoom)!;
  const b = (encoded ^ 0x80000000) >>> 16;
  return encoded >= table.boundary[b]! ? table.firstRow[b]! - 1 : table.firstRow[b]!;
}

describe('geotile row tables', () => {
  it.each([0, 1, 7, 12, 13])('match the slippy-map formula at zoom %i', (zoom) => {
    const tiles = 2 ** zoom;
    const probes: number[] = [-2147483648, -1, 0, 1, 2147483647];
    let seed = zoom + 1;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      probes.push(seed * 2 - 2147483648);
    }
    // Both sides of every row edge.
    for (let k = 1; k < tiles; k++) {
      const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * k) / tiles))) * 180) / Math.PI;
      const edge = Math.floor(lat / LAT_DECODE);
      for (let d = -3; d <= 3; d++) probes.push(edge + d);
    }
    const mismatches = probes.filter((e) => tableRow(zoom, e) !== tileRow(e * LAT_DECODE, tiles));
    expect(mismatches).toEqual([]);
  });

  it('is not built where rows get shorter than a table bucket', () => {
    expect(rowTable(14)).toBeUndefined();
  });
});
