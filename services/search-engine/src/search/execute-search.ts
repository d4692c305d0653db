import { runAggregations, type AggregationContext } from '../aggs/run-aggregations';
import { badRequest, parsingError } from '../errors';
import type { DocSpace } from '../index/doc-space';
import { PRIMARY_TERM, type Shard } from '../index/shard';
import { compileQuery, scoreOf, type QueryContext } from '../query/compile';
import { RawJson } from './raw-json';
import { type EncodedSort, encodeSort, rankOrdinals, sortValuesOf } from './rank-ordinals';
import { selectTop } from './select-top';
import {
  type SortClause,
  type SortKeys,
  type SortValue,
  compareKeys,
  parseSort,
  resolveSortKeys,
} from './sort';
import { makeSourceFilter, parseSourceFilter, type SourceFilter } from './source-filter';
import { makeSourceReader } from './source-projection';
import { show } from '../util/show';

const BODY_KEYS = new Set([
  'query',
  'from',
  'size',
  'sort',
  'search_after',
  '_source',
  'track_total_hits',
  'aggs',
  'aggregations',
  'post_filter',
  'track_scores',
  'version',
  'seq_no_primary_term',
  'timeout',
  'explain',
]);

export interface SearchParams {
  readonly from?: string;
  readonly size?: string;
  readonly sort?: string;
  readonly _source?: string;
  readonly _source_includes?: string;
  readonly _source_excludes?: string;
  readonly track_total_hits?: string;
  readonly track_scores?: string;
  readonly version?: string;
  readonly seq_no_primary_term?: string;
  readonly rest_total_hits_as_int?: string;
}

interface HitOptions {
  readonly source: SourceFilter;
  readonly version: boolean;
  readonly seqNoPrimaryTerm: boolean;
}

function intParam(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n))
    throw badRequest(`Failed to parse int parameter [${name}] with value [${show(value)}]`);
  if (n < 0) throw badRequest(`[${name}] parameter cannot be negative, found [${n}]`);
  return n;
}

function boolParam(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === 'true' || value === '') return true;
  if (value === false || value === 'false') return false;
  throw badRequest(`Failed to parse value [${show(value)}] as only [true] or [false] are allowed.`);
}

/** `track_total_hits`: true (exact), false (omit the total), or a count to stop at. */
function parseTrackTotalHits(raw: unknown): number | boolean {
  if (raw === undefined) return 10_000;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  return intParam(raw, 'track_total_hits', 10_000);
}

/** The live, visible ordinals a query matches in a doc space. */
export function matchingOrdinals(query: unknown, space: DocSpace, ctx: QueryContext) {
  const matches = compileQuery(query, space, ctx);
  const bits = matches.bits.and(space.live);
  return { matches, ordinals: bits.toOrdinals() };
}

/** Renders hits for a set of documents of one doc space, sorted and paged. */
class HitRenderer {
  private readonly filter: ((source: unknown) => unknown) | undefined;
  private readonly reader: ((json: string) => unknown) | undefined;

  constructor(
    private readonly shard: Shard,
    private readonly options: HitOptions,
  ) {
    this.filter = makeSourceFilter(options.source);
    this.reader = makeSourceReader(options.source);
  }

  source(space: DocSpace, ord: number): unknown {
    if (!this.options.source.enabled) return undefined;
    if (space.path === '') {
      const record = this.shard.byOrdinal[ord]!;
      const text = record.source;
      // Filtered while parsing only what is kept; the rare document it declines is parsed whole.
      return this.reader ? this.reader(text) : new RawJson(text);
    }
    const nested = this.nestedObject(space, ord);
    return this.filter ? this.filter(nested.value) : nested.value;
  }

  /** Walks up to the root document and back down to this nested object. */
  private nestedObject(
    space: DocSpace,
    ord: number,
  ): { rootOrd: number; offset: number; value: unknown } {
    const parentSpace = space.parent!;
    const parent = space.parentOrd.get(ord);
    const offset = ord - parentSpace.childStart.get(space.path)!.get(parent);
    const container =
      parentSpace.path === ''
        ? {
            rootOrd: parent,
            value: JSON.parse(this.shard.byOrdinal[parent]!.source) as unknown,
          }
        : this.nestedObject(parentSpace, parent);
    const relative =
      parentSpace.path === '' ? space.path : space.path.slice(parentSpace.path.length + 1);
    let value: unknown = container.value;
    for (const part of relative.split('.'))
      value = (value as Record<string, unknown> | undefined)?.[part];
    const item = Array.isArray(value) ? (value[offset] as unknown) : value;
    return { rootOrd: container.rootOrd, offset, value: item };
  }

  hit(
    space: DocSpace,
    ord: number,
    score: number | null,
    sort?: unknown[],
  ): Record<string, unknown> {
    if (space.path === '') {
      const record = this.shard.byOrdinal[ord]!;
      return {
        _index: this.shard.name,
        _id: record.id,
        _version: this.options.version ? record.version : undefined,
        _seq_no: this.options.seqNoPrimaryTerm ? record.seqNo : undefined,
        _primary_term: this.options.seqNoPrimaryTerm ? PRIMARY_TERM : undefined,
        _score: score,
        _source: this.source(space, ord),
        sort,
      };
    }
    const nested = this.nestedObject(space, ord);
    return {
      _index: this.shard.name,
      _id: this.shard.byOrdinal[nested.rootOrd]!.id,
      _nested: { field: space.path, offset: nested.offset },
      _score: score,
      _source: this.options.source.enabled
        ? this.filter
          ? this.filter(nested.value)
          : nested.value
        : undefined,
      sort,
    };
  }
}

interface Ranked {
  readonly shardIndex: number;
  readonly ord: number;
  readonly keys: SortValue[];
}

/** One shard's hit candidates and their sort. */
interface ShardHits {
  readonly shardIndex: number;
  readonly ordinals: Int32Array;
  readonly keys: SortKeys;
  /** Undefined when the sort only compares as values (see encodeSort). */
  readonly encoded: EncodedSort | undefined;
}

function parseSearchAfter(raw: unknown, clauses: readonly SortClause[]): SortValue[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw parsingError('[search_after] must be an array');
  if (clauses.length === 0) throw badRequest('Sort must contain at least one field.');
  if (raw.length !== clauses.length) {
    throw badRequest(`search_after has ${raw.length} value(s) but sort has ${clauses.length}.`);
  }
  return raw.map((v) =>
    v === null ? null : typeof v === 'number' || typeof v === 'string' ? v : String(v),
  );
}

/** Executes `_search` over one or more indices. */
export function executeSearch(
  shards: readonly Shard[],
  body: Record<string, unknown>,
  params: SearchParams,
  now: number,
): Record<string, unknown> {
  const started = performance.now();
  for (const key of Object.keys(body)) {
    if (!BODY_KEYS.has(key)) throw parsingError(`Unknown key for a START_OBJECT in [${key}].`);
  }
  if (body.explain === true) throw badRequest('explain is not supported by this engine');
  const from = intParam(params.from ?? body.from, 'from', 0);
  const size = intParam(params.size ?? body.size, 'size', 10);
  if (from + size > 10_000) {
    throw badRequest(
      `Result window is too large, from + size must be less than or equal to: [10000] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`,
    );
  }
  const clauses = parseSort(params.sort ?? body.sort);
  const searchAfter = parseSearchAfter(body.search_after, clauses);
  if (searchAfter && from > 0)
    throw badRequest('`from` parameter must be set to 0 when `search_after` is used.');
  const trackTotal = parseTrackTotalHits(params.track_total_hits ?? body.track_total_hits);
  const trackScores = boolParam(params.track_scores ?? body.track_scores) ?? false;
  const options: HitOptions = {
    source: parseSourceFilter(
      params._source ?? body._source,
      params._source_includes,
      params._source_excludes,
    ),
    version: boolParam(params.version ?? body.version) ?? false,
    seqNoPrimaryTerm: boolParam(params.seq_no_primary_term ?? body.seq_no_primary_term) ?? false,
  };
  const aggs = body.aggs ?? body.aggregations;
  if (aggs !== undefined && shards.length > 1) {
    throw badRequest(
      'aggregations over several indices in one request are not supported by this engine',
    );
  }

  const sortByScore = clauses.length === 0 || clauses.some((c) => c.field === '_score');
  const needScores = sortByScore || trackScores;
  const sorted: ShardHits[] = [];
  const scorers: ((ord: number) => number)[] = [];
  const effective: SortClause[] =
    clauses.length > 0 ? [...clauses] : [{ field: '_score', order: 'desc', missing: '_last' }];
  let total = 0;
  let aggregations: Record<string, unknown> | undefined;
  shards.forEach((shard, shardIndex) => {
    const ctx: QueryContext = { shard, now };
    const { matches, ordinals } = matchingOrdinals(body.query, shard.root, ctx);
    // post_filter narrows the hits and the total, never the aggregations (faceted search).
    const hitOrdinals =
      body.post_filter === undefined
        ? ordinals
        : compileQuery(body.post_filter, shard.root, ctx).bits.keep(ordinals);
    total += hitOrdinals.length;
    const score = (ord: number) => scoreOf(matches, ord);
    scorers.push(score);
    if (aggs !== undefined) {
      aggregations = runAggregations(
        aggs,
        shard.root,
        ordinals,
        aggregationContext(shard, now, options),
      );
    }
    if (size === 0 && !searchAfter) return;
    const keys = resolveSortKeys(effective, shard, shard.root, score);
    sorted.push({
      shardIndex,
      ordinals: hitOrdinals,
      keys,
      encoded: encodeSort(keys, searchAfter),
    });
  });

  const order = (a: Ranked, b: Ranked) =>
    compareKeys(a.keys, b.keys, effective) || a.shardIndex - b.shardIndex || a.ord - b.ord;
  let top: Ranked[];
  if (sorted.every((s) => s.encoded)) {
    // Each shard's best from+size, then merged: the global best are among them.
    const winners: Ranked[] = [];
    for (const { shardIndex, ordinals, keys, encoded } of sorted) {
      for (const ord of rankOrdinals(encoded!, ordinals, from + size))
        winners.push({ shardIndex, ord, keys: sortValuesOf(keys, ord) });
    }
    top = (shards.length > 1 ? winners.sort(order) : winners).slice(from, from + size);
  } else {
    const ranked = sorted.flatMap(({ shardIndex, ordinals, keys }) =>
      Array.from(ordinals, (ord) => ({ shardIndex, ord, keys: sortValuesOf(keys, ord) })),
    );
    const candidates = searchAfter
      ? ranked.filter((r) => compareKeys(r.keys, searchAfter, effective) > 0)
      : ranked;
    top = selectTop(candidates.length, from + size, (i, j) => order(candidates[i]!, candidates[j]!))
      .slice(from)
      .map((i) => candidates[i]!);
  }

  let maxScore: number | null = null;
  const renderers = shards.map((shard) => new HitRenderer(shard, options));
  const hits = top.map((r) => {
    const shard = shards[r.shardIndex]!;
    const renderer = renderers[r.shardIndex]!;
    const score = needScores ? scorers[r.shardIndex]!(r.ord) : null;
    if (score !== null && (maxScore === null || score > maxScore)) maxScore = score;
    return renderer.hit(
      shard.root,
      r.ord,
      clauses.length === 0 || needScores ? score : null,
      clauses.length > 0 ? r.keys : undefined,
    );
  });
  if (needScores && hits.length === 0 && total > 0 && clauses.length === 0) maxScore = null;
  if (clauses.length > 0 && !trackScores && !clauses.some((c) => c.field === '_score'))
    maxScore = null;

  const hitsObject: Record<string, unknown> = {};
  if (trackTotal !== false) {
    const limit = trackTotal === true ? Infinity : trackTotal;
    const value = Math.min(total, limit);
    hitsObject.total =
      params.rest_total_hits_as_int === 'true'
        ? total
        : { value, relation: total > limit ? 'gte' : 'eq' };
  }
  hitsObject.max_score = maxScore;
  hitsObject.hits = hits;
  return {
    took: Math.round(performance.now() - started),
    timed_out: false,
    _shards: { total: shards.length, successful: shards.length, skipped: 0, failed: 0 },
    hits: hitsObject,
    aggregations,
  };
}

interface PreparedTopHits {
  readonly size: number;
  readonly from: number;
  readonly clauses: SortClause[];
  readonly renderer: HitRenderer;
  /** The sort resolved per doc space (columns cannot change during one search). */
  readonly sorts: Map<DocSpace, { keys: SortKeys; encoded: EncodedSort | undefined }>;
}

function aggregationContext(shard: Shard, now: number, options: HitOptions): AggregationContext {
  // top_hits runs once per bucket (thousands on a map): its request is prepared once.
  const prepared = new Map<object, PreparedTopHits>();
  const prepare = (request: Parameters<AggregationContext['topHits']>[2]): PreparedTopHits => {
    let ready = prepared.get(request);
    if (!ready) {
      ready = {
        size: intParam(request.size, 'size', 3),
        from: intParam(request.from, 'from', 0),
        clauses: parseSort(request.sort),
        renderer: new HitRenderer(shard, {
          ...options,
          source:
            request._source === undefined
              ? { enabled: true, includes: [], excludes: [] }
              : parseSourceFilter(request._source),
        }),
        sorts: new Map(),
      };
      prepared.set(request, ready);
    }
    return ready;
  };
  return {
    shard,
    now,
    topHits(space, ordinals, request) {
      const { size, from, clauses, renderer, sorts } = prepare(request);
      let sort = sorts.get(space);
      if (!sort) {
        const keys = resolveSortKeys(clauses, shard, space, () => 1);
        sort = { keys, encoded: encodeSort(keys) };
        sorts.set(space, sort);
      }
      const { keys, encoded } = sort;
      let top: ArrayLike<number>;
      if (encoded) {
        top = rankOrdinals(encoded, ordinals, from + size).subarray(from);
      } else {
        const rows = Array.from(ordinals, (ord) => ({ ord, keys: sortValuesOf(keys, ord) }));
        top = selectTop(
          rows.length,
          from + size,
          (i, j) =>
            compareKeys(rows[i]!.keys, rows[j]!.keys, clauses) || rows[i]!.ord - rows[j]!.ord,
        )
          .slice(from)
          .map((i) => rows[i]!.ord);
      }
      const scored = clauses.length === 0;
      return {
        total: { value: ordinals.length, relation: 'eq' },
        max_score: scored && ordinals.length > 0 ? 1 : null,
        hits: Array.from(top, (ord) =>
          renderer.hit(
            space,
            ord,
            scored ? 1 : null,
            clauses.length > 0 ? sortValuesOf(keys, ord) : undefined,
          ),
        ),
      };
    },
  };
}

/** Executes `_count`. */
export function executeCount(shards: readonly Shard[], body: Record<string, unknown>, now: number) {
  for (const key of Object.keys(body)) {
    if (key !== 'query') throw parsingError(`request does not support [${key}]`);
  }
  let count = 0;
  for (const shard of shards)
    count += matchingOrdinals(body.query, shard.root, { shard, now }).ordinals.length;
  return {
    count,
    _shards: { total: shards.length, successful: shards.length, skipped: 0, failed: 0 },
  };
}
