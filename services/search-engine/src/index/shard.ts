import { randomBytes } from 'node:crypto';
import { SearchEngineError, versionConflict } from '../errors';
import { BitSet } from '../util/bitset';
import { DocSpace } from './doc-space';
import { parseDocument } from './document-parser';
import { type IndexMapping, columnKindOf } from './mapping';

/** A stored document: its source bytes and the versioning OpenSearch reports. */
export interface DocRecord {
  readonly id: string;
  ordinal: number;
  readonly seqNo: number;
  readonly version: number;
  /** The JSON text as the client sent it. */
  readonly source: string;
}

export type VersionType = 'internal' | 'external' | 'external_gte';

export interface WriteConditions {
  readonly ifSeqNo?: number;
  readonly ifPrimaryTerm?: number;
  readonly version?: number;
  readonly versionType?: VersionType;
  /** `create` fails when the document exists. */
  readonly opType?: 'index' | 'create';
}

export interface WriteOutcome {
  readonly result: 'created' | 'updated' | 'deleted' | 'not_found';
  readonly version: number;
  readonly seqNo: number;
}

export const PRIMARY_TERM = 1;
/** How long a deleted document's version is remembered (OpenSearch's index.gc_deletes). */
const GC_DELETES_MS = 60_000;

export interface IndexSettings {
  readonly numberOfShards: number;
  readonly numberOfReplicas: number;
  /** Milliseconds, or -1 for no periodic refresh. */
  readonly refreshIntervalMs: number;
  readonly raw: Record<string, unknown>;
}

/**
 * One index (a single shard): documents by id, the searchable doc spaces, near-real-time
 * refresh, and OpenSearch's optimistic concurrency rules.
 */
export class Shard {
  readonly uuid: string;
  readonly docs = new Map<string, DocRecord>();
  byOrdinal: (DocRecord | undefined)[] = [];
  root = new DocSpace('');
  private pendingDeletes: number[] = [];
  private tombstones = new Map<string, { version: number; seqNo: number; at: number }>();
  private nextSeqNo = 0;
  /** Bumped whenever searchable content changes (refresh or compaction). */
  generation = 0;

  constructor(
    readonly name: string,
    public mapping: IndexMapping,
    readonly settings: IndexSettings,
    readonly createdAt: number,
    uuid?: string,
  ) {
    this.uuid = uuid ?? randomBytes(16).toString('base64url').slice(0, 22);
  }

  get docCount(): number {
    return this.docs.size;
  }

  get deletedCount(): number {
    return this.root.size - this.docs.size;
  }

  get maxSeqNo(): number {
    return this.nextSeqNo - 1;
  }

  get hasPendingChanges(): boolean {
    return this.root.size !== this.root.visibleSize || this.pendingDeletes.length > 0;
  }

  /** Sets the next seq_no when recovering (deleted documents consumed seq_nos too). */
  restoreSeqNo(next: number): void {
    this.nextSeqNo = Math.max(this.nextSeqNo, next);
  }

  /** The seq_nos of the live documents, for a snapshot. */
  liveSeqNos(): BitSet {
    const bits = new BitSet(this.nextSeqNo);
    for (const doc of this.docs.values()) bits.add(doc.seqNo);
    return bits;
  }

  get(id: string): DocRecord | undefined {
    return this.docs.get(id);
  }

  private currentVersion(id: string): { version: number; seqNo: number } | undefined {
    const doc = this.docs.get(id);
    if (doc) return doc;
    const tomb = this.tombstones.get(id);
    if (tomb && Date.now() - tomb.at < GC_DELETES_MS) return tomb;
    return undefined;
  }

  /** Checks write conditions; returns the version the write will carry. */
  checkConditions(id: string, conditions: WriteConditions): number {
    const existing = this.docs.get(id);
    const current = this.currentVersion(id);
    if (conditions.opType === 'create' && existing) {
      throw versionConflict(
        this.name,
        id,
        `version conflict, document already exists (current version [${existing.version}])`,
      );
    }
    if (conditions.ifSeqNo !== undefined || conditions.ifPrimaryTerm !== undefined) {
      if (!existing) {
        throw versionConflict(
          this.name,
          id,
          `version conflict, required seqNo [${conditions.ifSeqNo}], primary term [${conditions.ifPrimaryTerm}] but no document was found`,
        );
      }
      if (existing.seqNo !== conditions.ifSeqNo || PRIMARY_TERM !== conditions.ifPrimaryTerm) {
        throw versionConflict(
          this.name,
          id,
          `version conflict, required seqNo [${conditions.ifSeqNo}], primary term [${conditions.ifPrimaryTerm}]. current document has seqNo [${existing.seqNo}] and primary term [${PRIMARY_TERM}]`,
        );
      }
    }
    const type = conditions.versionType ?? 'internal';
    if (type === 'internal') {
      if (conditions.version !== undefined) {
        throw new SearchEngineError(
          400,
          'action_request_validation_exception',
          'Validation Failed: 1: internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead;',
        );
      }
      return (current?.version ?? 0) + 1;
    }
    const requested = conditions.version;
    if (requested === undefined || !Number.isInteger(requested) || requested < 0) {
      throw new SearchEngineError(
        400,
        'action_request_validation_exception',
        `Validation Failed: 1: illegal version value [${requested}] for version type [${type.toUpperCase()}];`,
      );
    }
    if (current) {
      const ok = type === 'external' ? requested > current.version : requested >= current.version;
      if (!ok) {
        const relation = type === 'external' ? 'higher or equal to' : 'higher than';
        throw versionConflict(
          this.name,
          id,
          `version conflict, current version [${current.version}] is ${relation} the one provided [${requested}]`,
        );
      }
    }
    return requested;
  }

  /** Parses and applies a document write with a precomputed version. Throws on mapping errors. */
  applyIndex(id: string, source: string, version: number, seqNo?: number): WriteOutcome {
    const parsed = parseDocument(this.mapping, JSON.parse(source), id);
    if (parsed.dynamicFields.size > 0)
      this.mapping = this.mapping.withDynamicFields(parsed.dynamicFields);
    const existing = this.docs.get(id);
    if (existing) this.pendingDeletes.push(existing.ordinal);
    const ordinal = this.root.add(parsed.doc, (path) => {
      const field = this.mapping.field(path);
      return field ? columnKindOf(field.type) : undefined;
    });
    const record: DocRecord = { id, ordinal, seqNo: seqNo ?? this.nextSeqNo, version, source };
    this.nextSeqNo = Math.max(this.nextSeqNo, record.seqNo + 1);
    this.docs.set(id, record);
    this.byOrdinal[ordinal] = record;
    this.tombstones.delete(id);
    return { result: existing ? 'updated' : 'created', version, seqNo: record.seqNo };
  }

  applyDelete(id: string, version: number, seqNo?: number): WriteOutcome {
    const existing = this.docs.get(id);
    const assigned = seqNo ?? this.nextSeqNo;
    this.nextSeqNo = Math.max(this.nextSeqNo, assigned + 1);
    this.tombstones.set(id, { version, seqNo: assigned, at: Date.now() });
    if (!existing) return { result: 'not_found', version, seqNo: assigned };
    this.docs.delete(id);
    // The old record stays renderable until the refresh hides it.
    this.pendingDeletes.push(existing.ordinal);
    return { result: 'deleted', version, seqNo: assigned };
  }

  /** Makes all writes so far searchable, and compacts when most ordinals are dead. */
  refresh(): void {
    if (!this.hasPendingChanges) return;
    const root = this.root;
    const live = new BitSet(root.size);
    live.words.set(root.live.words);
    for (let ord = root.visibleSize; ord < root.size; ord++) live.add(ord);
    for (const ord of this.pendingDeletes) {
      live.remove(ord);
      this.byOrdinal[ord] = undefined;
    }
    this.pendingDeletes = [];
    root.refresh(live);
    this.generation++;
    const dead = root.size - this.docs.size;
    if (dead > 10_000 && dead > this.docs.size) this.compact();
    this.pruneTombstones();
  }

  private compact(): void {
    const { space, remap } = this.root.compact(this.root.live);
    const byOrdinal: (DocRecord | undefined)[] = new Array<DocRecord | undefined>(space.size);
    for (const record of this.docs.values()) {
      record.ordinal = remap[record.ordinal]!;
      byOrdinal[record.ordinal] = record;
    }
    this.byOrdinal = byOrdinal;
    space.refresh(BitSet.full(space.size));
    this.root = space;
    this.generation++;
  }

  private pruneTombstones(): void {
    const cutoff = Date.now() - GC_DELETES_MS;
    for (const [id, tomb] of this.tombstones) if (tomb.at < cutoff) this.tombstones.delete(id);
  }

  /** The doc space holding a nested path ('' for the root). */
  space(path: string): DocSpace | undefined {
    if (path === '') return this.root;
    const parts: string[] = [];
    let current = path;
    while (current) {
      parts.unshift(current);
      current = this.mapping.nestedScopeOf(current);
    }
    let space: DocSpace | undefined = this.root;
    for (const p of parts) space = space?.children.get(p);
    return space;
  }
}
