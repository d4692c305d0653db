import { badRequest } from '../errors';
import { type AggregationRun, type Bucket, defineAggregation } from './aggregator';
import { parseMissing, resolveField, type Scalar } from './field-source';
import { encodeLatitude, encodeLongitude } from './geo-points';
import { bodyOf, checkKeys, readScalar, readInt, readString, validated } from './params';

const TYPE = 'cardinality';
const EXECUTION_HINTS = ['direct', 'ordinals', 'save_memory_heuristic', 'save_time_heuristic'];

interface CardinalityParams {
  readonly field: string;
  readonly missing: Scalar | undefined;
}

/**
 * Exact distinct count. OpenSearch is exact up to `precision_threshold` and estimates above it;
 * counting exactly is never less accurate, so the threshold is validated but not needed.
 */
function countDistinct(params: CardinalityParams, bucket: Bucket, run: AggregationRun): number {
  const source = resolveField(TYPE, params.field, bucket.space, run.ctx.shard, [
    'keyword',
    'numeric',
    'date',
    'boolean',
    'geo',
  ]);
  const missing = parseMissing(source, params.missing, run.ctx.now);
  const ordinals = bucket.ordinals;
  switch (source.kind) {
    case 'unmapped':
      return missing.kind !== 'none' && ordinals.length > 0 ? 1 : 0;
    case 'keyword': {
      const column = source.column;
      const terms = column?.terms.length ?? 0;
      const missingId =
        missing.kind === 'keyword' ? (column?.termIds.get(missing.value) ?? terms) : -1;
      const seen = new Uint8Array(terms + 1);
      let distinct = 0;
      const mark = (id: number) => {
        if (seen[id] === 0) {
          seen[id] = 1;
          distinct++;
        }
      };
      const single = column?.single.data ?? new Int32Array(0);
      for (let i = 0; i < ordinals.length; i++) {
        const ord = ordinals[i]!;
        const id = ord < single.length ? single[ord]! : -1;
        if (id >= 0) mark(id);
        else if (id === -2) for (const t of column!.valuesOf(ord)) mark(t);
        else if (missingId >= 0) mark(missingId);
      }
      return distinct;
    }
    case 'geo': {
      const column = source.column;
      const seen = new Set<string>();
      const add = (lat: number, lon: number) =>
        seen.add(`${encodeLatitude(lat)},${encodeLongitude(lon)}`);
      for (let i = 0; i < ordinals.length; i++) {
        const points = column?.valuesOf(ordinals[i]!) ?? [];
        if (points.length > 0) for (const p of points) add(p.lat, p.lon);
        else if (missing.kind === 'geo') add(missing.value.lat, missing.value.lon);
      }
      return seen.size;
    }
    default: {
      const column = source.column;
      const seen = new Set<number>();
      const data = column?.single.data ?? new Float64Array(0);
      const multi = column?.hasMultiValues ? column.multi : undefined;
      for (let i = 0; i < ordinals.length; i++) {
        const ord = ordinals[i]!;
        const values = multi?.get(ord);
        if (values) {
          for (const v of values) seen.add(v);
          continue;
        }
        const v = ord < data.length ? data[ord]! : NaN;
        if (v === v) seen.add(v);
        else if (missing.kind === 'number') seen.add(missing.value);
      }
      return seen.size;
    }
  }
}

export const cardinality = defineAggregation<CardinalityParams>({
  name: TYPE,
  acceptsSubAggregations: false,
  parse(raw, aggName) {
    const body = bodyOf(TYPE, raw);
    checkKeys(
      TYPE,
      body,
      ['field', 'missing', 'precision_threshold', 'execution_hint'],
      ['script', 'value_type'],
    );
    const field = readString(TYPE, body, 'field');
    if (field === undefined)
      throw badRequest('Required one of fields [field, script], but none were specified. ');
    const threshold = readInt(TYPE, body, 'precision_threshold');
    validated(TYPE, 'precision_threshold', () => {
      if (threshold !== undefined && threshold < 0) {
        throw badRequest(
          `[precisionThreshold] must be greater than or equal to 0. Found [${threshold}] in [${aggName}]`,
        );
      }
    });
    const hint = readString(TYPE, body, 'execution_hint');
    if (hint !== undefined && !EXECUTION_HINTS.includes(hint)) {
      throw badRequest(
        `Unknown execution_hint [${hint}], expected one of [${EXECUTION_HINTS.join(', ')}]`,
      );
    }
    return { field, missing: readScalar(TYPE, body, 'missing') };
  },
  run: (params, bucket, _subs, run) => ({ value: countDistinct(params, bucket, run) }),
  sortValue: (params, bucket, run) => countDistinct(params, bucket, run),
});
