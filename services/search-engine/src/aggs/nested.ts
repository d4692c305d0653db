import { SearchEngineError, badRequest, parsingError } from '../errors';
import type { DocSpace } from '../index/doc-space';
import type { Shard } from '../index/shard';
import { BitSet } from '../util/bitset';
import { type AggregationRun, type Bucket, defineAggregation } from './aggregator';
import { bodyOf, tokenName } from './params';

interface NestedParams {
  readonly path: string;
}

interface ReverseNestedParams {
  readonly path: string | undefined;
}

const EMPTY = new Int32Array(0);

/** NestedAggregationBuilder.parse: a hand-written parser with its own messages. */
function parsePath(type: string, raw: unknown, aggName: string): string | undefined {
  const body = bodyOf(type, raw);
  let path: string | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string')
      throw parsingError(`Unexpected token ${tokenName(value)} in [${aggName}].`);
    if (key !== 'path')
      throw parsingError(`Unknown key for a VALUE_STRING in [${aggName}]: [${key}].`);
    path = value;
  }
  return path;
}

function notNested(type: string, path: string): SearchEngineError {
  return new SearchEngineError(
    400,
    'aggregation_execution_exception',
    `[${type}] nested path [${path}] is not nested`,
  );
}

/** The nested paths from `space` down to `path`, or undefined when `path` is not below `space`. */
function descent(shard: Shard, space: DocSpace, path: string): string[] | undefined {
  const chain: string[] = [];
  let current = path;
  while (current !== space.path) {
    if (current === '') return undefined;
    chain.unshift(current);
    current = shard.mapping.nestedScopeOf(current);
  }
  return chain.length > 0 ? chain : undefined;
}

function nestedBucket(params: NestedParams, bucket: Bucket, run: AggregationRun): Bucket {
  const shard = run.ctx.shard;
  const field = shard.mapping.field(params.path);
  // An unmapped path is an empty bucket, as in OpenSearch.
  if (!field) return { space: bucket.space, ordinals: EMPTY, insideNested: true };
  if (field.type !== 'nested') throw notNested('nested', params.path);
  const chain = descent(shard, bucket.space, params.path);
  if (!chain) {
    throw badRequest(
      `[nested] path [${params.path}] is not below the current nested scope [${bucket.space.path || '_doc'}]; this engine only steps down into child objects`,
    );
  }
  let space = bucket.space;
  let ordinals = bucket.ordinals;
  for (const step of chain) {
    const child = space.children.get(step);
    if (!child) return { space: bucket.space, ordinals: EMPTY, insideNested: true };
    ordinals = space.childrenOf(step, ordinals);
    space = child;
  }
  return { space, ordinals, insideNested: true };
}

export const nested = defineAggregation<NestedParams>({
  name: 'nested',
  acceptsSubAggregations: true,
  parse(raw, aggName) {
    const path = parsePath('nested', raw, aggName);
    if (path === undefined)
      throw parsingError(`Missing [path] field for nested aggregation [${aggName}]`);
    return { path };
  },
  run(params, bucket, subs, run) {
    const inner = nestedBucket(params, bucket, run);
    return { doc_count: inner.ordinals.length, ...run.subAggregate(subs, inner) };
  },
  narrow: nestedBucket,
});

/** Maps nested documents up to their ancestors at `path` ('' = root); each ancestor once, ascending. */
function reverseNestedBucket(
  params: ReverseNestedParams,
  bucket: Bucket,
  run: AggregationRun,
): Bucket {
  const target = params.path ?? '';
  if (target !== '') {
    const field = run.ctx.shard.mapping.field(target);
    if (!field) return { ...bucket, ordinals: EMPTY };
    if (field.type !== 'nested') throw notNested('reverse_nested', target);
  }
  const steps: DocSpace[] = [];
  let space: DocSpace | undefined = bucket.space;
  while (space && space.path !== target) {
    steps.push(space);
    space = space.parent;
  }
  if (!space) {
    throw badRequest(
      `[reverse_nested] path [${target}] is not above the current nested scope [${bucket.space.path}]; this engine only steps up to enclosing objects`,
    );
  }
  if (steps.length === 0) return bucket;
  const parents = new BitSet(space.visibleSize);
  const ordinals = bucket.ordinals;
  for (let i = 0; i < ordinals.length; i++) {
    let ord = ordinals[i]!;
    for (const step of steps) ord = step.parentOrd.data[ord]!;
    if (ord >= 0 && ord < space.visibleSize) parents.add(ord);
  }
  return { space, ordinals: parents.toOrdinals(), insideNested: bucket.insideNested };
}

export const reverseNested = defineAggregation<ReverseNestedParams>({
  name: 'reverse_nested',
  acceptsSubAggregations: true,
  parse(raw, aggName, scope) {
    const path = parsePath('reverse_nested', raw, aggName);
    if (!scope.insideNested) {
      throw badRequest(
        `Reverse nested aggregation [${aggName}] can only be used inside a [nested] aggregation`,
      );
    }
    return { path };
  },
  run(params, bucket, subs, run) {
    const outer = reverseNestedBucket(params, bucket, run);
    return { doc_count: outer.ordinals.length, ...run.subAggregate(subs, outer) };
  },
  narrow: reverseNestedBucket,
});
