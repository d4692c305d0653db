import { DocSpace } from '../index/doc-space';
import { compileQuery } from '../query/compile';
import type { BitSet } from '../util/bitset';
import { type AggregationRun, type Bucket, defineAggregation } from './aggregator';
import { bodyOf } from './params';

interface FilterParams {
  readonly query: unknown;
  /** Matches per doc space, compiled once per request however many buckets the filter runs in. */
  readonly compiled: Map<DocSpace, BitSet>;
}

function filterBucket(params: FilterParams, bucket: Bucket, run: AggregationRun): Bucket {
  let bits = params.compiled.get(bucket.space);
  if (!bits) {
    bits = compileQuery(params.query, bucket.space, run.ctx).bits;
    params.compiled.set(bucket.space, bits);
  }
  return { ...bucket, ordinals: bits.keep(bucket.ordinals) };
}

export const filter = defineAggregation<FilterParams>({
  name: 'filter',
  acceptsSubAggregations: true,
  parse(raw, _aggName, scope) {
    const query = bodyOf('filter', raw);
    // Compiling against an empty space reports a malformed query even if no bucket ever runs it.
    compileQuery(query, new DocSpace(''), scope.ctx);
    return { query, compiled: new Map() };
  },
  run(params, bucket, subs, run) {
    const inner = filterBucket(params, bucket, run);
    return { doc_count: inner.ordinals.length, ...run.subAggregate(subs, inner) };
  },
  narrow: filterBucket,
});
