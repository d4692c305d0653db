import type { DocSpace } from '../index/doc-space';
import type { QueryContext } from '../query/compile';
import type { OrdinalGroups } from './ordinal-groups';

/** What the search code hands to the aggregations: query context plus top_hits rendering. */
export interface AggregationContext extends QueryContext {
  /** Renders top_hits: sorts the given ordinals of `space` (root or nested) and returns OpenSearch's `hits` object. Implemented by the lead. */
  topHits(
    space: DocSpace,
    ordinals: Int32Array,
    request: { size?: number; from?: number; sort?: unknown; _source?: unknown },
  ): Record<string, unknown>;
}

/** The documents one aggregation runs over: ascending live ordinals of one doc space. */
export interface Bucket {
  readonly space: DocSpace;
  readonly ordinals: Int32Array;
  /** True below a `nested` aggregation, the only place `reverse_nested` is allowed. */
  readonly insideNested: boolean;
}

/** (ordinal, bucket slot) pairs of many buckets at once, ordinals ascending. */
export interface SlotPairs {
  readonly length: number;
  readonly ords: Int32Array;
  readonly slots: Int32Array;
}

/** The sub-aggregation results of bucket `slot` (-1: an empty bucket). */
export type SlotResults = (slot: number) => Record<string, unknown>;

/** One aggregation of the request, validated before anything runs. */
export interface ParsedAggregation {
  readonly name: string;
  readonly type: string;
  readonly meta: Record<string, unknown> | undefined;
  readonly impl: AggregationType<unknown>;
  readonly params: unknown;
  readonly subs: readonly ParsedAggregation[];
}

/** Where in the request tree an aggregation is parsed. */
export interface ParseScope {
  readonly ctx: AggregationContext;
  /** True below a `nested` aggregation. */
  readonly insideNested: boolean;
}

/** Per-request services the aggregation types use (given to them so they need not import the registry). */
export interface AggregationRun {
  readonly ctx: AggregationContext;
  /** Runs sub-aggregations over a bucket; returns `{ name: result, ... }`. */
  subAggregate(subs: readonly ParsedAggregation[], bucket: Bucket): Record<string, unknown>;
  /** Counts buckets toward search.max_buckets; throws too_many_buckets_exception past the limit. */
  consumeBuckets(count: number): void;
  /**
   * Computes something once per request for an aggregation (`owner`, its params) and a doc
   * space, e.g. the field it reads: a sub-aggregation runs in thousands of buckets.
   */
  memo<T>(owner: object, space: DocSpace, compute: () => T): T;
  /**
   * Sub-aggregations of many buckets given as (ordinal, slot) pairs: in one pass per metric when
   * every sub-aggregation supports it (`runSlots`), else bucket by bucket.
   */
  subAggregateSlots(
    subs: readonly ParsedAggregation[],
    bucket: Bucket,
    groups: OrdinalGroups,
    slotCount: number,
  ): SlotResults;
}

export interface AggregationType<P> {
  readonly name: string;
  /** Metric aggregations refuse sub-aggregations, as OpenSearch does. */
  readonly acceptsSubAggregations: boolean;
  /** Validates the body beside the type key (`{ field, size, ... }`); throws a 400 on anything unknown or malformed. */
  parse(body: unknown, aggName: string, scope: ParseScope): P;
  /** Computes the response body of this aggregation over a bucket. */
  run(
    params: P,
    bucket: Bucket,
    subs: readonly ParsedAggregation[],
    run: AggregationRun,
  ): Record<string, unknown>;
  /**
   * Optional fast path for metrics below a many-bucket aggregation: one pass over all pairs
   * computes every bucket's result, where running per bucket would cost a call each.
   */
  runSlots?(
    params: P,
    space: DocSpace,
    pairs: SlotPairs,
    slotCount: number,
    run: AggregationRun,
  ): SlotResults;
  /** Single-value metrics: the value buckets are ordered by (`order: { "my_avg": "desc" }`). */
  sortValue?(params: P, bucket: Bucket, run: AggregationRun): number;
  /** Single-bucket aggregations: the documents an order path continues into. */
  narrow?(params: P, bucket: Bucket, run: AggregationRun): Bucket;
}

/** Lets each aggregation file declare its parameter type while the registry stores them uniformly. */
export function defineAggregation<P>(type: AggregationType<P>): AggregationType<unknown> {
  return type;
}
