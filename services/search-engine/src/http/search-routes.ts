import type { Engine } from '../engine';
import { badRequest } from '../errors';
import { executeByQuery } from '../operations/by-query';
import { executeCount, executeSearch } from '../search/execute-search';
import { boolFlag, jsonBody } from './request-body';
import type { RouteRequest, Router } from './router';

const INDEX_OPTIONS = [
  'ignore_unavailable',
  'allow_no_indices',
  'expand_wildcards',
  'ignore_throttled',
];
const SEARCH_PARAMS = [
  ...INDEX_OPTIONS,
  'from',
  'size',
  'sort',
  '_source',
  '_source_includes',
  '_source_excludes',
  'track_total_hits',
  'track_scores',
  'version',
  'seq_no_primary_term',
  'rest_total_hits_as_int',
  'timeout',
  'preference',
  'routing',
  'request_cache',
  'search_type',
  'batched_reduce_size',
  'ccs_minimize_roundtrips',
  'allow_partial_search_results',
  'max_concurrent_shard_requests',
  'pre_filter_shard_size',
  'typed_keys',
];
const BY_QUERY_PARAMS = [
  ...INDEX_OPTIONS,
  'refresh',
  'conflicts',
  'max_docs',
  'wait_for_completion',
  'scroll_size',
  'requests_per_second',
  'slices',
  'timeout',
  'wait_for_active_shards',
  'routing',
  'preference',
];

export function registerSearchRoutes(router: Router, engine: Engine): void {
  const targets = (req: RouteRequest) =>
    engine.resolve(req.pathParams.index, {
      ignoreUnavailable: boolFlag(req.params.ignore_unavailable),
      allowNoIndices: boolFlag(req.params.allow_no_indices),
    });

  const search = (req: RouteRequest) => {
    if (req.params.typed_keys === 'true')
      throw badRequest('typed_keys is not supported by this engine');
    return {
      status: 200,
      body: executeSearch(targets(req), jsonBody(req.body), req.params, Date.now()),
    };
  };
  router.add(['GET', 'POST'], '/_search', SEARCH_PARAMS, search);
  router.add(['GET', 'POST'], '/{index}/_search', SEARCH_PARAMS, search);

  const count = (req: RouteRequest) => ({
    status: 200,
    body: executeCount(targets(req), jsonBody(req.body), Date.now()),
  });
  const countParams = [...INDEX_OPTIONS, 'preference', 'routing', 'min_score', 'terminate_after'];
  router.add(['GET', 'POST'], '/_count', countParams, count);
  router.add(['GET', 'POST'], '/{index}/_count', countParams, count);

  const byQuery = (kind: 'update' | 'delete') => async (req: RouteRequest) => {
    if (req.params.wait_for_completion === 'false') {
      throw badRequest('wait_for_completion=false (tasks) is not supported by this engine');
    }
    const refresh = req.params.refresh;
    if (refresh !== undefined && refresh !== 'true' && refresh !== 'false' && refresh !== '') {
      throw badRequest(`Failed to parse value [${refresh}] as only [true] or [false] are allowed.`);
    }
    const result = executeByQuery(
      engine,
      kind,
      targets(req),
      jsonBody(req.body, kind === 'delete'),
      req.params,
    );
    await engine.afterWrite(
      result.touched,
      refresh === 'true' || refresh === '' ? 'true' : 'false',
    );
    return { status: result.status, body: result.body };
  };
  router.add('POST', '/{index}/_update_by_query', BY_QUERY_PARAMS, byQuery('update'));
  router.add('POST', '/{index}/_delete_by_query', BY_QUERY_PARAMS, byQuery('delete'));
}
