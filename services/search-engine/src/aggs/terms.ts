import { badRequest } from '../errors';
import type { KeywordColumn, NumericColumn } from '../index/columns';
import type { DocSpace } from '../index/doc-space';
import {
  type AggregationRun,
  type Bucket,
  type ParsedAggregation,
  defineAggregation,
} from './aggregator';
import {
  type FieldSource,
  parseMissing,
  parseNumericValue,
  resolveField,
  type Scalar,
} from './field-source';
import { OrdinalGroups } from './ordinal-groups';
import { type OrderElement, bucketComparator, orderPathValues, parseOrder } from './order';
import {
  type Body,
  bodyOf,
  checkKeys,
  failedToParse,
  readScalar,
  readBoolean,
  readInt,
  readString,
  unsupported,
  validated,
} from './params';
import { compareTerms, topK } from './top-k';
import { formatValue, RAW, type ValueFormat } from './value-format';

const TYPE = 'terms';

interface TermsParams {
  readonly field: string;
  readonly size: number;
  readonly shardSize: number | undefined;
  readonly minDocCount: number;
  readonly shardMinDocCount: number;
  readonly order: readonly OrderElement[];
  readonly missing: Scalar | undefined;
  readonly include: readonly (string | number)[] | undefined;
  readonly exclude: readonly (string | number)[] | undefined;
  readonly format: string | undefined;
  readonly showTermDocCountError: boolean;
}

const DEFAULT_ORDER: readonly OrderElement[] = [
  { kind: 'count', asc: false },
  { kind: 'key', asc: true },
];

function readTermList(body: Body, key: 'include' | 'exclude'): (string | number)[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string')
    throw unsupported(
      TYPE,
      key,
      'regular expressions are not supported; pass an array of exact values',
    );
  if (!Array.isArray(value))
    throw unsupported(TYPE, key, 'partitions are not supported; pass an array of exact values');
  return value.map((item) => {
    if (typeof item === 'string' || typeof item === 'number') return item;
    throw failedToParse(TYPE, key, badRequest(`[${key}] values must be strings or numbers`));
  });
}

function parse(raw: unknown, aggName: string): TermsParams {
  const body = bodyOf(TYPE, raw);
  checkKeys(
    TYPE,
    body,
    [
      'field',
      'size',
      'shard_size',
      'min_doc_count',
      'shard_min_doc_count',
      'order',
      'missing',
      'include',
      'exclude',
      'format',
      'execution_hint',
      'collect_mode',
      'show_term_doc_count_error',
    ],
    ['script', 'value_type'],
  );
  const field = readString(TYPE, body, 'field');
  if (field === undefined)
    throw badRequest('Required one of fields [field, script], but none were specified. ');
  const size = readInt(TYPE, body, 'size') ?? 10;
  validated(TYPE, 'size', () => {
    if (size <= 0)
      throw badRequest(`[size] must be greater than 0. Found [${size}] in [${aggName}]`);
  });
  const shardSize = readInt(TYPE, body, 'shard_size');
  validated(TYPE, 'shard_size', () => {
    if (shardSize !== undefined && shardSize <= 0) {
      throw badRequest(`[shardSize] must be greater than 0. Found [${shardSize}] in [${aggName}]`);
    }
  });
  const minDocCount = readInt(TYPE, body, 'min_doc_count') ?? 1;
  validated(TYPE, 'min_doc_count', () => {
    if (minDocCount < 0) {
      throw badRequest(
        `[minDocCount] must be greater than or equal to 0. Found [${minDocCount}] in [${aggName}]`,
      );
    }
  });
  const shardMinDocCount = readInt(TYPE, body, 'shard_min_doc_count') ?? 0;
  validated(TYPE, 'shard_min_doc_count', () => {
    if (shardMinDocCount < 0) {
      throw badRequest(
        `[shardMinDocCount] must be greater than or equal to 0. Found [${shardMinDocCount}] in [${aggName}]`,
      );
    }
  });
  const hint = readString(TYPE, body, 'execution_hint');
  if (hint !== undefined && hint !== 'map' && hint !== 'global_ordinals') {
    throw badRequest(
      `Unknown \`execution_hint\`: [${hint}], expected any of [map, global_ordinals]`,
    );
  }
  const collectMode = readString(TYPE, body, 'collect_mode');
  validated(TYPE, 'collect_mode', () => {
    if (
      collectMode !== undefined &&
      collectMode !== 'breadth_first' &&
      collectMode !== 'depth_first'
    ) {
      throw badRequest(`No collect_mode found for value [${collectMode}]`);
    }
  });
  return {
    field,
    size,
    shardSize,
    minDocCount,
    shardMinDocCount,
    order: body.order === undefined ? DEFAULT_ORDER : parseOrder(TYPE, body.order),
    missing: readScalar(TYPE, body, 'missing'),
    include: readTermList(body, 'include'),
    exclude: readTermList(body, 'exclude'),
    format: readString(TYPE, body, 'format'),
    showTermDocCountError: readBoolean(TYPE, body, 'show_term_doc_count_error') ?? false,
  };
}

/** The buckets a shard would collect: one per distinct value, before ordering and trimming. */
interface Candidates {
  readonly length: number;
  readonly counts: Int32Array;
  readonly keyOf: (index: number) => string | number;
  readonly compareKeys: (a: number, b: number) => number;
  /** Groups the bucket's ordinals by candidate; group i holds the documents of chosen[i]. */
  readonly gather: (chosen: Int32Array) => OrdinalGroups;
}

function liveOrdinals(space: DocSpace): Int32Array {
  return space.live.toOrdinals().filter((ord) => ord < space.visibleSize);
}

function collectKeywords(
  column: KeywordColumn | undefined,
  params: TermsParams,
  bucket: Bucket,
  missing: string | undefined,
): Candidates {
  const terms = column?.terms ?? [];
  const termCount = terms.length;
  const missingSlot = missing === undefined ? -1 : (column?.termIds.get(missing) ?? termCount);
  const termOf = (slot: number) => (slot < termCount ? terms[slot]! : missing!);
  const single = column?.single.data ?? new Int32Array(0);
  const multi = column?.multi;
  const ordinals = bucket.ordinals;

  // min_doc_count 0 also lists the terms of documents the query did not match.
  let present: Uint8Array | undefined;
  if (params.minDocCount === 0 && column) {
    present = new Uint8Array(termCount + 1);
    for (const ord of liveOrdinals(bucket.space))
      for (const t of column.valuesOf(ord)) present[t] = 1;
  }
  // A bucket far smaller than the dictionary (terms on `vin` in each map cell) counts its own
  // terms instead of allocating and scanning a counter per term.
  const sparse = !present && ordinals.length * 4 < termCount;
  const { counts, seen } = sparse
    ? countSparse(ordinals, single, multi, missingSlot)
    : countDense(ordinals, single, multi, missingSlot, termCount);
  const include = params.include ? new Set(params.include.map(String)) : undefined;
  const exclude = params.exclude ? new Set(params.exclude.map(String)) : undefined;

  const slots: number[] = [];
  const slotCounts: number[] = [];
  const slotLimit = missingSlot === termCount ? termCount + 1 : termCount;
  const consider = (slot: number, count: number) => {
    if (count === 0 && !present?.[slot]) return;
    if (count < params.shardMinDocCount) return;
    const term = termOf(slot);
    if (include && !include.has(term)) return;
    if (exclude?.has(term)) return;
    slots.push(slot);
    slotCounts.push(count);
  };
  if (seen) {
    for (let i = 0; i < seen.length; i++) consider(seen[i]!, counts[i]!);
  } else {
    for (let slot = 0; slot < slotLimit; slot++) consider(slot, counts[slot]!);
  }
  const candidateCounts = Int32Array.from(slotCounts);
  // Many candidates (terms on `vin`) compare by dictionary rank where that is the same order
  // and ordering the dictionary costs little next to comparing them.
  const ranks =
    column &&
    slots.length >= RANKED_CANDIDATES &&
    (column.order.isCurrent() || slots.length * 8 >= termCount) &&
    column.order.matchesCodePointOrder()
      ? column.order.ranks()
      : undefined;
  return {
    length: slots.length,
    counts: candidateCounts,
    keyOf: (i) => termOf(slots[i]!),
    compareKeys: ranks
      ? (a, b) => {
          const x = slots[a]!;
          const y = slots[b]!;
          // The `missing` term may be no dictionary term: it has no rank.
          return x < termCount && y < termCount
            ? ranks[x]! - ranks[y]!
            : compareTerms(termOf(x), termOf(y));
        }
      : (a, b) => compareTerms(termOf(slots[a]!), termOf(slots[b]!)),
    gather(chosen) {
      const groupOf = sparse
        ? new SparseGroups()
        : new DenseGroups(new Int32Array(termCount + 1).fill(-1));
      let total = 0;
      chosen.forEach((c, g) => {
        groupOf.set(slots[c]!, g);
        total += candidateCounts[c]!;
      });
      const groups = new OrdinalGroups(total);
      for (let i = 0; i < ordinals.length; i++) {
        const ord = ordinals[i]!;
        const id = ord < single.length ? single[ord]! : -1;
        if (id >= 0) {
          const g = groupOf.get(id);
          if (g >= 0) groups.add(ord, g);
        } else if (id === -2) {
          for (const t of multi!.get(ord) ?? []) {
            const g = groupOf.get(t);
            if (g >= 0) groups.add(ord, g);
          }
        } else if (missingSlot >= 0 && groupOf.get(missingSlot) >= 0) {
          groups.add(ord, groupOf.get(missingSlot));
        }
      }
      groups.group(chosen.length);
      return groups;
    },
  };
}

/** Candidate → group, by term slot: an array over the dictionary, or a map for a few slots. */
class DenseGroups {
  constructor(private readonly groupOf: Int32Array) {}
  set(slot: number, group: number): void {
    this.groupOf[slot] = group;
  }
  get(slot: number): number {
    return this.groupOf[slot]!;
  }
}

class SparseGroups {
  private readonly groupOf = new Map<number, number>();
  set(slot: number, group: number): void {
    this.groupOf.set(slot, group);
  }
  get(slot: number): number {
    return this.groupOf.get(slot) ?? -1;
  }
}

/** Documents per term slot, one counter per slot of the dictionary (plus the missing slot). */
function countDense(
  ordinals: Int32Array,
  single: Int32Array,
  multi: ReadonlyMap<number, readonly number[]> | undefined,
  missingSlot: number,
  termCount: number,
): { counts: Int32Array; seen: undefined } {
  const counts = new Int32Array(termCount + 1);
  for (let i = 0; i < ordinals.length; i++) {
    const ord = ordinals[i]!;
    const id = ord < single.length ? single[ord]! : -1;
    if (id >= 0) counts[id]!++;
    else if (id === -2) for (const t of multi!.get(ord) ?? []) counts[t]!++;
    else if (missingSlot >= 0) counts[missingSlot]!++;
  }
  return { counts, seen: undefined };
}

/** The slots the documents have, ascending (`seen`), and their document counts (`counts`). */
function countSparse(
  ordinals: Int32Array,
  single: Int32Array,
  multi: ReadonlyMap<number, readonly number[]> | undefined,
  missingSlot: number,
): { counts: Int32Array; seen: Int32Array } {
  let ids = new Int32Array(ordinals.length);
  let n = 0;
  const push = (id: number) => {
    if (n === ids.length) {
      const grown = new Int32Array(ids.length * 2 + 16);
      grown.set(ids);
      ids = grown;
    }
    ids[n++] = id;
  };
  for (let i = 0; i < ordinals.length; i++) {
    const ord = ordinals[i]!;
    const id = ord < single.length ? single[ord]! : -1;
    if (id >= 0) push(id);
    else if (id === -2) for (const t of multi!.get(ord) ?? []) push(t);
    else if (missingSlot >= 0) push(missingSlot);
  }
  const sorted = ids.subarray(0, n).sort();
  const seen = new Int32Array(n);
  const counts = new Int32Array(n);
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    if (distinct > 0 && seen[distinct - 1] === sorted[i]) counts[distinct - 1]!++;
    else {
      seen[distinct] = sorted[i]!;
      counts[distinct++] = 1;
    }
  }
  return { counts: counts.subarray(0, distinct), seen: seen.subarray(0, distinct) };
}

const SMALL_RANGE = 1 << 16;
const RANKED_CANDIDATES = 256;

/**
 * Documents per value when every value (and `missing`) is an integer in a small range (years,
 * codes, speeds): counted in a typed array instead of a Map. Undefined otherwise.
 */
function countSmallIntegers(
  data: Float64Array,
  ordinals: Int32Array,
  missing: number | undefined,
): { min: number; counts: Int32Array } | undefined {
  let min = Infinity;
  let max = -Infinity;
  let anyMissing = false;
  for (let i = 0; i < ordinals.length; i++) {
    const ord = ordinals[i]!;
    const v = ord < data.length ? data[ord]! : NaN;
    if (v !== v) {
      anyMissing = true;
      continue;
    }
    if (v !== Math.floor(v) || v - min > SMALL_RANGE || max - v > SMALL_RANGE) return undefined;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (anyMissing && missing !== undefined) {
    if (missing !== Math.floor(missing)) return undefined;
    if (missing < min) min = missing;
    if (missing > max) max = missing;
  }
  if (min === Infinity || max - min >= SMALL_RANGE) return undefined;
  const counts = new Int32Array(max - min + 1);
  for (let i = 0; i < ordinals.length; i++) {
    const ord = ordinals[i]!;
    const v = ord < data.length ? data[ord]! : NaN;
    if (v === v) counts[(v - min) | 0]!++;
    else if (missing !== undefined) counts[(missing - min) | 0]!++;
  }
  return { min, counts };
}

/** Calls `visit` once per distinct value of a document (doc values repeat equal values). */
function forEachDistinct(
  column: NumericColumn,
  ord: number,
  visit: (value: number) => void,
): boolean {
  const values = column.multi.get(ord);
  if (values) {
    for (let j = 0; j < values.length; j++)
      if (j === 0 || values[j] !== values[j - 1]) visit(values[j]!);
    return true;
  }
  const v = column.single.get(ord);
  if (Number.isNaN(v)) return false;
  visit(v);
  return true;
}

function collectNumbers(
  source: FieldSource & { kind: 'numeric' | 'date' | 'boolean' },
  params: TermsParams,
  bucket: Bucket,
  missing: number | undefined,
  now: number,
): Candidates {
  const column = source.column;
  const ordinals = bucket.ordinals;
  const counts = new Map<number, number>();
  const bump = (v: number) => counts.set(v, (counts.get(v) ?? 0) + 1);
  const small =
    column && !column.hasMultiValues
      ? countSmallIntegers(column.single.data, ordinals, missing)
      : undefined;
  if (small) {
    // Same counts, keys ascending: the candidates' order never decides (the key breaks ties).
    for (let i = 0; i < small.counts.length; i++)
      if (small.counts[i]! > 0) counts.set(small.min + i, small.counts[i]!);
  } else if (column && !column.hasMultiValues) {
    const data = column.single.data;
    for (let i = 0; i < ordinals.length; i++) {
      const ord = ordinals[i]!;
      const v = ord < data.length ? data[ord]! : NaN;
      if (v === v) bump(v);
      else if (missing !== undefined) bump(missing);
    }
  } else {
    for (let i = 0; i < ordinals.length; i++) {
      const has = column ? forEachDistinct(column, ordinals[i]!, bump) : false;
      if (!has && missing !== undefined) bump(missing);
    }
  }
  if (params.minDocCount === 0 && column) {
    for (const ord of liveOrdinals(bucket.space)) {
      forEachDistinct(column, ord, (v) => {
        if (!counts.has(v)) counts.set(v, 0);
      });
    }
  }
  const parse = (v: string | number) => parseNumericValue(source, v, now);
  const include = params.include ? new Set(params.include.map(parse)) : undefined;
  const exclude = params.exclude ? new Set(params.exclude.map(parse)) : undefined;

  const keys: number[] = [];
  const candidateCounts: number[] = [];
  for (const [key, count] of counts) {
    if (count < params.shardMinDocCount) continue;
    if (include && !include.has(key)) continue;
    if (exclude?.has(key)) continue;
    keys.push(key);
    candidateCounts.push(count);
  }
  return {
    length: keys.length,
    counts: Int32Array.from(candidateCounts),
    keyOf: (i) => keys[i]!,
    compareKeys: (a, b) => keys[a]! - keys[b]!,
    gather(chosen) {
      const groupOf = new Map<number, number>();
      let total = 0;
      chosen.forEach((c, g) => {
        groupOf.set(keys[c]!, g);
        total += candidateCounts[c]!;
      });
      const groups = new OrdinalGroups(total);
      for (let i = 0; i < ordinals.length; i++) {
        const ord = ordinals[i]!;
        const has = column
          ? forEachDistinct(column, ord, (v) => {
              const g = groupOf.get(v);
              if (g !== undefined) groups.add(ord, g);
            })
          : false;
        if (!has && missing !== undefined) {
          const g = groupOf.get(missing);
          if (g !== undefined) groups.add(ord, g);
        }
      }
      groups.group(chosen.length);
      return groups;
    },
  };
}

const NO_CANDIDATES: Candidates = {
  length: 0,
  counts: new Int32Array(0),
  keyOf: () => '',
  compareKeys: () => 0,
  gather: () => {
    const groups = new OrdinalGroups(0);
    groups.group(0);
    return groups;
  },
};

function collect(
  source: FieldSource,
  params: TermsParams,
  bucket: Bucket,
  now: number,
): Candidates {
  const missing = parseMissing(source, params.missing, now);
  switch (source.kind) {
    case 'keyword':
    case 'unmapped': {
      const column = source.kind === 'keyword' ? source.column : undefined;
      const missingTerm = missing.kind === 'keyword' ? missing.value : undefined;
      if (!column && missingTerm === undefined) return NO_CANDIDATES;
      return collectKeywords(column, params, bucket, missingTerm);
    }
    case 'geo':
      return NO_CANDIDATES; // refused by resolveField
    default:
      return collectNumbers(
        source,
        params,
        bucket,
        missing.kind === 'number' ? missing.value : undefined,
        now,
      );
  }
}

function run(
  params: TermsParams,
  bucket: Bucket,
  subs: readonly ParsedAggregation[],
  run: AggregationRun,
) {
  const source = resolveField(
    TYPE,
    params.field,
    bucket.space,
    run.ctx.shard,
    ['keyword', 'numeric', 'date', 'boolean'],
    params.format,
  );
  const format: ValueFormat =
    source.kind === 'numeric' || source.kind === 'date' || source.kind === 'boolean'
      ? source.format
      : RAW;
  const candidates = collect(source, params, bucket, run.ctx.now);

  // Ordering by a sub-aggregation needs every candidate's documents; otherwise only the winners'.
  const byPath = params.order.some((e) => e.kind === 'path');
  let allGroups: OrdinalGroups | undefined;
  if (byPath)
    allGroups = candidates.gather(Int32Array.from({ length: candidates.length }, (_, i) => i));
  const bucketAt = (i: number): Bucket => ({ ...bucket, ordinals: allGroups!.ordinalsOf(i) });
  const pathValues = orderPathValues(
    params.order,
    subs,
    run,
    byPath ? candidates.length : 0,
    bucketAt,
  );
  const compare = bucketComparator(
    params.order,
    candidates.counts,
    candidates.compareKeys,
    pathValues,
  );

  // One shard: it keeps its top shard_size buckets, then the reduce applies min_doc_count and size.
  const shardSize = Math.max(params.size, params.shardSize ?? Math.floor(params.size * 1.5 + 10));
  let total = 0;
  for (let i = 0; i < candidates.length; i++) total += candidates.counts[i]!;
  const shardTop = topK(candidates.length, shardSize, compare);
  let otherDocCount = total;
  for (const c of shardTop) otherDocCount -= candidates.counts[c]!;
  const kept = shardTop.filter((c) => candidates.counts[c]! >= params.minDocCount);
  const chosen = kept.subarray(0, params.size);
  for (const c of kept.subarray(params.size)) otherDocCount += candidates.counts[c]!;
  run.consumeBuckets(chosen.length);

  const groups = subs.length > 0 && !byPath ? candidates.gather(chosen) : undefined;
  const subResults = groups
    ? run.subAggregateSlots(subs, bucket, groups, chosen.length)
    : undefined;
  const buckets = Array.from(chosen, (c, g) => {
    const key = candidates.keyOf(c);
    const out: Record<string, unknown> = { key };
    if (typeof key === 'number') {
      const asString = formatValue(format, key);
      if (asString !== undefined) out.key_as_string = asString;
    }
    out.doc_count = candidates.counts[c]!;
    if (params.showTermDocCountError) out.doc_count_error_upper_bound = 0;
    if (subResults) Object.assign(out, subResults(g));
    else if (allGroups)
      Object.assign(out, run.subAggregate(subs, { ...bucket, ordinals: allGroups.ordinalsOf(c) }));
    return out;
  });
  return { doc_count_error_upper_bound: 0, sum_other_doc_count: otherDocCount, buckets };
}

export const terms = defineAggregation<TermsParams>({
  name: TYPE,
  acceptsSubAggregations: true,
  parse,
  run,
});
