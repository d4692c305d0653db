import { badRequest } from '../errors';
import type { AggregationRun, Bucket, ParsedAggregation } from './aggregator';
import { type BoundingBox, parseBounds, pointInBounds } from './bounding-box';
import { parseMissing, resolveField, type Scalar } from './field-source';
import { LAT_DECODE, LON_DECODE, encodeLatitude, encodeLongitude } from './geo-points';
import { CellSlots } from './cell-slots';
import { OrdinalGroups } from './ordinal-groups';
import { type Body, bodyOf, checkKeys, readScalar, readInt, readString, validated } from './params';
import { topK } from './top-k';

const MAX_INT = 2147483647;

/** How a grid aggregation (geotile_grid, geohash_grid) maps points to cells. */
export interface CellEncoder {
  /** The number of possible cells when small enough for a lookup array. */
  readonly denseSize: number | undefined;
  /** The cell id of a point: its decoded coordinates and their 32-bit encodings. */
  cell(lat: number, lon: number, encodedLat: number, encodedLon: number): number;
  /** The bucket key, e.g. "7/66/43" or "u33db". */
  key(cell: number): string;
  /**
   * Numbers ordered like OpenSearch's long cell hashes (equal doc counts sort by it, descending),
   * one per given cell.
   */
  ranks(cells: Float64Array, count: number): Float64Array;
}

export interface GridParams {
  readonly field: string;
  readonly precision: number;
  readonly size: number;
  readonly shardSize: number | undefined;
  readonly bounds: BoundingBox | undefined;
  readonly missing: Scalar | undefined;
}

export function parseGridParams(
  type: string,
  raw: unknown,
  aggName: string,
  readPrecision: (body: Body) => number,
): GridParams {
  const body = bodyOf(type, raw);
  checkKeys(
    type,
    body,
    ['field', 'precision', 'size', 'shard_size', 'bounds', 'missing'],
    ['value_type'],
  );
  const field = readString(type, body, 'field');
  if (field === undefined)
    throw badRequest('Required one of fields [field, script], but none were specified. ');
  const precision = readPrecision(body);
  const size = readInt(type, body, 'size') ?? 10_000;
  validated(type, 'size', () => {
    if (size <= 0)
      throw badRequest(`[size] must be greater than 0. Found [${size}] in [${aggName}]`);
  });
  const shardSize = readInt(type, body, 'shard_size');
  validated(type, 'shard_size', () => {
    if (shardSize !== undefined && shardSize <= 0) {
      throw badRequest(`[shardSize] must be greater than 0. Found [${shardSize}] in [${aggName}]`);
    }
  });
  return {
    field,
    precision,
    size,
    shardSize,
    bounds: body.bounds === undefined ? undefined : parseBounds(type, body.bounds),
    missing: readScalar(type, body, 'missing'),
  };
}

/**
 * Buckets points by cell on typed arrays (no per-document allocation), keeps the `size` fullest
 * cells (ties by cell hash, descending, as OpenSearch's priority queue orders them), then runs
 * sub-aggregations on each kept cell's documents only.
 */
export function runGrid(
  type: string,
  params: GridParams,
  encoder: CellEncoder,
  bucket: Bucket,
  subs: readonly ParsedAggregation[],
  run: AggregationRun,
): Record<string, unknown> {
  const { column, missingPoint } = run.memo(params, bucket.space, () => {
    const source = resolveField(type, params.field, bucket.space, run.ctx.shard, ['geo']);
    const missing = parseMissing(source, params.missing, run.ctx.now, 'geo');
    return {
      column: source.kind === 'geo' ? source.column : undefined,
      missingPoint: missing.kind === 'geo' ? missing.value : undefined,
    };
  });
  if (!column && !missingPoint) return { buckets: [] };

  const ordinals = bucket.ordinals;
  const groups = subs.length > 0 ? new OrdinalGroups(ordinals.length) : undefined;
  const cells = new CellSlots(encoder.denseSize);
  const { bounds } = params;
  // The hot loop: locals only (imported bindings cost a getter call per use) and no callbacks.
  const inBounds = pointInBounds;
  const latDecode = LAT_DECODE;
  const lonDecode = LON_DECODE;
  const latData = column ? column.lat.data : new Float64Array(0);
  const lonData = column ? column.lon.data : new Float64Array(0);
  const multi = column && column.multi.size > 0 ? column.multi : undefined;
  const docSlots: number[] = [];
  for (let i = 0; i < ordinals.length; i++) {
    const ord = ordinals[i]!;
    const points = multi !== undefined ? multi.get(ord) : undefined;
    if (points !== undefined) {
      // A document counts once per cell, however many of its points fall in it.
      docSlots.length = 0;
      for (const p of points) {
        const encodedLat = encodeLatitude(p.lat);
        const encodedLon = encodeLongitude(p.lon);
        const lat = encodedLat * latDecode;
        const lon = encodedLon * lonDecode;
        if (bounds && !inBounds(bounds, lat, lon)) continue;
        const slot = cells.slotOf(encoder.cell(lat, lon, encodedLat, encodedLon));
        if (!docSlots.includes(slot)) docSlots.push(slot);
      }
      docSlots.sort((a, b) => a - b);
      for (const slot of docSlots) {
        cells.counts[slot]!++;
        groups?.add(ord, slot);
      }
      continue;
    }
    let lat = ord < latData.length ? latData[ord]! : NaN;
    let lon = ord < lonData.length ? lonData[ord]! : NaN;
    if (lat !== lat) {
      if (missingPoint === undefined) continue;
      lat = missingPoint.lat;
      lon = missingPoint.lon;
    }
    // encodeLatitude / encodeLongitude, inlined.
    let encodedLat = Math.floor(lat / latDecode);
    if (encodedLat > MAX_INT) encodedLat = MAX_INT;
    let encodedLon = Math.floor(lon / lonDecode);
    if (encodedLon > MAX_INT) encodedLon = MAX_INT;
    lat = encodedLat * latDecode;
    lon = encodedLon * lonDecode;
    if (bounds && !inBounds(bounds, lat, lon)) continue;
    const slot = cells.slotOf(encoder.cell(lat, lon, encodedLat, encodedLon));
    cells.counts[slot]!++;
    groups?.add(ord, slot);
  }
  const { cells: slotCells, counts, size: slotCount } = cells;

  const ranks = encoder.ranks(slotCells, slotCount);
  const chosen = topK(
    slotCount,
    params.size,
    (a, b) => counts[b]! - counts[a]! || ranks[b]! - ranks[a]!,
  );
  run.consumeBuckets(chosen.length);
  const subResults = groups ? run.subAggregateSlots(subs, bucket, groups, slotCount) : undefined;
  const buckets = Array.from(chosen, (slot) => {
    const out: Record<string, unknown> = {
      key: encoder.key(slotCells[slot]!),
      doc_count: counts[slot]!,
    };
    if (subResults) Object.assign(out, subResults(slot));
    return out;
  });
  return { buckets };
}
