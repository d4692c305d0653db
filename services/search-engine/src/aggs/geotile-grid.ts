import { badRequest } from '../errors';
import { defineAggregation } from './aggregator';
import { CellIds } from './cell-ids';
import { type CellEncoder, type GridParams, parseGridParams, runGrid } from './geo-grid';
import { readInt, validated } from './params';
import { ROW_TABLE_MAX_ZOOM, rowTable, tileRow } from './tile-rows';

const TYPE = 'geotile_grid';
const MAX_ZOOM = 29;

/** OpenSearch's GeoTileUtils: slippy-map tiles, clipped at the poles. */
export function geotileEncoder(zoom: number): CellEncoder {
  const tiles = 2 ** zoom;
  const ids = new CellIds(zoom, zoom);
  const arithmetic = !ids.interned;
  const table = zoom <= ROW_TABLE_MAX_ZOOM ? rowTable(zoom) : undefined;
  const firstRow = table?.firstRow;
  const boundary = table?.boundary;
  const row = tileRow; // a local: imported bindings cost a getter call per use
  return {
    denseSize: ids.denseSize,
    cell(lat, lon, encodedLat) {
      // normalizeLon maps -180 to 180, which is why OpenSearch special-cases it.
      let x = lon === -180 ? 0 : Math.floor(((lon + 180) / 360) * tiles);
      if (x < 0) x = 0;
      else if (x >= tiles) x = tiles - 1;
      let y: number;
      if (firstRow && boundary) {
        const b = (encodedLat ^ 0x80000000) >>> 16;
        y = encodedLat >= boundary[b]! ? firstRow[b]! - 1 : firstRow[b]!;
      } else {
        y = row(lat, tiles);
      }
      return arithmetic ? x * tiles + y : ids.id(x, y);
    },
    key: (cell) => `${zoom}/${ids.column(cell)}/${ids.row(cell)}`,
    // The hash is (zoom, x, y) in bit fields: x first, then y.
    ranks: (cells, count) => ids.ranks(cells, count),
  };
}

export const geotileGrid = defineAggregation<GridParams>({
  name: TYPE,
  acceptsSubAggregations: true,
  parse(raw, aggName) {
    return parseGridParams(TYPE, raw, aggName, (body) => {
      const precision = readInt(TYPE, body, 'precision') ?? 7;
      return validated(TYPE, 'precision', () => {
        if (precision < 0 || precision > MAX_ZOOM) {
          throw badRequest(
            `Invalid geotile_grid precision of ${precision}. Must be between 0 and ${MAX_ZOOM}.`,
          );
        }
        return precision;
      });
    });
  },
  run: (params, bucket, subs, run) =>
    runGrid(TYPE, params, geotileEncoder(params.precision), bucket, subs, run),
});
