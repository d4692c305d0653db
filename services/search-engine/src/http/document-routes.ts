import { type Engine, parseRefresh } from '../engine';
import { SearchEngineError, badRequest, indexNotFound } from '../errors';
import { PRIMARY_TERM, type Shard } from '../index/shard';
import { conditionsFrom, executeBulk, generateId, shardsHeader } from '../operations/bulk';
import { updateDocument } from '../operations/update-document';
import { RawJson } from '../search/raw-json';
import { type SourceFilter, parseSourceFilter } from '../search/source-filter';
import { makeSourceReader } from '../search/source-projection';
import { jsonBody } from './request-body';
import type { RouteResponse, Router } from './router';

const WRITE_PARAMS = [
  'refresh',
  'if_seq_no',
  'if_primary_term',
  'version',
  'version_type',
  'op_type',
  'routing',
  'timeout',
  'wait_for_active_shards',
  'pipeline',
  'require_alias',
];
const READ_PARAMS = [
  '_source',
  '_source_includes',
  '_source_excludes',
  'realtime',
  'refresh',
  'routing',
  'preference',
  'stored_fields',
  'version',
];

function writeResponse(
  shard: Shard,
  id: string,
  outcome: { result: string; version: number; seqNo: number },
  forcedRefresh: boolean,
): RouteResponse {
  return {
    status: outcome.result === 'created' ? 201 : outcome.result === 'not_found' ? 404 : 200,
    body: {
      _index: shard.name,
      _id: id,
      _version: outcome.version,
      result: outcome.result,
      forced_refresh: forcedRefresh || undefined,
      _shards:
        outcome.result === 'noop' ? { total: 0, successful: 0, failed: 0 } : shardsHeader(shard),
      _seq_no: outcome.seqNo,
      _primary_term: PRIMARY_TERM,
    },
  };
}

type SourceReader = ((json: string) => unknown) | undefined;

/**
 * One reader per distinct filter within a request: an `_mget` of thousands of documents asks for
 * a handful of filters, and building one compiles its patterns.
 */
function readerCache(): (filter: SourceFilter) => SourceReader {
  const readers = new Map<string, SourceReader>();
  return (filter) => {
    const key = JSON.stringify([filter.includes, filter.excludes]);
    if (!readers.has(key)) readers.set(key, makeSourceReader(filter));
    return readers.get(key);
  };
}

/** The GET form of a document, with `_source` filtering. */
function documentBody(
  shard: Shard,
  id: string,
  filter: SourceFilter,
  reader: SourceReader = makeSourceReader(filter),
) {
  const record = shard.get(id);
  if (!record) return { status: 404, body: { _index: shard.name, _id: id, found: false } };
  return {
    status: 200,
    body: {
      _index: shard.name,
      _id: id,
      _version: record.version,
      _seq_no: record.seqNo,
      _primary_term: PRIMARY_TERM,
      found: true,
      _source: !filter.enabled
        ? undefined
        : reader
          ? reader(record.source)
          : new RawJson(record.source),
    },
  };
}

const sourceFilterOf = (params: Record<string, string>) =>
  parseSourceFilter(params._source, params._source_includes, params._source_excludes);

export function registerDocumentRoutes(router: Router, engine: Engine): void {
  const indexHandler = async (
    index: string,
    id: string | undefined,
    body: Buffer,
    params: Record<string, string>,
    opType: 'index' | 'create',
  ) => {
    const refresh = parseRefresh(params.refresh);
    if (params.op_type !== undefined && params.op_type !== 'index' && params.op_type !== 'create') {
      throw badRequest(`opType must be 'create' or 'index', found: [${params.op_type}]`);
    }
    jsonBody(body, true); // a malformed body is a request error, before anything is written
    const docId = id ?? generateId();
    const outcome = engine.indexDocument(index, docId, body.toString('utf8'), {
      ...conditionsFrom(params),
      opType: params.op_type === 'create' ? 'create' : opType,
    });
    const forced = await engine.afterWrite([outcome.shard], refresh);
    return writeResponse(outcome.shard, docId, outcome, forced);
  };

  router.add(['PUT', 'POST'], '/{index}/_doc/{id}', WRITE_PARAMS, (req) =>
    indexHandler(req.pathParams.index!, req.pathParams.id, req.body, req.params, 'index'),
  );
  router.add('POST', '/{index}/_doc', WRITE_PARAMS, (req) =>
    indexHandler(req.pathParams.index!, undefined, req.body, req.params, 'create'),
  );
  router.add(['PUT', 'POST'], '/{index}/_create/{id}', WRITE_PARAMS, (req) =>
    indexHandler(req.pathParams.index!, req.pathParams.id, req.body, req.params, 'create'),
  );

  router.add(['GET', 'HEAD'], '/{index}/_doc/{id}', READ_PARAMS, (req) => {
    const shard = engine.shard(req.pathParams.index!);
    const result = documentBody(shard, req.pathParams.id!, sourceFilterOf(req.params));
    return req.method === 'HEAD' ? { status: result.status } : result;
  });

  router.add(['GET', 'HEAD'], '/{index}/_source/{id}', READ_PARAMS, (req) => {
    const shard = engine.shard(req.pathParams.index!);
    const record = shard.get(req.pathParams.id!);
    if (!record) {
      throw new SearchEngineError(
        404,
        'resource_not_found_exception',
        `Document not found [${shard.name}]/[${req.pathParams.id}]`,
      );
    }
    if (req.method === 'HEAD') return { status: 200 };
    const result = documentBody(shard, req.pathParams.id!, sourceFilterOf(req.params));
    return { status: 200, body: result.body._source };
  });

  router.add('DELETE', '/{index}/_doc/{id}', WRITE_PARAMS, async (req) => {
    const refresh = parseRefresh(req.params.refresh);
    const id = req.pathParams.id!;
    const outcome = engine.deleteDocument(req.pathParams.index!, id, conditionsFrom(req.params));
    const forced = await engine.afterWrite([outcome.shard], refresh);
    return writeResponse(outcome.shard, id, outcome, forced);
  });

  router.add(
    'POST',
    '/{index}/_update/{id}',
    [
      ...WRITE_PARAMS,
      'retry_on_conflict',
      '_source',
      '_source_includes',
      '_source_excludes',
      'lang',
    ],
    async (req) => {
      const refresh = parseRefresh(req.params.refresh);
      const id = req.pathParams.id!;
      const outcome = updateDocument(
        engine,
        req.pathParams.index!,
        id,
        jsonBody(req.body, true),
        conditionsFrom(req.params),
      );
      const forced =
        outcome.result === 'noop' ? false : await engine.afterWrite([outcome.shard], refresh);
      return writeResponse(outcome.shard, id, outcome, forced);
    },
  );

  const mget = (index: string | undefined, body: Buffer, params: Record<string, string>) => {
    const request = jsonBody(body, true);
    const readerFor = readerCache();
    let docs: { _index?: string; _id?: unknown; _source?: unknown }[];
    if (Array.isArray(request.docs)) docs = request.docs as typeof docs;
    else if (Array.isArray(request.ids))
      docs = (request.ids as unknown[]).map((id) => ({ _id: id }));
    else
      throw new SearchEngineError(
        400,
        'action_request_validation_exception',
        'Validation Failed: 1: no documents to get;',
      );
    if (docs.length === 0)
      throw new SearchEngineError(
        400,
        'action_request_validation_exception',
        'Validation Failed: 1: no documents to get;',
      );
    return {
      status: 200,
      body: {
        docs: docs.map((doc) => {
          const name = doc._index ?? index;
          const id = String(doc._id);
          if (!name) {
            throw new SearchEngineError(
              400,
              'action_request_validation_exception',
              'Validation Failed: 1: index is missing for doc 0;',
            );
          }
          const shard = engine.indices.get(name);
          if (!shard) return { _index: name, _id: id, error: indexNotFound(name).toItemError() };
          const filter =
            doc._source === undefined ? sourceFilterOf(params) : parseSourceFilter(doc._source);
          return documentBody(shard, id, filter, readerFor(filter)).body;
        }),
      },
    };
  };
  router.add(['GET', 'POST'], '/_mget', READ_PARAMS, (req) =>
    mget(undefined, req.body, req.params),
  );
  router.add(['GET', 'POST'], '/{index}/_mget', READ_PARAMS, (req) =>
    mget(req.pathParams.index, req.body, req.params),
  );

  const bulk = async (index: string | undefined, body: Buffer, params: Record<string, string>) => {
    const started = performance.now();
    const refresh = parseRefresh(params.refresh);
    const result = executeBulk(engine, body, index);
    await engine.afterWrite(result.touched, refresh);
    return {
      status: 200,
      body: {
        took: Math.round(performance.now() - started),
        errors: result.errors,
        items: result.items,
      },
    };
  };
  const bulkParams = [
    'refresh',
    'routing',
    'timeout',
    'wait_for_active_shards',
    'pipeline',
    'require_alias',
    '_source',
    '_source_includes',
    '_source_excludes',
  ];
  router.add(['POST', 'PUT'], '/_bulk', bulkParams, (req) => bulk(undefined, req.body, req.params));
  router.add(['POST', 'PUT'], '/{index}/_bulk', bulkParams, (req) =>
    bulk(req.pathParams.index, req.body, req.params),
  );
}
