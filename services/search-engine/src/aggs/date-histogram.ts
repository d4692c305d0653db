import { badRequest } from '../errors';
import { DEFAULT_DATE_FORMAT, resolveDateMath } from '../util/date';
import {
  type AggregationRun,
  type Bucket,
  type ParsedAggregation,
  defineAggregation,
} from './aggregator';
import {
  type CalendarUnit,
  CALENDAR_UNITS,
  calendarRounding,
  fixedRounding,
  type Rounding,
} from './date-rounding';
import { resolveField } from './field-source';
import { OrdinalGroups } from './ordinal-groups';
import { type OrderElement, bucketComparator, orderPathValues, parseOrder } from './order';
import {
  type Body,
  bodyOf,
  checkKeys,
  failedToParse,
  isObject,
  readBoolean,
  readInt,
  readScalar,
  readString,
  tokenName,
  unsupported,
  validated,
  xContentError,
} from './params';
import { formatValue, type ValueFormat } from './value-format';
import { parseTimeValue } from '../util/time-value';

const TYPE = 'date_histogram';
const EMPTY = new Int32Array(0);
const UTC_ZONES = /^(utc|z|gmt|etc\/utc|etc\/gmt|[+-]00(:?00)?)$/i;

type Interval =
  | { readonly kind: 'fixed'; readonly millis: number }
  | { readonly kind: 'calendar'; readonly unit: CalendarUnit };
type BoundValue = string | number | undefined;

interface Bounds {
  readonly min: BoundValue;
  readonly max: BoundValue;
}

interface DateHistogramParams {
  readonly name: string;
  readonly field: string;
  readonly interval: Interval;
  readonly offset: number;
  readonly minDocCount: number;
  readonly extendedBounds: Bounds | undefined;
  readonly hardBounds: Bounds | undefined;
  readonly order: readonly OrderElement[];
  readonly keyed: boolean;
  readonly missing: string | number | boolean | undefined;
  readonly format: string | undefined;
}

function parseOffset(body: Body): number {
  const raw = body.offset;
  if (raw === undefined) return 0;
  if (typeof raw === 'number') return Math.trunc(raw);
  if (typeof raw !== 'string')
    throw xContentError(`[${TYPE}] offset doesn't support values of type: ${tokenName(raw)}`);
  return validated(TYPE, 'offset', () => {
    const setting = 'DateHistogramAggregationBuilder.parseOffset';
    if (raw.startsWith('-')) return -parseTimeValue(raw.slice(1), setting);
    return parseTimeValue(raw.startsWith('+') ? raw.slice(1) : raw, setting);
  });
}

function parseBounds(body: Body, key: 'extended_bounds' | 'hard_bounds'): Bounds | undefined {
  const raw = body[key];
  if (raw === undefined) return undefined;
  if (!isObject(raw))
    throw xContentError(`[${TYPE}] ${key} doesn't support values of type: ${tokenName(raw)}`);
  const read = (name: 'min' | 'max'): BoundValue => {
    const value = raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' || typeof value === 'string') return value;
    throw failedToParse(
      TYPE,
      key,
      xContentError(`[bounds] ${name} doesn't support values of type: ${tokenName(value)}`),
    );
  };
  for (const name of Object.keys(raw)) {
    if (name !== 'min' && name !== 'max')
      throw failedToParse(TYPE, key, xContentError(`[bounds] unknown field [${name}]`));
  }
  return { min: read('min'), max: read('max') };
}

function parse(raw: unknown, aggName: string): DateHistogramParams {
  const body = bodyOf(TYPE, raw);
  checkKeys(
    TYPE,
    body,
    [
      'field',
      'fixed_interval',
      'calendar_interval',
      'offset',
      'min_doc_count',
      'extended_bounds',
      'hard_bounds',
      'order',
      'keyed',
      'missing',
      'format',
      'time_zone',
    ],
    ['interval', 'script', 'value_type'],
  );
  const field = readString(TYPE, body, 'field');
  if (field === undefined)
    throw badRequest('Required one of fields [field, script], but none were specified. ');
  // Whichever interval comes second conflicts with the first, as ObjectParser reads them in order.
  let interval: Interval | undefined;
  for (const key of Object.keys(body)) {
    if (key !== 'fixed_interval' && key !== 'calendar_interval') continue;
    const text = readString(TYPE, body, key)!;
    interval = validated(TYPE, key, (): Interval => {
      if (interval) {
        const other = interval.kind === 'fixed' ? 'fixed_interval' : 'calendar_interval';
        throw badRequest(`Cannot use [${key}] with [${other}] configuration option.`);
      }
      if (key === 'calendar_interval') {
        const unit = CALENDAR_UNITS[text];
        if (!unit)
          throw badRequest(
            `The supplied interval [${text}] could not be parsed as a calendar interval.`,
          );
        return { kind: 'calendar', unit };
      }
      return { kind: 'fixed', millis: parseTimeValue(text, `${TYPE}.fixedInterval`) };
    });
  }
  if (!interval) throw badRequest('Invalid interval specified, must be non-null and non-empty');
  if (interval.kind === 'fixed' && interval.millis < 1)
    throw badRequest('Zero or negative time interval not supported');
  const timeZone = readString(TYPE, body, 'time_zone');
  if (timeZone !== undefined && !UTC_ZONES.test(timeZone.trim())) {
    throw unsupported(TYPE, 'time_zone', `only UTC is supported, got [${timeZone}]`);
  }
  const minDocCount = readInt(TYPE, body, 'min_doc_count') ?? 0;
  validated(TYPE, 'min_doc_count', () => {
    if (minDocCount < 0) {
      throw badRequest(
        `[minDocCount] must be greater than or equal to 0. Found [${minDocCount}] in [${aggName}]`,
      );
    }
  });
  return {
    name: aggName,
    field,
    interval,
    offset: parseOffset(body),
    minDocCount,
    extendedBounds: parseBounds(body, 'extended_bounds'),
    hardBounds: parseBounds(body, 'hard_bounds'),
    order: body.order === undefined ? [{ kind: 'key', asc: true }] : parseOrder(TYPE, body.order),
    keyed: readBoolean(TYPE, body, 'keyed') ?? false,
    missing: readScalar(TYPE, body, 'missing'),
    format: readString(TYPE, body, 'format'),
  };
}

/** Bounds as rounded bucket keys (LongBounds.parseAndValidate, then round). */
function resolveBounds(
  bounds: Bounds | undefined,
  key: string,
  params: DateHistogramParams,
  rounding: Rounding,
  pattern: string,
  now: number,
): { min: number | undefined; max: number | undefined } | undefined {
  if (!bounds) return undefined;
  const toMillis = (v: BoundValue) =>
    v === undefined
      ? undefined
      : typeof v === 'number'
        ? Math.trunc(v)
        : resolveDateMath(v, { now, format: pattern });
  const min = toMillis(bounds.min);
  const max = toMillis(bounds.max);
  if (min !== undefined && max !== undefined && min > max) {
    throw badRequest(
      `[${key}.min][${min}] cannot be greater than [${key}.max][${max}] for histogram aggregation [${params.name}]`,
    );
  }
  return {
    min: min === undefined ? undefined : rounding.round(min),
    max: max === undefined ? undefined : rounding.round(max),
  };
}

function describe(bounds: Bounds): string {
  return `${bounds.min ?? ''}--${bounds.max ?? ''}`;
}

function run(
  params: DateHistogramParams,
  bucket: Bucket,
  subs: readonly ParsedAggregation[],
  run: AggregationRun,
) {
  const source = resolveField(
    TYPE,
    params.field,
    bucket.space,
    run.ctx.shard,
    ['date', 'numeric'],
    params.format,
  );
  if (source.kind === 'numeric') {
    throw badRequest(
      `[${TYPE}] on numeric field [${params.field}] is not supported by this engine; map it as a date`,
    );
  }
  const pattern =
    source.kind === 'date' && source.format.kind === 'date'
      ? source.format.pattern
      : (params.format ?? DEFAULT_DATE_FORMAT);
  const format: ValueFormat = { kind: 'date', pattern };
  const now = run.ctx.now;
  const rounding =
    params.interval.kind === 'fixed'
      ? fixedRounding(params.interval.millis, params.offset)
      : calendarRounding(params.interval.unit, params.offset);
  const extended = resolveBounds(
    params.extendedBounds,
    'extended_bounds',
    params,
    rounding,
    pattern,
    now,
  );
  const hard = resolveBounds(params.hardBounds, 'hard_bounds', params, rounding, pattern, now);
  if (extended && hard) {
    const outside =
      (extended.max !== undefined && hard.max !== undefined && extended.max > hard.max) ||
      (extended.min !== undefined && hard.min !== undefined && extended.min < hard.min);
    if (outside) {
      throw badRequest(
        `Extended bounds have to be inside hard bounds, hard bounds: [${describe(params.hardBounds!)}], extended bounds: [${describe(params.extendedBounds!)}]`,
      );
    }
  }
  const missing =
    params.missing === undefined
      ? undefined
      : resolveDateMath(params.missing, { now, format: pattern });

  // Count documents per rounded key; a document counts once per key however many values it has there.
  const column = source.kind === 'date' ? source.column : undefined;
  const ordinals = bucket.ordinals;
  const needOrdinals = subs.length > 0;
  const groups = needOrdinals ? new OrdinalGroups(ordinals.length) : undefined;
  const slotOfKey = new Map<number, number>();
  const slotKeys: number[] = [];
  const slotCounts: number[] = [];
  const hardMin = hard?.min ?? -Infinity;
  const hardMax = hard?.max ?? Infinity;
  const collect = (ord: number, key: number) => {
    if (key < hardMin || key > hardMax) return;
    let slot = slotOfKey.get(key);
    if (slot === undefined) {
      slot = slotKeys.length;
      slotOfKey.set(key, slot);
      slotKeys.push(key);
      slotCounts.push(0);
    }
    slotCounts[slot]!++;
    groups?.add(ord, slot);
  };
  const data = column?.single.data ?? new Float64Array(0);
  const multi = column?.hasMultiValues ? column.multi : undefined;
  for (let i = 0; i < ordinals.length; i++) {
    const ord = ordinals[i]!;
    const values = multi?.get(ord);
    if (values) {
      let previous = NaN;
      for (const v of values) {
        const key = rounding.round(v);
        if (key !== previous) collect(ord, key);
        previous = key;
      }
      continue;
    }
    const v = ord < data.length ? data[ord]! : NaN;
    if (v === v) collect(ord, rounding.round(v));
    else if (missing !== undefined) collect(ord, rounding.round(missing));
  }

  // Buckets in key order; with min_doc_count 0 the gaps (and extended_bounds) are filled.
  const sortedSlots = slotKeys.map((_, slot) => slot).sort((a, b) => slotKeys[a]! - slotKeys[b]!);
  const keys: number[] = [];
  const counts: number[] = [];
  const slots: number[] = [];
  const push = (key: number, slot: number) => {
    run.consumeBuckets(1);
    keys.push(key);
    counts.push(slot >= 0 ? slotCounts[slot]! : 0);
    slots.push(slot);
  };
  if (params.minDocCount > 0) {
    for (const slot of sortedSlots)
      if (slotCounts[slot]! >= params.minDocCount) push(slotKeys[slot]!, slot);
  } else if (sortedSlots.length === 0) {
    if (extended?.min !== undefined && extended.max !== undefined) {
      for (let key = extended.min; key <= extended.max; key = rounding.next(key)) push(key, -1);
    }
  } else {
    const first = slotKeys[sortedSlots[0]!]!;
    if (extended?.min !== undefined)
      for (let key = extended.min; key < first; key = rounding.next(key)) push(key, -1);
    let previous: number | undefined;
    for (const slot of sortedSlots) {
      const key = slotKeys[slot]!;
      if (previous !== undefined)
        for (let gap = rounding.next(previous); gap < key; gap = rounding.next(gap)) push(gap, -1);
      push(key, slot);
      previous = key;
    }
    if (extended?.max !== undefined) {
      for (let key = rounding.next(previous!); key <= extended.max; key = rounding.next(key))
        push(key, -1);
    }
  }

  const ordinalsAt = (i: number) =>
    slots[i]! >= 0 && groups ? groups.ordinalsOf(slots[i]!) : EMPTY;
  let sequence = keys.map((_, i) => i);
  const first = params.order[0]!;
  if (first.kind === 'key') {
    if (!first.asc) sequence.reverse();
  } else {
    groups?.group(slotKeys.length);
    const bucketAt = (i: number): Bucket => ({ ...bucket, ordinals: ordinalsAt(i) });
    const pathValues = orderPathValues(params.order, subs, run, keys.length, bucketAt);
    sequence = sequence.sort(
      bucketComparator(params.order, counts, (a, b) => keys[a]! - keys[b]!, pathValues),
    );
  }

  const subResults = groups
    ? run.subAggregateSlots(subs, bucket, groups, slotKeys.length)
    : undefined;
  const rendered = sequence.map((i) => {
    const key = keys[i]!;
    const out: Record<string, unknown> = {
      key_as_string: formatValue(format, key),
      key,
      doc_count: counts[i]!,
    };
    if (subResults) Object.assign(out, subResults(slots[i]!));
    return out;
  });
  if (params.keyed) {
    return { buckets: Object.fromEntries(rendered.map((b) => [b.key_as_string as string, b])) };
  }
  return { buckets: rendered };
}

export const dateHistogram = defineAggregation<DateHistogramParams>({
  name: TYPE,
  acceptsSubAggregations: true,
  parse,
  run,
});
