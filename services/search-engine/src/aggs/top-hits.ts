import { badRequest, parsingError } from '../errors';
import { defineAggregation } from './aggregator';
import { bodyOf, tokenName, unsupported } from './params';

const TYPE = 'top_hits';
const DEFAULT_MAX_INNER_RESULT_WINDOW = 100;
const REFUSED = [
  'explain',
  'version',
  'seq_no_primary_term',
  'track_scores',
  'stored_fields',
  'docvalue_fields',
  'script_fields',
  'highlight',
  'fields',
];

interface TopHitsParams {
  readonly request: { size?: number; from?: number; sort?: unknown; _source?: unknown };
  readonly from: number;
  readonly size: number;
}

function readCount(key: 'from' | 'size', value: unknown, aggName: string): number {
  const n =
    typeof value === 'number' ? Math.trunc(value) : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(n))
    throw parsingError(`Unknown key for a ${tokenName(value)} in [${aggName}]: [${key}].`);
  if (n < 0)
    throw badRequest(`[${key}] must be greater than or equal to 0. Found [${n}] in [${aggName}]`);
  return n;
}

/** The index's `index.max_inner_result_window`, whichever way its settings were written. */
function maxInnerResultWindow(raw: Record<string, unknown>): number {
  const index = raw.index as Record<string, unknown> | undefined;
  const value =
    raw['index.max_inner_result_window'] ??
    raw.max_inner_result_window ??
    index?.max_inner_result_window;
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) ? n : DEFAULT_MAX_INNER_RESULT_WINDOW;
}

export const topHits = defineAggregation<TopHitsParams>({
  name: TYPE,
  acceptsSubAggregations: false,
  parse(raw, aggName, scope) {
    const body = bodyOf(TYPE, raw);
    const request: TopHitsParams['request'] = {};
    for (const [key, value] of Object.entries(body)) {
      if (key === 'from' || key === 'size') request[key] = readCount(key, value, aggName);
      else if (key === 'sort') request.sort = value;
      else if (key === '_source') request._source = value;
      else if (REFUSED.includes(key)) throw unsupported(TYPE, key);
      else throw parsingError(`Unknown key for a ${tokenName(value)} in [${aggName}]: [${key}].`);
    }
    const from = request.from ?? 0;
    const size = request.size ?? 3;
    const limit = maxInnerResultWindow(scope.ctx.shard.settings.raw);
    if (from + size > limit) {
      throw badRequest(
        `Top hits result window is too large, the top hits aggregator [${aggName}]'s from + size must be less than or equal to: [${limit}] but was [${from + size}]. This limit can be set by changing the [index.max_inner_result_window] index level setting.`,
      );
    }
    return { request: { ...request, from, size }, from, size };
  },
  run: (params, bucket, _subs, run) => ({
    hits: run.ctx.topHits(bucket.space, bucket.ordinals, params.request),
  }),
});
