import { mkdir, open, readdir, rename, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { BitSet } from '../util/bitset';
import { compactOnWorker } from './compaction-worker-pool';
import type { DecodedRecord, LogHeader } from './record-codec';
import { scanRecordFile } from './record-scanner';
import { WriteAheadLog } from './write-ahead-log';

const LOG = /^wal-(\d{6})\.log$/;
const SNAPSHOT = /^snapshot-(\d{6})\.log$/;
const name = (prefix: string, n: number) => `${prefix}-${String(n).padStart(6, '0')}.log`;

/** What a snapshot keeps of one index, captured at the instant the log is rotated. */
export interface SnapshotIndex {
  /** A `create` record with the index's current settings, mappings and next seq_no. */
  readonly header: LogHeader;
  readonly uuid: string;
  /** The seq_nos of its live documents (seq_nos are dense, so a bitset is small). */
  readonly liveSeqNos: BitSet;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The data directory: numbered logs plus at most one snapshot. `snapshot-K` holds the state
 * after every log numbered below K; recovery loads it and replays logs K and later.
 */
export class DurableStore {
  private inFlight?: Promise<void>;
  /** Size of the newest snapshot: the next one waits until the log has grown at least as much. */
  lastSnapshotBytes = 0;

  private constructor(
    readonly dir: string,
    private log: WriteAheadLog,
    private logNumber: number,
    /** The newest snapshot's number (0: none). */
    private base: number,
  ) {}

  /** Opens the directory and replays its contents into `apply`, cutting off a torn tail. */
  static async open(dir: string, apply: (record: DecodedRecord) => void): Promise<DurableStore> {
    await mkdir(dir, { recursive: true });
    const files = await readdir(dir);
    const snapshots = files.flatMap((f) =>
      SNAPSHOT.exec(f) ? [Number(SNAPSHOT.exec(f)![1])] : [],
    );
    const base = snapshots.length > 0 ? Math.max(...snapshots) : 0;
    let snapshotBytes = 0;
    if (base > 0) {
      const path = join(dir, name('snapshot', base));
      const scan = await scanRecordFile(path, apply);
      if (scan.validBytes !== scan.fileBytes) {
        throw new Error(`snapshot ${path} is corrupt at byte ${scan.validBytes}`);
      }
      snapshotBytes = scan.fileBytes;
    }
    const logs = files
      .flatMap((f) => (LOG.exec(f) ? [Number(LOG.exec(f)![1])] : []))
      .filter((n) => n >= base)
      .sort((a, b) => a - b);
    for (const [i, n] of logs.entries()) {
      const path = join(dir, name('wal', n));
      const scan = await scanRecordFile(path, apply);
      if (scan.validBytes !== scan.fileBytes) {
        if (i !== logs.length - 1)
          throw new Error(`log ${path} is corrupt at byte ${scan.validBytes}`);
        await truncate(path, scan.validBytes); // a write torn by a crash: it was never acknowledged
      }
    }
    const current = logs.length > 0 ? logs[logs.length - 1]! : Math.max(base, 1);
    // Remove leftovers of an interrupted snapshot or cleanup.
    for (const f of files) {
      const logMatch = LOG.exec(f);
      const snapMatch = SNAPSHOT.exec(f);
      if (
        f.endsWith('.tmp') ||
        (logMatch && Number(logMatch[1]) < base) ||
        (snapMatch && Number(snapMatch[1]) < base)
      ) {
        await rm(join(dir, f), { force: true });
      }
    }
    const log = await WriteAheadLog.open(join(dir, name('wal', current)));
    const store = new DurableStore(dir, log, current, base);
    store.lastSnapshotBytes = snapshotBytes;
    return store;
  }

  get logBytes(): number {
    return this.log.size;
  }

  get isSnapshotting(): boolean {
    return this.inFlight !== undefined;
  }

  append(header: LogHeader, source?: string): void {
    this.log.appendRecord(JSON.stringify(header), source);
  }

  commit(): Promise<void> {
    return this.log.commit();
  }

  /**
   * Starts a new log and calls `capture` in the same tick, so the capture describes exactly the
   * old files. Then builds the next snapshot by streaming the old snapshot and logs and copying
   * the records of documents live at that instant, byte for byte (nothing is re-encoded), and
   * deletes the files it replaces.
   */
  snapshot(capture: () => SnapshotIndex[]): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.writeSnapshot(capture).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async writeSnapshot(capture: () => SnapshotIndex[]): Promise<void> {
    const next = this.logNumber + 1;
    const nextLog = await WriteAheadLog.open(join(this.dir, name('wal', next)));
    const oldLog = this.log;
    this.log = nextLog;
    this.logNumber = next;
    const plan = capture();
    await oldLog.close();

    const existing = new Set(await readdir(this.dir));
    const sources = [
      ...(this.base > 0 ? [name('snapshot', this.base)] : []),
      ...Array.from({ length: next - Math.max(this.base, 1) }, (_, k) =>
        name('wal', Math.max(this.base, 1) + k),
      ),
    ].filter((f) => existing.has(f));
    const tmp = join(this.dir, `${name('snapshot', next)}.tmp`);
    // On a worker thread: building a snapshot never competes with requests.
    const written = await compactOnWorker({
      sources: sources.map((f) => join(this.dir, f)),
      target: tmp,
      indices: plan.map((index) => ({
        header: index.header,
        uuid: index.uuid,
        liveSeqNos: index.liveSeqNos.words,
      })),
    });
    await rename(tmp, join(this.dir, name('snapshot', next)));
    await fsyncPath(this.dir);
    for (const f of sources) await rm(join(this.dir, f), { force: true });
    this.base = next;
    this.lastSnapshotBytes = written;
  }

  /** Waits for a snapshot in progress (its outcome is the caller's), then closes the log. */
  async close(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
    await this.log.close();
  }
}
