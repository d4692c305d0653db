import { badRequest } from '../errors';
import {
  type AggregationRun,
  type AggregationType,
  type Bucket,
  defineAggregation,
} from './aggregator';
import type { DocSpace } from '../index/doc-space';
import { parseMissing, resolveField, type Scalar } from './field-source';
import { bodyOf, checkKeys, readScalar, readString } from './params';
import { formatValue, RAW, type ValueFormat } from './value-format';

/** min, max, avg and sum: single-value metrics over numeric, date and boolean fields. */
interface NumericMetricParams {
  readonly field: string;
  readonly missing: Scalar | undefined;
  readonly format: string | undefined;
}

/** Per-bucket-slot count, Kahan sum, min and max. */
interface SlotStats {
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly format: ValueFormat;
}

/** What one metric reads from the stats of a slot, and whether it has a value there. */
interface Metric {
  value(stats: SlotStats, slot: number): number;
  hasValue(stats: SlotStats, slot: number): boolean;
}

function parseParams(type: string, raw: unknown): NumericMetricParams {
  const body = bodyOf(type, raw);
  checkKeys(type, body, ['field', 'missing', 'format'], ['script', 'value_type']);
  const field = readString(type, body, 'field');
  if (field === undefined)
    throw badRequest('Required one of fields [field, script], but none were specified. ');
  return {
    field,
    missing: readScalar(type, body, 'missing'),
    format: readString(type, body, 'format'),
  };
}

/** The field, its format and the `missing` value, resolved once per doc space. */
function numericSource(
  type: string,
  params: NumericMetricParams,
  space: DocSpace,
  run: AggregationRun,
) {
  return run.memo(params, space, () => {
    const source = resolveField(
      type,
      params.field,
      space,
      run.ctx.shard,
      ['numeric', 'date', 'boolean'],
      params.format,
    );
    const numeric =
      source.kind === 'numeric' || source.kind === 'date' || source.kind === 'boolean';
    const missing = parseMissing(source, params.missing, run.ctx.now, 'number');
    return {
      format: numeric ? source.format : RAW,
      column: numeric ? source.column : undefined,
      missingValue: missing.kind === 'number' ? missing.value : NaN,
    };
  });
}

/**
 * One pass over the values of (ordinal, slot) pairs (`slots` undefined: every ordinal in slot
 * 0), with OpenSearch's Kahan summation per slot.
 */
function collectStats(
  type: string,
  params: NumericMetricParams,
  space: DocSpace,
  ords: Int32Array,
  length: number,
  slots: Int32Array | undefined,
  slotCount: number,
  run: AggregationRun,
): SlotStats {
  const { format, column, missingValue } = numericSource(type, params, space, run);
  const count = new Float64Array(slotCount);
  const sum = new Float64Array(slotCount);
  const delta = new Float64Array(slotCount);
  const min = new Float64Array(slotCount).fill(Infinity);
  const max = new Float64Array(slotCount).fill(-Infinity);
  const add = (slot: number, v: number) => {
    if (Number.isFinite(v)) {
      const corrected = v + delta[slot]!;
      const updated = sum[slot]! + corrected;
      delta[slot] = corrected - (updated - sum[slot]!);
      sum[slot] = updated;
    } else {
      sum[slot] = v + sum[slot]!;
    }
    if (v < min[slot]!) min[slot] = v;
    if (v > max[slot]!) max[slot] = v;
    count[slot]!++;
  };
  const data = column ? column.single.data : new Float64Array(0);
  const multi = column?.hasMultiValues ? column.multi : undefined;
  for (let j = 0; j < length; j++) {
    const ord = ords[j]!;
    const slot = slots ? slots[j]! : 0;
    const values = multi !== undefined ? multi.get(ord) : undefined;
    if (values !== undefined) {
      for (const v of values) add(slot, v);
      continue;
    }
    const v = ord < data.length ? data[ord]! : NaN;
    if (v === v) add(slot, v);
    else if (missingValue === missingValue) add(slot, missingValue);
  }
  return { count, sum, min, max, format };
}

/** `{ value }` plus `value_as_string` for dates and booleans; `null` when there is no value. */
function valueBody(value: number | null, format: ValueFormat): Record<string, unknown> {
  const out: Record<string, unknown> = { value };
  if (value !== null) {
    const asString = formatValue(format, value);
    if (asString !== undefined) out.value_as_string = asString;
  }
  return out;
}

function numericMetric(type: string, metric: Metric): AggregationType<unknown> {
  const body = (stats: SlotStats, slot: number) =>
    valueBody(metric.hasValue(stats, slot) ? metric.value(stats, slot) : null, stats.format);
  const bucketStats = (params: NumericMetricParams, bucket: Bucket, run: AggregationRun) =>
    collectStats(
      type,
      params,
      bucket.space,
      bucket.ordinals,
      bucket.ordinals.length,
      undefined,
      1,
      run,
    );
  return defineAggregation<NumericMetricParams>({
    name: type,
    acceptsSubAggregations: false,
    parse: (raw) => parseParams(type, raw),
    run: (params, bucket, _subs, run) => body(bucketStats(params, bucket, run), 0),
    runSlots(params, space, pairs, slotCount, run) {
      const stats = collectStats(
        type,
        params,
        space,
        pairs.ords,
        pairs.length,
        pairs.slots,
        slotCount,
        run,
      );
      return (slot) => body(stats, slot);
    },
    sortValue: (params, bucket, run) => metric.value(bucketStats(params, bucket, run), 0),
  });
}

export const min = numericMetric('min', {
  value: (s, slot) => s.min[slot]!,
  hasValue: (s, slot) => s.min[slot] !== Infinity,
});
export const max = numericMetric('max', {
  value: (s, slot) => s.max[slot]!,
  hasValue: (s, slot) => s.max[slot] !== -Infinity,
});
export const avg = numericMetric('avg', {
  value: (s, slot) => (s.count[slot] === 0 ? NaN : s.sum[slot]! / s.count[slot]!),
  hasValue: (s, slot) => s.count[slot]! > 0,
});
// sum always has a value (0 over no documents) and, for dates, always a value_as_string.
export const sum = numericMetric('sum', {
  value: (s, slot) => s.sum[slot]!,
  hasValue: () => true,
});
