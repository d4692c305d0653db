import type { Engine } from '../engine';
import { badRequest, parsingError } from '../errors';
import type { Shard } from '../index/shard';
import { matchingOrdinals } from '../search/execute-search';
import { parseUpdateScript } from './update-script';
import { show } from '../util/show';

export interface ByQueryResult {
  /** 409 when a version conflict aborted the run (the body still reports what was done). */
  readonly status: 200 | 409;
  readonly body: Record<string, unknown>;
  readonly touched: Shard[];
}

/**
 * `_update_by_query` (optionally with the script subset) and `_delete_by_query`. Like
 * OpenSearch they act on the searchable snapshot: a document changed since the last refresh
 * is a version conflict (`conflicts=proceed` counts and skips it).
 */
export function executeByQuery(
  engine: Engine,
  kind: 'update' | 'delete',
  shards: readonly Shard[],
  body: Record<string, unknown>,
  params: { conflicts?: string; max_docs?: string },
): ByQueryResult {
  const started = performance.now();
  const allowed =
    kind === 'update'
      ? ['query', 'script', 'max_docs', 'conflicts']
      : ['query', 'max_docs', 'conflicts'];
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw parsingError(`Unknown key for a START_OBJECT in [${key}].`);
  }
  const conflicts = show(params.conflicts ?? body.conflicts ?? 'abort');
  if (conflicts !== 'abort' && conflicts !== 'proceed') {
    throw badRequest(`conflicts may only be "proceed" or "abort" but was [${conflicts}]`);
  }
  const maxDocsRaw = params.max_docs ?? body.max_docs;
  const maxDocs = maxDocsRaw === undefined ? Infinity : Number(maxDocsRaw);
  const script =
    kind === 'update' && body.script !== undefined ? parseUpdateScript(body.script) : undefined;
  const now = Date.now();
  let total = 0;
  let done = 0;
  let versionConflicts = 0;
  const failures: Record<string, unknown>[] = [];
  outer: for (const shard of shards) {
    const { ordinals } = matchingOrdinals(body.query, shard.root, { shard, now });
    const snapshot = Array.from(ordinals, (ord) => shard.byOrdinal[ord]);
    for (const record of snapshot) {
      if (done + versionConflicts >= maxDocs) break outer;
      total++;
      if (!record || shard.get(record.id) !== record) {
        versionConflicts++;
        if (conflicts === 'abort') {
          failures.push({
            index: shard.name,
            id: record?.id,
            cause: {
              type: 'version_conflict_engine_exception',
              reason: `[${record?.id}]: version conflict, document was changed after the search`,
              index: shard.name,
              shard: '0',
              index_uuid: shard.uuid,
            },
            status: 409,
          });
          break outer;
        }
        continue;
      }
      if (kind === 'delete') {
        engine.deleteDocument(shard.name, record.id, { ifSeqNo: record.seqNo, ifPrimaryTerm: 1 });
      } else {
        let source = record.source;
        if (script) {
          const doc = JSON.parse(source) as Record<string, unknown>;
          script.apply(doc);
          source = JSON.stringify(doc);
        }
        engine.indexDocument(shard.name, record.id, source, {
          ifSeqNo: record.seqNo,
          ifPrimaryTerm: 1,
        });
      }
      done++;
    }
  }
  const result = {
    took: Math.round(performance.now() - started),
    timed_out: false,
    total,
    updated: kind === 'update' ? done : 0,
    deleted: kind === 'delete' ? done : 0,
    batches: total > 0 ? 1 : 0,
    version_conflicts: versionConflicts,
    noops: 0,
    retries: { bulk: 0, search: 0 },
    throttled_millis: 0,
    requests_per_second: -1.0,
    throttled_until_millis: 0,
    failures,
  };
  return { status: failures.length > 0 ? 409 : 200, body: result, touched: [...shards] };
}
