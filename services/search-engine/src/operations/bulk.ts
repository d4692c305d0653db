import { randomBytes } from 'node:crypto';
import type { Engine } from '../engine';
import { SearchEngineError, badRequest } from '../errors';
import type { Shard, VersionType, WriteConditions } from '../index/shard';
import { PRIMARY_TERM } from '../index/shard';
import { updateDocument } from './update-document';
import { show } from '../util/show';

const ACTIONS = new Set(['index', 'create', 'update', 'delete']);
const METADATA = new Set([
  '_index',
  '_id',
  'routing',
  'if_seq_no',
  'if_primary_term',
  'version',
  'version_type',
  'retry_on_conflict',
  'require_alias',
  'pipeline',
  '_source',
  'dynamic_templates',
]);

/** An id like OpenSearch's auto-generated ones: 20 URL-safe characters. */
export const generateId = () => randomBytes(15).toString('base64url');

export function shardsHeader(shard: Shard) {
  return { total: 1 + shard.settings.numberOfReplicas, successful: 1, failed: 0 };
}

const NO_CONDITIONS: WriteConditions = {};

function integerParam(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`Failed to parse value [${show(v)}] for [${name}]`);
  return n;
}

/** Write conditions from bulk metadata or URL parameters (most bulk items carry none). */
export function conditionsFrom(meta: Record<string, unknown>): WriteConditions {
  if (
    meta.if_seq_no === undefined &&
    meta.if_primary_term === undefined &&
    meta.version === undefined &&
    meta.version_type === undefined
  ) {
    return NO_CONDITIONS;
  }
  const versionType = meta.version_type as string | undefined;
  if (
    versionType !== undefined &&
    !['internal', 'external', 'external_gte'].includes(versionType)
  ) {
    throw badRequest(`No version type match [${versionType}]`);
  }
  return {
    ifSeqNo: integerParam(meta.if_seq_no, 'if_seq_no'),
    ifPrimaryTerm: integerParam(meta.if_primary_term, 'if_primary_term'),
    version: integerParam(meta.version, 'version'),
    versionType: versionType as VersionType | undefined,
  };
}

function splitLines(body: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (;;) {
    const end = body.indexOf(0x0a, start);
    if (end < 0) break;
    lines.push(body.subarray(start, end));
    start = end + 1;
  }
  if (start < body.length && body.subarray(start).toString('utf8').trim() !== '') {
    throw badRequest('The bulk request must be terminated by a newline [\\n]');
  }
  return lines;
}

const COMMON_ACTION = /^\{"(index|create|update|delete)":\{"_id":"([^"\\]*)"\}\}\s*$/;

function parseJsonLine(text: string, lineNumber: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SearchEngineError(
      400,
      'json_parse_exception',
      `Malformed content at line [${lineNumber}]: ${(err as Error).message}`,
    );
  }
}

interface BulkItem {
  readonly action: string;
  readonly meta: Record<string, unknown>;
  readonly index: string;
  readonly source?: string;
  readonly lineNumber: number;
}

/** Parses the whole request first: a malformed line fails the request before anything is written. */
function parseBulk(body: Buffer, defaultIndex: string | undefined): BulkItem[] {
  const lines = splitLines(body);
  const items: BulkItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = line.toString('utf8');
    if (text.trim() === '') continue;
    const lineNumber = i + 1;
    // The shape clients send most, `{"index":{"_id":"…"}}`, skips the JSON parser.
    const common = COMMON_ACTION.exec(text);
    const parsed = common ? { [common[1]!]: { _id: common[2]! } } : parseJsonLine(text, lineNumber);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw badRequest(
        `Malformed action/metadata line [${lineNumber}], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]`,
      );
    }
    const keys = Object.keys(parsed);
    const action = keys[0];
    if (keys.length !== 1 || !action || !ACTIONS.has(action)) {
      throw badRequest(
        `Malformed action/metadata line [${lineNumber}], expected field [create], [delete], [index] or [update] but found [${action ?? ''}]`,
      );
    }
    const meta = (parsed as Record<string, unknown>)[action] as Record<string, unknown>;
    if (meta === null || typeof meta !== 'object') {
      throw badRequest(
        `Malformed action/metadata line [${lineNumber}], expected START_OBJECT but found [${typeof meta}]`,
      );
    }
    for (const key of Object.keys(meta)) {
      if (!METADATA.has(key))
        throw badRequest(
          `Action/metadata line [${lineNumber}] contains an unknown parameter [${key}]`,
        );
    }
    const index = (meta._index as string | undefined) ?? defaultIndex;
    if (!index)
      throw new SearchEngineError(
        400,
        'action_request_validation_exception',
        'Validation Failed: 1: index is missing;',
      );
    if (
      (action === 'update' || action === 'delete') &&
      (meta._id === undefined || meta._id === '')
    ) {
      throw new SearchEngineError(
        400,
        'action_request_validation_exception',
        'Validation Failed: 1: id is missing;',
      );
    }
    let source: string | undefined;
    if (action !== 'delete') {
      i++;
      if (i >= lines.length)
        throw badRequest(
          `Validation Failed: 1: no requests added;`,
          'action_request_validation_exception',
        );
      // Decoding makes a fresh string, so the stored source keeps no reference to the request.
      source = lines[i]!.toString('utf8');
    }
    items.push({ action, meta, index, source, lineNumber });
  }
  if (items.length === 0) {
    throw new SearchEngineError(
      400,
      'action_request_validation_exception',
      'Validation Failed: 1: no requests added;',
    );
  }
  return items;
}

export interface BulkResult {
  readonly errors: boolean;
  readonly items: Record<string, unknown>[];
  readonly touched: Set<Shard>;
}

/** Runs each action on its own: a failed item reports its error and the others still apply. */
export function executeBulk(
  engine: Engine,
  body: Buffer,
  defaultIndex: string | undefined,
): BulkResult {
  const items = parseBulk(body, defaultIndex);
  const touched = new Set<Shard>();
  let errors = false;
  const results = items.map((item) => {
    const id = item.meta._id === undefined ? undefined : show(item.meta._id);
    try {
      const conditions = conditionsFrom(item.meta);
      if (item.action === 'delete') {
        const outcome = engine.deleteDocument(item.index, id!, conditions);
        touched.add(outcome.shard);
        return {
          delete: {
            _index: item.index,
            _id: id,
            _version: outcome.version,
            result: outcome.result,
            _shards: shardsHeader(outcome.shard),
            _seq_no: outcome.seqNo,
            _primary_term: PRIMARY_TERM,
            status: outcome.result === 'deleted' ? 200 : 404,
          },
        };
      }
      if (item.action === 'update') {
        const body = JSON.parse(item.source!) as unknown;
        const outcome = updateDocument(engine, item.index, id!, body, conditions);
        touched.add(outcome.shard);
        const noop = outcome.result === 'noop';
        return {
          update: {
            _index: item.index,
            _id: id,
            _version: outcome.version,
            result: outcome.result,
            _shards: noop ? { total: 0, successful: 0, failed: 0 } : shardsHeader(outcome.shard),
            _seq_no: outcome.seqNo,
            _primary_term: PRIMARY_TERM,
            status: outcome.result === 'created' ? 201 : 200,
          },
        };
      }
      const docId = id ?? generateId();
      const outcome = engine.indexDocument(item.index, docId, item.source!, {
        ...conditions,
        opType: item.action === 'create' ? 'create' : 'index',
      });
      touched.add(outcome.shard);
      return {
        [item.action]: {
          _index: item.index,
          _id: docId,
          _version: outcome.version,
          result: outcome.result,
          _shards: shardsHeader(outcome.shard),
          _seq_no: outcome.seqNo,
          _primary_term: PRIMARY_TERM,
          status: outcome.result === 'created' ? 201 : 200,
        },
      };
    } catch (err) {
      const error =
        err instanceof SearchEngineError
          ? err
          : err instanceof SyntaxError
            ? new SearchEngineError(
                400,
                'mapper_parsing_exception',
                `failed to parse: ${err.message}`,
              )
            : new SearchEngineError(500, 'exception', String(err));
      errors = true;
      const shard = engine.indices.get(item.index);
      return {
        [item.action]: {
          _index: item.index,
          _id: id ?? null,
          status: error.status,
          error: {
            ...error.toItemError(),
            index: item.index,
            shard: '0',
            index_uuid: shard?.uuid ?? '_na_',
          },
        },
      };
    }
  });
  return { errors, items: results, touched };
}
