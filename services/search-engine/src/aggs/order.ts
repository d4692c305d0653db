import { SearchEngineError, badRequest, parsingError } from '../errors';
import type { AggregationRun, Bucket, ParsedAggregation } from './aggregator';
import { failedToParse, isObject, tokenName } from './params';

/** One element of a bucket `order`: by doc count, by key, or by a sub-aggregation's value. */
export type OrderElement =
  | { readonly kind: 'count'; readonly asc: boolean }
  | { readonly kind: 'key'; readonly asc: boolean }
  | { readonly kind: 'path'; readonly path: string; readonly asc: boolean };

function parseElement(raw: unknown): OrderElement {
  if (!isObject(raw)) throw parsingError(`Unexpected token [${tokenName(raw)}] for [order]`);
  const entries = Object.entries(raw);
  if (entries.length === 0) throw parsingError('Must specify at least one field for [order]');
  if (entries.length > 1)
    throw parsingError('Must specify only one field per [order] element; use a list');
  const [key, dir] = entries[0]!;
  if (typeof dir !== 'string')
    throw parsingError(`Unexpected token [${tokenName(dir)}] for [order]`);
  const lower = dir.toLowerCase();
  if (lower !== 'asc' && lower !== 'desc') throw parsingError(`Unknown order direction [${dir}]`);
  const asc = lower === 'asc';
  // `_term` and `_time` are OpenSearch's deprecated spellings of `_key`.
  if (key === '_key' || key === '_term' || key === '_time') return { kind: 'key', asc };
  if (key === '_count') return { kind: 'count', asc };
  return { kind: 'path', path: key, asc };
}

/**
 * Parses `order` (an object or a list of objects). Unless the order ends on the key, `_key`
 * ascending is appended as the tie-breaker, as OpenSearch's compound order does.
 */
export function parseOrder(type: string, raw: unknown): OrderElement[] {
  let elements: OrderElement[];
  try {
    elements = Array.isArray(raw) ? raw.map(parseElement) : [parseElement(raw)];
  } catch (err) {
    if (err instanceof SearchEngineError) throw failedToParse(type, 'order', err);
    throw err;
  }
  if (elements.length === 0)
    throw failedToParse(type, 'order', parsingError('Must specify at least one field for [order]'));
  const last = elements[elements.length - 1]!;
  if (last.kind !== 'key') elements.push({ kind: 'key', asc: true });
  return elements;
}

/** Java's Double.compare: NaN sorts above everything, -0 below 0. */
export function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) {
    if (a !== 0) return 0;
    return Object.is(a, -0) === Object.is(b, -0) ? 0 : Object.is(a, -0) ? -1 : 1;
  }
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
}

type PathValue = (bucket: Bucket) => number;

function invalidPath(path: string, detail: string): SearchEngineError {
  return badRequest(`Invalid aggregation order path [${path}]. ${detail}`);
}

/**
 * Resolves an order path such as `avg_speed`, `avg_speed.value`, `recent.doc_count` or
 * `recent>max_ts` against the sub-aggregations: zero or more single-bucket aggregations, then a
 * single-value metric or a single-bucket aggregation (its doc count).
 */
export function resolveOrderPath(
  path: string,
  subs: readonly ParsedAggregation[],
  run: AggregationRun,
): PathValue {
  const parts = path.split('>');
  const steps: ParsedAggregation[] = [];
  let scope = subs;
  for (let i = 0; i < parts.length; i++) {
    let name = parts[i]!;
    let key: string | undefined;
    if (i === parts.length - 1) {
      const dot = name.indexOf('.');
      if (dot >= 0) {
        key = name.slice(dot + 1);
        name = name.slice(0, dot);
      }
    }
    if (name.includes('[')) {
      throw invalidPath(path, 'Bucket keys in order paths are not supported by this engine.');
    }
    const agg = scope.find((s) => s.name === name);
    if (!agg) {
      throw invalidPath(
        path,
        `The provided aggregation [${name}] either does not exist, or is a pipeline aggregation and cannot be used to sort the buckets.`,
      );
    }
    const last = i === parts.length - 1;
    if (!last) {
      if (!agg.impl.narrow) {
        throw invalidPath(
          path,
          `Buckets can only be sorted on a sub-aggregator path that is built out of zero or more single-bucket aggregations within the path and a final single-bucket or a metrics aggregation at the path end. Sub-path [${name}] points to non single-bucket aggregation`,
        );
      }
      steps.push(agg);
      scope = agg.subs;
      continue;
    }
    const narrowTo = (bucket: Bucket): Bucket => {
      let current = bucket;
      for (const step of steps) current = step.impl.narrow!(step.params, current, run);
      return current;
    };
    if (agg.impl.sortValue) {
      if (key !== undefined && key !== 'value') {
        throw badRequest(
          `Ordering on a single-value metrics aggregation can only be done on its value. Either drop the key (a la "${name}") or change it to "value" (a la "${name}.value")`,
        );
      }
      const sortValue = agg.impl.sortValue.bind(agg.impl);
      return (bucket) => sortValue(agg.params, narrowTo(bucket), run);
    }
    if (agg.impl.narrow) {
      if (key !== undefined && key !== 'doc_count') {
        throw badRequest(
          `Ordering on a single-bucket aggregation can only be done on its doc_count. Either drop the key (a la "${name}") or change it to "doc_count" (a la "${name}.doc_count") or "key".`,
        );
      }
      const narrow = agg.impl.narrow.bind(agg.impl);
      return (bucket) => narrow(agg.params, narrowTo(bucket), run).ordinals.length;
    }
    throw invalidPath(
      path,
      `Buckets can only be sorted on a sub-aggregator path that is built out of zero or more single-bucket aggregations within the path and a final single-bucket or a metrics aggregation at the path end. [${name}] of type [${agg.type}] has no single sortable value.`,
    );
  }
  throw invalidPath(path, 'Empty path.');
}

/** Sort values of each order path element, computed once per candidate bucket. */
export function orderPathValues(
  order: readonly OrderElement[],
  subs: readonly ParsedAggregation[],
  run: AggregationRun,
  bucketCount: number,
  bucketAt: (index: number) => Bucket,
): (Float64Array | undefined)[] {
  return order.map((element) => {
    if (element.kind !== 'path') return undefined;
    const value = resolveOrderPath(element.path, subs, run);
    const values = new Float64Array(bucketCount);
    for (let i = 0; i < bucketCount; i++) values[i] = value(bucketAt(i));
    return values;
  });
}

/** Compares candidate buckets by index according to the order. */
export function bucketComparator(
  order: readonly OrderElement[],
  counts: ArrayLike<number>,
  compareKeys: (a: number, b: number) => number,
  pathValues: readonly (Float64Array | undefined)[],
): (a: number, b: number) => number {
  return (a, b) => {
    for (let e = 0; e < order.length; e++) {
      const element = order[e]!;
      let cmp: number;
      if (element.kind === 'count') cmp = counts[a]! - counts[b]!;
      else if (element.kind === 'key') cmp = compareKeys(a, b);
      else cmp = compareDoubles(pathValues[e]![a]!, pathValues[e]![b]!);
      if (cmp !== 0) return element.asc ? cmp : -cmp;
    }
    return 0;
  };
}
