import { SearchEngineError, badRequest, parsingError } from '../errors';
import type { DocSpace } from '../index/doc-space';
import type {
  AggregationContext,
  AggregationRun,
  AggregationType,
  Bucket,
  ParsedAggregation,
  ParseScope,
  SlotResults,
} from './aggregator';
import { cardinality } from './cardinality';
import { dateHistogram } from './date-histogram';
import { filter } from './filter';
import { geoBounds, geoCentroid } from './geo-metrics';
import { geohashGrid } from './geohash-grid';
import { geotileGrid } from './geotile-grid';
import { nested, reverseNested } from './nested';
import { avg, max, min, sum } from './numeric-metrics';
import type { OrdinalGroups } from './ordinal-groups';
import { isObject, suggest, tokenName } from './params';
import { terms } from './terms';
import { topHits } from './top-hits';
import { valueCount } from './value-count';

export type { AggregationContext } from './aggregator';

const SUPPORTED = new Map<string, AggregationType<unknown>>(
  [
    terms,
    nested,
    reverseNested,
    filter,
    geotileGrid,
    geohashGrid,
    dateHistogram,
    geoCentroid,
    geoBounds,
    topHits,
    min,
    max,
    avg,
    sum,
    valueCount,
    cardinality,
  ].map((type) => [type.name, type]),
);

/** OpenSearch 2.x's other aggregation types: named in errors, so a request for one is told it is unsupported here. */
const OPENSEARCH_ONLY = [
  'adjacency_matrix',
  'auto_date_histogram',
  'children',
  'composite',
  'date_range',
  'diversified_sampler',
  'filters',
  'geo_distance',
  'global',
  'histogram',
  'ip_range',
  'missing',
  'multi_terms',
  'parent',
  'range',
  'rare_terms',
  'sampler',
  'significant_terms',
  'significant_text',
  'variable_width_histogram',
  'extended_stats',
  'matrix_stats',
  'median_absolute_deviation',
  'percentile_ranks',
  'percentiles',
  'scripted_metric',
  'stats',
  'weighted_avg',
  'avg_bucket',
  'bucket_script',
  'bucket_selector',
  'bucket_sort',
  'cumulative_sum',
  'derivative',
  'extended_stats_bucket',
  'max_bucket',
  'min_bucket',
  'moving_fn',
  'percentiles_bucket',
  'serial_diff',
  'stats_bucket',
  'sum_bucket',
];

/** OpenSearch's search.max_buckets default. */
const MAX_BUCKETS = 65_535;
const EMPTY = new Int32Array(0);
const VALID_NAME = /^[^[\]>]+$/;

function parseOne(name: string, raw: unknown, scope: ParseScope): ParsedAggregation {
  if (!VALID_NAME.test(name)) {
    throw parsingError(
      `Invalid aggregation name [${name}]. Aggregation names can contain any character except '[', ']', and '>'`,
    );
  }
  if (!isObject(raw)) {
    throw parsingError(
      `Aggregation definition for [${name} starts with a [${tokenName(raw)}], expected a [START_OBJECT].`,
    );
  }
  let type: string | undefined;
  let subsRaw: unknown;
  let meta: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(raw)) {
    if (!isObject(value)) {
      throw parsingError(
        `Expected [START_OBJECT] under [${key}], but got a [${tokenName(value)}] in [${name}]`,
      );
    }
    if (key === 'meta') {
      meta = value;
    } else if (key === 'aggs' || key === 'aggregations') {
      if (subsRaw !== undefined)
        throw parsingError(`Found two sub aggregation definitions under [${name}]`);
      subsRaw = value;
    } else {
      if (type !== undefined) {
        throw parsingError(
          `Found two aggregation type definitions in [${name}]: [${type}] and [${key}]`,
        );
      }
      if (!SUPPORTED.has(key)) {
        if (OPENSEARCH_ONLY.includes(key)) {
          throw badRequest(
            `aggregation type [${key}] is not supported by this engine; supported types are [${[...SUPPORTED.keys()].join(', ')}]`,
          );
        }
        throw new SearchEngineError(
          400,
          'parsing_exception',
          `Unknown aggregation type [${key}]${suggest(key, [...SUPPORTED.keys(), ...OPENSEARCH_ONLY])}`,
          { line: 1, col: 1 },
        );
      }
      type = key;
    }
  }
  if (type === undefined) throw parsingError(`Missing definition for aggregation [${name}]`);
  const impl = SUPPORTED.get(type)!;
  const params = impl.parse(raw[type], name, scope);
  const subs =
    subsRaw === undefined
      ? []
      : parseAggregations(subsRaw, {
          ...scope,
          insideNested: scope.insideNested || type === 'nested',
        });
  if (subs.length > 0 && !impl.acceptsSubAggregations) {
    throw new SearchEngineError(
      400,
      'aggregation_initialization_exception',
      `Aggregator [${name}] of type [${type}] cannot accept sub-aggregations`,
    );
  }
  return { name, type, meta, impl, params, subs };
}

function parseAggregations(raw: unknown, scope: ParseScope): ParsedAggregation[] {
  if (!isObject(raw)) {
    throw parsingError(
      `Expected [START_OBJECT] under [aggregations], but got a [${tokenName(raw)}]`,
    );
  }
  return Object.entries(raw).map(([name, body]) => parseOne(name, body, scope));
}

class Run implements AggregationRun {
  private buckets = 0;
  private readonly memos = new WeakMap<object, Map<DocSpace, unknown>>();

  constructor(readonly ctx: AggregationContext) {}

  subAggregate(subs: readonly ParsedAggregation[], bucket: Bucket): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const agg of subs) {
      const result = agg.impl.run(agg.params, bucket, agg.subs, this);
      out[agg.name] = agg.meta ? { meta: agg.meta, ...result } : result;
    }
    return out;
  }

  subAggregateSlots(
    subs: readonly ParsedAggregation[],
    bucket: Bucket,
    groups: OrdinalGroups,
    slotCount: number,
  ): SlotResults {
    const empty = (): Record<string, unknown> =>
      this.subAggregate(subs, { ...bucket, ordinals: EMPTY });
    if (subs.every((agg) => agg.impl.runSlots && agg.subs.length === 0)) {
      const pairs = groups.pairs();
      const perAgg = subs.map((agg) =>
        agg.impl.runSlots!(agg.params, bucket.space, pairs, slotCount, this),
      );
      return (slot) => {
        if (slot < 0) return empty();
        const out: Record<string, unknown> = {};
        subs.forEach((agg, i) => {
          const result = perAgg[i]!(slot);
          out[agg.name] = agg.meta ? { meta: agg.meta, ...result } : result;
        });
        return out;
      };
    }
    // The rest bucket by bucket; those with a one-pass form still take it, started lazily so
    // they run (and fail) in the same order as bucket by bucket.
    const pairs = groups.pairs();
    const perAgg: (SlotResults | undefined)[] = [];
    groups.group(slotCount);
    return (slot) => {
      if (slot < 0) return empty();
      const inner = { ...bucket, ordinals: groups.ordinalsOf(slot) };
      const out: Record<string, unknown> = {};
      subs.forEach((agg, i) => {
        let result: Record<string, unknown>;
        if (agg.impl.runSlots && agg.subs.length === 0) {
          let slots = perAgg[i];
          if (!slots) {
            slots = agg.impl.runSlots(agg.params, bucket.space, pairs, slotCount, this);
            perAgg[i] = slots;
          }
          result = slots(slot);
        } else {
          result = agg.impl.run(agg.params, inner, agg.subs, this);
        }
        out[agg.name] = agg.meta ? { meta: agg.meta, ...result } : result;
      });
      return out;
    };
  }

  memo<T>(owner: object, space: DocSpace, compute: () => T): T {
    let bySpace = this.memos.get(owner);
    if (!bySpace) {
      bySpace = new Map();
      this.memos.set(owner, bySpace);
    }
    if (bySpace.has(space)) return bySpace.get(space) as T;
    const value = compute();
    bySpace.set(space, value);
    return value;
  }

  consumeBuckets(count: number): void {
    this.buckets += count;
    if (this.buckets > MAX_BUCKETS) {
      throw new SearchEngineError(
        400,
        'too_many_buckets_exception',
        `Trying to create too many buckets. Must be less than or equal to: [${MAX_BUCKETS}] but was [${this.buckets}]. This limit can be set by changing the [search.max_buckets] cluster level setting.`,
        { max_buckets: MAX_BUCKETS },
      );
    }
  }
}

/** Runs an `aggs`/`aggregations` object over the given live, visible ordinals of `space`; returns the `aggregations` response object. Throws SearchEngineError (400) for anything unsupported or malformed. */
export function runAggregations(
  aggs: unknown,
  space: DocSpace,
  ordinals: Int32Array,
  ctx: AggregationContext,
): Record<string, unknown> {
  // The whole tree is validated first, so a bad sub-aggregation fails even when no bucket would run it.
  const parsed = parseAggregations(aggs, { ctx, insideNested: false });
  return new Run(ctx).subAggregate(parsed, { space, ordinals, insideNested: false });
}
