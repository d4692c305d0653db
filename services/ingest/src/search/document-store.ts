import type { IndexName } from '@fleet/index-mappings';
import type { Client } from '@opensearch-project/opensearch';

export interface DocumentRef {
  readonly index: IndexName;
  readonly id: string;
  /** Only these source fields, when a handler needs a few fields of a large document. */
  readonly fields?: readonly string[];
}

/** A stored document with what optimistic concurrency control needs to replace it safely. */
export interface StoredDocument<T = Record<string, unknown>> {
  readonly source: T;
  readonly seqNo: number;
  readonly primaryTerm: number;
}

export const refKey = (ref: DocumentRef) => `${ref.index}/${ref.id}`;

/** One `_mget` for every document a batch needs, across indices. Missing ones are absent. */
export async function getDocuments(
  client: Client,
  refs: readonly DocumentRef[],
): Promise<Map<string, StoredDocument>> {
  const unique = [...new Map(refs.map((ref) => [refKey(ref), ref])).values()];
  const found = new Map<string, StoredDocument>();
  if (unique.length === 0) return found;
  const { body } = await client.mget({
    body: {
      docs: unique.map((ref) => ({
        _index: ref.index,
        _id: ref.id,
        ...(ref.fields ? { _source: [...ref.fields] } : {}),
      })),
    },
  });
  for (const doc of body.docs as unknown as MgetDoc[]) {
    if ('error' in doc && doc.error) {
      throw new Error(`_mget ${doc._index}/${doc._id} failed: ${JSON.stringify(doc.error)}`);
    }
    if (!doc.found || doc._source === undefined) continue;
    found.set(`${doc._index}/${doc._id}`, {
      source: doc._source,
      seqNo: doc._seq_no ?? 0,
      primaryTerm: doc._primary_term ?? 1,
    });
  }
  return found;
}

interface MgetDoc {
  _index: string;
  _id: string;
  found?: boolean;
  error?: unknown;
  _source?: Record<string, unknown>;
  _seq_no?: number;
  _primary_term?: number;
}

/** Replace only what was read: the write fails with 409 if anyone changed it since. */
export interface IfUnchanged {
  readonly seqNo: number;
  readonly primaryTerm: number;
}

export type BulkOperation = DocumentRef &
  (
    | {
        /** `create` fails with 409 when the id exists: how redeliveries are detected. */
        readonly action: 'index' | 'create';
        readonly document: object;
        readonly ifUnchanged?: IfUnchanged;
        /** External versioning: the write fails with 409 unless `version` is newer (or equal). */
        readonly externalVersion?: {
          readonly version: number;
          readonly type: 'external' | 'external_gte';
        };
      }
    | {
        readonly action: 'update';
        /** Merged into the stored document; with `upsert`, the document to create if absent. */
        readonly partial: object;
        readonly upsert?: object;
        readonly ifUnchanged?: IfUnchanged;
      }
    | {
        readonly action: 'delete';
        readonly ifUnchanged?: IfUnchanged;
        readonly externalVersion?: {
          readonly version: number;
          readonly type: 'external' | 'external_gte';
        };
      }
  );

export interface BulkOutcome {
  readonly status: number;
  /** 409: a `create` whose id exists, a stale external version, or a concurrent change. */
  readonly conflict: boolean;
  readonly error?: string;
}

const BULK_ANSWER = 'items.*.status,items.*.error.type,items.*.error.reason';

/** One `_bulk` for the whole batch; outcomes come back in operation order. */
export async function writeBulk(
  client: Client,
  operations: readonly BulkOperation[],
): Promise<BulkOutcome[]> {
  if (operations.length === 0) return [];
  const body: object[] = [];
  for (const op of operations) {
    const meta: Record<string, unknown> = { _index: op.index, _id: op.id };
    if (op.ifUnchanged) {
      meta.if_seq_no = op.ifUnchanged.seqNo;
      meta.if_primary_term = op.ifUnchanged.primaryTerm;
    }
    if (op.action !== 'update' && op.externalVersion) {
      meta.version = op.externalVersion.version;
      meta.version_type = op.externalVersion.type;
    }
    body.push({ [op.action]: meta });
    if (op.action === 'index' || op.action === 'create') body.push(op.document);
    if (op.action === 'update') {
      body.push(op.upsert ? { doc: op.partial, upsert: op.upsert } : { doc: op.partial });
    }
  }
  // Only what is read below: the whole answer is ~7× larger, and parsing it was a visible share
  // of a handler's time.
  const { body: response } = await client.bulk({ body, filter_path: BULK_ANSWER });
  const items = response.items as unknown as Record<string, BulkItem>[];
  if (items.length !== operations.length) {
    throw new Error(`_bulk answered ${items.length} items for ${operations.length} operations`);
  }
  return items.map((item) => {
    const result = Object.values(item)[0]!;
    return {
      status: result.status,
      conflict: result.status === 409,
      error: result.error
        ? `${result.error.type ?? 'error'}: ${result.error.reason ?? JSON.stringify(result.error)}`
        : undefined,
    };
  });
}

interface BulkItem {
  status: number;
  error?: { type?: string; reason?: string };
}
