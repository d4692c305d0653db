import { badRequest } from '../errors';
import { defineAggregation } from './aggregator';
import { CellIds } from './cell-ids';
import { type CellEncoder, type GridParams, parseGridParams, runGrid } from './geo-grid';
import { failedToParse, readInt, unsupported, validated } from './params';

const TYPE = 'geohash_grid';
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/**
 * Geohash cells from the 32-bit encoded coordinates, as OpenSearch's Geohash.longEncode does:
 * a geohash of precision p is the top 5p bits of the interleaved (longitude first) encodings.
 */
export function geohashEncoder(precision: number): CellEncoder {
  const bits = 5 * precision;
  const lonBits = Math.ceil(bits / 2);
  const latBits = Math.floor(bits / 2);
  const lonShift = 2 ** (32 - lonBits);
  const latShift = 2 ** (32 - latBits);
  const ids = new CellIds(lonBits, latBits);
  const arithmetic = !ids.interned;
  const latSpan = 2 ** latBits;
  /** Bits [from, to) of the geohash's bit string, as a number (at most 30 bits). */
  const bitsOf = (cell: number, from: number, to: number): number => {
    const lonCell = ids.column(cell);
    const latCell = ids.row(cell);
    let value = 0;
    for (let i = from; i < to; i++) {
      const bit =
        i % 2 === 0
          ? (lonCell >>> (lonBits - 1 - i / 2)) & 1
          : (latCell >>> (latBits - 1 - (i - 1) / 2)) & 1;
      value = value * 2 + bit;
    }
    return value;
  };
  return {
    denseSize: ids.denseSize,
    cell(_lat, _lon, encodedLat, encodedLon) {
      const lonCell = Math.floor(((encodedLon ^ 0x80000000) >>> 0) / lonShift);
      const latCell = Math.floor(((encodedLat ^ 0x80000000) >>> 0) / latShift);
      return arithmetic ? lonCell * latSpan + latCell : ids.id(lonCell, latCell);
    },
    key(cell) {
      let hash = '';
      for (let c = 0; c < precision; c++) hash += BASE32[bitsOf(cell, c * 5, c * 5 + 5)]!;
      return hash;
    },
    ranks(cells, count) {
      const ranks = new Float64Array(count);
      if (bits <= 30) {
        for (let i = 0; i < count; i++) ranks[i] = bitsOf(cells[i]!, 0, bits);
        return ranks;
      }
      const high = new Float64Array(count);
      const low = new Float64Array(count);
      const lowSpan = 2 ** (bits - 30);
      for (let i = 0; i < count; i++) {
        high[i] = bitsOf(cells[i]!, 0, 30);
        low[i] = bitsOf(cells[i]!, 30, bits);
        ranks[i] = high[i]! * lowSpan + low[i]!;
      }
      if (bits <= 52) return ranks;
      // Past 52 bits the combined number is inexact: rank by sorting instead.
      const order = Array.from({ length: count }, (_, i) => i).sort(
        (a, b) => high[a]! - high[b]! || low[a]! - low[b]!,
      );
      order.forEach((slot, rank) => (ranks[slot] = rank));
      return ranks;
    },
  };
}

export const geohashGrid = defineAggregation<GridParams>({
  name: TYPE,
  acceptsSubAggregations: true,
  parse(raw, aggName) {
    return parseGridParams(TYPE, raw, aggName, (body) => {
      const rawPrecision = body.precision;
      if (typeof rawPrecision === 'string' && !/^\s*[-+]?\d+\s*$/.test(rawPrecision)) {
        if (/^\s*[\d.]+\s*[a-zA-Z]+\s*$/.test(rawPrecision)) {
          throw unsupported(
            TYPE,
            'precision',
            'distance precisions such as "1km" are not supported; use a level 1-12',
          );
        }
        throw failedToParse(
          TYPE,
          'precision',
          badRequest(`For input string: "${rawPrecision}"`, 'number_format_exception'),
        );
      }
      const precision = readInt(TYPE, body, 'precision') ?? 5;
      return validated(TYPE, 'precision', () => {
        if (precision < 1 || precision > 12) {
          throw badRequest(
            `Invalid geohash aggregation precision of ${precision}. Must be between 1 and 12.`,
          );
        }
        return precision;
      });
    });
  },
  run: (params, bucket, subs, run) =>
    runGrid(TYPE, params, geohashEncoder(params.precision), bucket, subs, run),
});
