import { mkdir, open, readFile, readdir, rename, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { RecordChunks } from './record-chunks';
import { type DecodedRecord, type LogHeader, decodeRecords } from './record-codec';
import { WriteAheadLog } from './write-ahead-log';

const LOG = /^wal-(\d{6})\.log$/;
const SNAPSHOT = /^snapshot-(\d{6})\.log$/;
const name = (prefix: string, n: number) => `${prefix}-${String(n).padStart(6, '0')}.log`;

/** What a snapshot holds: a header per index and its documents, captured at one instant. */
export interface SnapshotSource {
  readonly header: LogHeader;
  /** Iterated while the snapshot is written, so records are built one at a time. */
  readonly documents: Iterable<{ header: LogHeader; source: string }>;
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
  private snapshotting = false;
  /** Size of the newest snapshot: the next one waits until the log has grown at least as much. */
  lastSnapshotBytes = 0;

  private constructor(
    readonly dir: string,
    private log: WriteAheadLog,
    private logNumber: number,
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
      const data = await readFile(join(dir, name('snapshot', base)));
      snapshotBytes = data.length;
      const end = decodeRecords(data, apply);
      if (end !== data.length)
        throw new Error(`snapshot ${name('snapshot', base)} is corrupt at byte ${end}`);
    }
    const logs = files
      .flatMap((f) => (LOG.exec(f) ? [Number(LOG.exec(f)![1])] : []))
      .filter((n) => n >= base)
      .sort((a, b) => a - b);
    for (const [i, n] of logs.entries()) {
      const path = join(dir, name('wal', n));
      const data = await readFile(path);
      const end = decodeRecords(data, apply);
      if (end !== data.length) {
        if (i !== logs.length - 1) throw new Error(`log ${path} is corrupt at byte ${end}`);
        await truncate(path, end); // a write torn by a crash: it was never acknowledged
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
    const store = new DurableStore(dir, log, current);
    store.lastSnapshotBytes = snapshotBytes;
    return store;
  }

  get logBytes(): number {
    return this.log.size;
  }

  get isSnapshotting(): boolean {
    return this.snapshotting;
  }

  append(header: LogHeader, source?: string): void {
    this.log.appendRecord(JSON.stringify(header), source);
  }

  commit(): Promise<void> {
    return this.log.commit();
  }

  /**
   * Starts a new log, calls `capture` in the same tick (so the capture matches exactly the
   * old logs), writes the snapshot in the background, then deletes the old logs.
   */
  async snapshot(capture: () => SnapshotSource[]): Promise<void> {
    if (this.snapshotting) return;
    this.snapshotting = true;
    try {
      const next = this.logNumber + 1;
      const nextLog = await WriteAheadLog.open(join(this.dir, name('wal', next)));
      const oldLog = this.log;
      this.log = nextLog;
      this.logNumber = next;
      const state = capture();
      await oldLog.close();

      const tmp = join(this.dir, `${name('snapshot', next)}.tmp`);
      const handle = await open(tmp, 'w');
      let written = 0;
      try {
        let filled: Buffer[] = [];
        const chunks = new RecordChunks((buffer) => filled.push(buffer));
        const flush = async () => {
          chunks.seal();
          if (filled.length > 0) await handle.writev(filled);
          for (const buffer of filled) written += buffer.length;
          filled = [];
        };
        for (const index of state) {
          chunks.write(JSON.stringify(index.header));
          for (const doc of index.documents) {
            chunks.write(JSON.stringify(doc.header), doc.source);
            if (filled.length >= 4) await flush();
          }
        }
        await flush();
        await handle.sync();
      } finally {
        await handle.close();
      }
      this.lastSnapshotBytes = written;
      await rename(tmp, join(this.dir, name('snapshot', next)));
      await fsyncPath(this.dir);
      for (const f of await readdir(this.dir)) {
        const logMatch = LOG.exec(f);
        const snapMatch = SNAPSHOT.exec(f);
        if (
          (logMatch && Number(logMatch[1]) < next) ||
          (snapMatch && Number(snapMatch[1]) < next)
        ) {
          await rm(join(this.dir, f), { force: true });
        }
      }
    } finally {
      this.snapshotting = false;
    }
  }

  async close(): Promise<void> {
    await this.log.close();
  }
}
