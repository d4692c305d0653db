import { SearchEngineError, badRequest, indexNotFound } from './errors';
import { parseIndexSettings } from './index/index-settings';
import { IndexMapping } from './index/mapping';
import { Shard, type WriteConditions, type WriteOutcome } from './index/shard';
import { DurableStore } from './storage/durable-store';
import type { DecodedRecord } from './storage/record-codec';

export interface EngineOptions {
  readonly dataDir: string;
  /** Log size that triggers a snapshot (bounds restart time). */
  readonly snapshotThresholdBytes?: number;
}

export type RefreshPolicy = 'true' | 'false' | 'wait_for';

export function parseRefresh(raw: string | undefined): RefreshPolicy {
  if (raw === undefined || raw === 'false') return 'false';
  if (raw === '' || raw === 'true') return 'true';
  if (raw === 'wait_for') return 'wait_for';
  throw badRequest(`Unknown value for refresh: [${raw}].`);
}

const INDEX_NAME_INVALID = /[\\/*?"<>| ,#:A-Z]/;

export function validateIndexName(name: string): void {
  const reason = INDEX_NAME_INVALID.test(name)
    ? /[A-Z]/.test(name)
      ? 'must be lowercase'
      : 'must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?, #, :]'
    : /^[-_+]/.test(name)
      ? "must not start with '_', '-', or '+'"
      : name === '.' || name === '..'
        ? "must not be '.' or '..'"
        : name.length === 0 || Buffer.byteLength(name) > 255
          ? 'index name is too long, (' + Buffer.byteLength(name) + ' > 255)'
          : undefined;
  if (reason) {
    throw new SearchEngineError(
      400,
      'invalid_index_name_exception',
      `Invalid index name [${name}], ${reason}`,
      {
        index: name,
        index_uuid: '_na_',
      },
    );
  }
}

/**
 * The engine: every index, the durable store behind them, and the near-real-time refresh
 * schedule. Writes apply in memory synchronously (so versions and seq_nos are assigned in one
 * order) and are acknowledged by callers only after `afterWrite` has fsynced them.
 */
export class Engine {
  readonly indices = new Map<string, Shard>();
  private readonly lastRefresh = new Map<Shard, number>();
  private readonly refreshWaiters = new Map<Shard, (() => void)[]>();
  private timer?: NodeJS.Timeout;
  private store!: DurableStore;
  private closed = false;

  private constructor(private readonly options: EngineOptions) {}

  static async open(options: EngineOptions): Promise<Engine> {
    const engine = new Engine(options);
    engine.store = await DurableStore.open(options.dataDir, (record) => engine.replay(record));
    for (const shard of engine.indices.values()) shard.refresh();
    engine.timer = setInterval(() => engine.tick(), 50);
    engine.timer.unref();
    return engine;
  }

  private replay({ header, source }: DecodedRecord): void {
    switch (header.t) {
      case 'create': {
        const shard = new Shard(
          header.i,
          IndexMapping.parse(header.mappings),
          parseIndexSettings(header.settings),
          header.createdAt as number,
          header.uuid as string,
        );
        shard.restoreSeqNo((header.seqNo as number | undefined) ?? 0);
        this.indices.set(header.i, shard);
        break;
      }
      case 'drop':
        this.indices.delete(header.i);
        break;
      case 'mapping':
        this.indices.get(header.i)!.mapping = IndexMapping.parse(header.mappings);
        break;
      case 'put':
        this.indices
          .get(header.i)!
          .applyIndex(
            header.id as string,
            source!.toString('utf8'),
            header.v as number,
            header.s as number,
          );
        break;
      case 'del':
        this.indices
          .get(header.i)!
          .applyDelete(header.id as string, header.v as number, header.s as number);
        break;
    }
  }

  shard(name: string): Shard {
    const shard = this.indices.get(name);
    if (!shard) throw indexNotFound(name);
    return shard;
  }

  /** Resolves `a,b`, wildcards and `_all` to indices, as OpenSearch's index expressions do. */
  resolve(
    expression: string | undefined,
    options: { ignoreUnavailable?: boolean; allowNoIndices?: boolean } = {},
  ): Shard[] {
    const parts =
      !expression || expression === '_all' || expression === '*' ? ['*'] : expression.split(',');
    const out = new Map<string, Shard>();
    for (const part of parts) {
      if (part.includes('*')) {
        const re = new RegExp(
          `^${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
        );
        for (const [name, shard] of this.indices)
          if (re.test(name) && !name.startsWith('.')) out.set(name, shard);
      } else {
        const shard = this.indices.get(part);
        if (shard) out.set(part, shard);
        else if (!options.ignoreUnavailable) throw indexNotFound(part);
      }
    }
    if (out.size === 0 && options.allowNoIndices === false)
      throw indexNotFound(expression ?? '_all');
    return [...out.values()];
  }

  createIndex(name: string, body: Record<string, unknown>): Shard {
    validateIndexName(name);
    for (const key of Object.keys(body)) {
      if (!['settings', 'mappings', 'aliases'].includes(key)) {
        throw new SearchEngineError(
          400,
          'parsing_exception',
          `unknown key [${key}] for create index`,
        );
      }
    }
    if (body.aliases !== undefined && Object.keys(body.aliases as object).length > 0) {
      throw badRequest('aliases are not supported by this engine');
    }
    if (this.indices.has(name)) {
      throw new SearchEngineError(
        400,
        'resource_already_exists_exception',
        `index [${name}/${this.indices.get(name)!.uuid}] already exists`,
        {
          index: name,
          index_uuid: this.indices.get(name)!.uuid,
        },
      );
    }
    const settings = parseIndexSettings(body.settings);
    const mapping = IndexMapping.parse(body.mappings ?? {});
    const shard = new Shard(name, mapping, settings, Date.now());
    this.indices.set(name, shard);
    this.store.append(this.createHeader(shard));
    return shard;
  }

  private createHeader(shard: Shard) {
    return {
      t: 'create' as const,
      i: shard.name,
      uuid: shard.uuid,
      settings: shard.settings.raw,
      mappings: shard.mapping.toJson(),
      createdAt: shard.createdAt,
      seqNo: shard.maxSeqNo + 1,
    };
  }

  /** The index a document write goes to, created with dynamic mappings if missing. */
  private writeTarget(name: string): Shard {
    return this.indices.get(name) ?? this.createIndex(name, {});
  }

  deleteIndex(shard: Shard): void {
    this.indices.delete(shard.name);
    this.lastRefresh.delete(shard);
    this.store.append({ t: 'drop', i: shard.name });
    for (const resolve of this.refreshWaiters.get(shard) ?? []) resolve();
    this.refreshWaiters.delete(shard);
  }

  putMapping(shard: Shard, body: unknown): void {
    shard.mapping = shard.mapping.merge(body);
    this.store.append({ t: 'mapping', i: shard.name, mappings: shard.mapping.toJson() });
  }

  /** Indexes one document (source is its JSON bytes); throws on conflicts and mapping errors. */
  indexDocument(
    index: string,
    id: string,
    source: string,
    conditions: WriteConditions,
  ): WriteOutcome & { shard: Shard } {
    if (id.length === 0 || Buffer.byteLength(id) > 512) {
      throw new SearchEngineError(
        400,
        'action_request_validation_exception',
        `Validation Failed: 1: id [${id}] is too long, must be no longer than 512 bytes but was: ${Buffer.byteLength(id)};`,
      );
    }
    const shard = this.writeTarget(index);
    const version = shard.checkConditions(id, conditions);
    const outcome = shard.applyIndex(id, source, version);
    this.store.append(
      { t: 'put', i: shard.name, id, v: outcome.version, s: outcome.seqNo },
      source,
    );
    return { ...outcome, shard };
  }

  deleteDocument(
    index: string,
    id: string,
    conditions: WriteConditions,
  ): WriteOutcome & { shard: Shard } {
    const shard = this.shard(index);
    const version = shard.checkConditions(id, conditions);
    const outcome = shard.applyDelete(id, version);
    this.store.append({ t: 'del', i: shard.name, id, v: outcome.version, s: outcome.seqNo });
    return { ...outcome, shard };
  }

  refresh(shard: Shard): void {
    shard.refresh();
    this.lastRefresh.set(shard, Date.now());
    const waiters = this.refreshWaiters.get(shard);
    if (waiters) {
      this.refreshWaiters.delete(shard);
      for (const resolve of waiters) resolve();
    }
  }

  private tick(): void {
    const now = Date.now();
    for (const shard of this.indices.values()) {
      const interval = shard.settings.refreshIntervalMs;
      const waiting = this.refreshWaiters.has(shard);
      if (!shard.hasPendingChanges && !waiting) continue;
      const last = this.lastRefresh.get(shard) ?? 0;
      if ((interval > 0 && now - last >= interval) || (interval <= 0 && waiting))
        this.refresh(shard);
    }
    // Snapshot once the log outgrows both the threshold and the last snapshot: rewrite work
    // stays proportional to what was written, and a restart replays at most about twice the data.
    const threshold = Math.max(
      this.options.snapshotThresholdBytes ?? 256 * 1024 * 1024,
      this.store.lastSnapshotBytes,
    );
    if (this.store.logBytes > threshold && !this.store.isSnapshotting && !this.closed) {
      this.snapshot().catch((err: unknown) => console.error('search engine: snapshot failed', err));
    }
  }

  /** Writes a snapshot of every index and drops the logs it covers. */
  async snapshot(): Promise<void> {
    const started = performance.now();
    await this.store.snapshot(() =>
      [...this.indices.values()].map((shard) => ({
        header: this.createHeader(shard),
        uuid: shard.uuid,
        liveSeqNos: shard.liveSeqNos(),
      })),
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `search engine: snapshot of ${this.store.lastSnapshotBytes} bytes written in ${seconds} s`,
    );
  }

  /**
   * Completes a write: refreshes if asked, waits for the fsync, and for `wait_for` until the
   * writes are searchable. Returns whether a refresh was forced.
   */
  async afterWrite(shards: Iterable<Shard>, refresh: RefreshPolicy): Promise<boolean> {
    const touched = [...new Set(shards)];
    if (refresh === 'true') for (const shard of touched) this.refresh(shard);
    await this.store.commit();
    if (refresh === 'wait_for') {
      await Promise.all(
        touched
          .filter((s) => s.hasPendingChanges && this.indices.get(s.name) === s)
          .map(
            (s) =>
              new Promise<void>((resolve) =>
                this.refreshWaiters.set(s, [...(this.refreshWaiters.get(s) ?? []), resolve]),
              ),
          ),
      );
    }
    return refresh === 'true';
  }

  /** Waits until metadata changes (index create/delete, mappings) are durable. */
  commit(): Promise<void> {
    return this.store.commit();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (const waiters of this.refreshWaiters.values()) for (const resolve of waiters) resolve();
    await this.store.close();
  }
}
