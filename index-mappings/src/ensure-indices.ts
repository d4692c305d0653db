import { type Client, errors } from '@opensearch-project/opensearch';
import { INDEX_NAMES, type IndexName, indexDefinitions } from './index-definitions';
import {
  type IndexMappingConflict,
  IndexMappingConflictError,
} from './index-mapping-conflict-error';
import { diffMapping } from './mapping-diff';
import { buildMappingUpdate } from './mapping-update';
import type { IndexDefinition } from './mapping-types';

export interface EnsureIndicesOptions {
  /** Defaults to every index. */
  indices?: readonly IndexName[];
  /** Replaces the files' `number_of_replicas` when creating an index (0 on a single node). */
  replicas?: number;
  /** `throw` (default) raises IndexMappingConflictError; `report` returns the conflicts. */
  onConflict?: 'throw' | 'report';
}

export interface EnsureIndicesReport {
  created: IndexName[];
  /** Existing indices that got the missing fields added. */
  updated: IndexName[];
  /** Existing indices left as they were (their conflicts, if any, are in `conflicts`). */
  unchanged: IndexName[];
  conflicts: IndexMappingConflict[];
}

type Outcome = 'created' | 'updated' | 'unchanged';

/**
 * Makes the live indices match the mapping files, idempotently: creates a missing index, adds
 * fields the file has and the live mapping lacks, and never changes an existing field. A live
 * field that contradicts its file is a conflict. Missing fields are added even then, since adding
 * is always safe; the conflicts are thrown (or reported) once every index has been checked.
 */
export async function ensureIndices(
  client: Client,
  options: EnsureIndicesOptions = {},
): Promise<EnsureIndicesReport> {
  const { indices = INDEX_NAMES, replicas, onConflict = 'throw' } = options;
  if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 0)) {
    throw new RangeError(`replicas must be a non-negative integer, got ${replicas}`);
  }

  const report: EnsureIndicesReport = { created: [], updated: [], unchanged: [], conflicts: [] };
  // One index at a time: eight small calls, and a deterministic order in logs and reports.
  for (const index of new Set(indices)) {
    const definition = indexDefinitions[index];
    const { outcome, conflicts } = await ensureIndex(client, index, definition, replicas);
    report[outcome].push(index);
    report.conflicts.push(...conflicts);
  }

  if (onConflict === 'throw' && report.conflicts.length > 0) {
    throw new IndexMappingConflictError(report.conflicts);
  }
  return report;
}

async function ensureIndex(
  client: Client,
  index: IndexName,
  definition: IndexDefinition,
  replicas: number | undefined,
): Promise<{ outcome: Outcome; conflicts: IndexMappingConflict[] }> {
  const { body: exists } = await client.indices.exists({ index });
  if (!exists) {
    const settings =
      replicas === undefined
        ? definition.settings
        : { ...definition.settings, number_of_replicas: replicas };
    try {
      await client.indices.create({ index, body: { settings, mappings: definition.mappings } });
      return { outcome: 'created', conflicts: [] };
    } catch (error) {
      // Another process created it between our HEAD and PUT: check its mapping like any other.
      if (!isAlreadyExists(error)) throw error;
    }
  }

  const { body } = await client.indices.getMapping({ index });
  // Keyed by the concrete index name, which differs from `index` when `index` is an alias.
  const live = (body[index] ?? Object.values(body)[0])?.mappings ?? {};
  const diff = diffMapping(definition.mappings, live);
  const conflicts = diff.conflicts.map((conflict) => ({ index, ...conflict }));
  if (diff.missingFields.length === 0) return { outcome: 'unchanged', conflicts };

  await client.indices.putMapping({
    index,
    body: buildMappingUpdate(definition.mappings, diff.missingFields),
  });
  return { outcome: 'updated', conflicts };
}

function isAlreadyExists(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError)) return false;
  const body: unknown = error.body;
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const cause: unknown = body.error;
  return (
    typeof cause === 'object' &&
    cause !== null &&
    'type' in cause &&
    cause.type === 'resource_already_exists_exception'
  );
}
