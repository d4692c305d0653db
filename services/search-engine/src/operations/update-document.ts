import { isDeepStrictEqual } from 'node:util';
import type { Engine } from '../engine';
import { SearchEngineError, parsingError } from '../errors';
import type { Shard, WriteConditions } from '../index/shard';
import { parseUpdateScript } from './update-script';
import { jsonClone } from '../util/json-clone';

export interface UpdateOutcome {
  readonly shard: Shard;
  readonly result: 'created' | 'updated' | 'noop';
  readonly version: number;
  readonly seqNo: number;
}

const UPDATE_KEYS = [
  'doc',
  'upsert',
  'doc_as_upsert',
  'script',
  'scripted_upsert',
  'detect_noop',
  '_source',
];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Partial-document merge: objects merge recursively, everything else is replaced. */
function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (isObject(current) && isObject(value)) mergeInto(current, value);
    else target[key] = jsonClone(value);
  }
}

/** `_update`: partial doc, upsert, doc_as_upsert, the script subset and noop detection. */
export function updateDocument(
  engine: Engine,
  index: string,
  id: string,
  body: unknown,
  conditions: WriteConditions,
): UpdateOutcome {
  if (!isObject(body)) throw parsingError('request body is required');
  for (const key of Object.keys(body)) {
    if (!UPDATE_KEYS.includes(key)) throw parsingError(`[UpdateRequest] unknown field [${key}]`);
  }
  if (body.doc !== undefined && body.script !== undefined) {
    throw new SearchEngineError(
      400,
      'action_request_validation_exception',
      "Validation Failed: 1: can't provide both script and doc;",
    );
  }
  if (body.doc === undefined && body.script === undefined) {
    throw new SearchEngineError(
      400,
      'action_request_validation_exception',
      'Validation Failed: 1: script or doc is missing;',
    );
  }
  if (body.doc !== undefined && !isObject(body.doc)) throw parsingError('[doc] must be an object');
  const script = body.script !== undefined ? parseUpdateScript(body.script) : undefined;
  const shard = engine.indices.get(index);
  const existing = shard?.get(id);

  if (!existing) {
    let created: Record<string, unknown> | undefined;
    if (body.upsert !== undefined) {
      if (!isObject(body.upsert)) throw parsingError('[upsert] must be an object');
      created = jsonClone(body.upsert);
      if (script && body.scripted_upsert === true) script.apply(created);
    } else if (body.doc_as_upsert === true && isObject(body.doc)) {
      created = jsonClone(body.doc);
    }
    if (!created) {
      if (!shard)
        throw new SearchEngineError(404, 'index_not_found_exception', `no such index [${index}]`, {
          index,
          'resource.type': 'index_expression',
          'resource.id': index,
          index_uuid: '_na_',
        });
      throw new SearchEngineError(404, 'document_missing_exception', `[${id}]: document missing`, {
        index,
        shard: '0',
        index_uuid: shard.uuid,
      });
    }
    const outcome = engine.indexDocument(index, id, JSON.stringify(created), {
      ...conditions,
      opType: 'create',
    });
    return {
      shard: outcome.shard,
      result: 'created',
      version: outcome.version,
      seqNo: outcome.seqNo,
    };
  }

  const current = JSON.parse(existing.source) as Record<string, unknown>;
  const next = jsonClone(current);
  if (isObject(body.doc)) mergeInto(next, body.doc);
  if (script) script.apply(next);
  if (body.detect_noop !== false && isObject(body.doc) && isDeepStrictEqual(next, current)) {
    shard!.checkConditions(id, conditions);
    return { shard: shard!, result: 'noop', version: existing.version, seqNo: existing.seqNo };
  }
  const outcome = engine.indexDocument(index, id, JSON.stringify(next), conditions);
  return {
    shard: outcome.shard,
    result: 'updated',
    version: outcome.version,
    seqNo: outcome.seqNo,
  };
}
