import { type FileHandle, open } from 'node:fs/promises';
import { RecordChunks } from './record-chunks';

/**
 * The append-only log. Writers append records and await `commit()`, which resolves once their
 * records are fsynced; all writers waiting at the same time share one write + fdatasync
 * (group commit), so a bulk of 10,000 documents costs one fsync, not 10,000.
 */
export class WriteAheadLog {
  private pending: Buffer[] = [];
  private readonly chunks = new RecordChunks((filled) => this.pending.push(filled));
  private waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  private flushing = false;
  private bytes = 0;

  private constructor(
    private handle: FileHandle,
    readonly path: string,
    initialBytes: number,
  ) {
    this.bytes = initialBytes;
  }

  static async open(path: string): Promise<WriteAheadLog> {
    const handle = await open(path, 'a');
    const { size } = await handle.stat();
    return new WriteAheadLog(handle, path, size);
  }

  /** Bytes in the file plus bytes waiting to be written. */
  get size(): number {
    return this.bytes;
  }

  /** Appends `[length][crc32][header\n][source]` without allocating a buffer per record. */
  appendRecord(header: string, source?: string): void {
    const written = this.chunks.write(header, source);
    this.bytes += written;
  }

  commit(): Promise<void> {
    this.chunks.seal();
    if (this.pending.length === 0 && !this.flushing) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flushLoop());
      }
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.waiters.length > 0) {
      const batch = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        if (batch.length > 0) {
          await this.handle.writev(batch);
          await this.handle.datasync();
        }
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
    this.flushing = false;
  }

  /** Flushes what is pending, then closes the file. */
  async close(): Promise<void> {
    await this.commit();
    await this.handle.close();
  }
}
