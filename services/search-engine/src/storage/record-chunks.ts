import { crc32 } from 'node:zlib';

const CHUNK_BYTES = 1024 * 1024;

/**
 * Encodes log records (the format is in record-codec.ts) into 1 MB chunks, so a bulk of
 * thousands of documents makes a handful of buffers instead of one (plus garbage) per record.
 * A chunk is handed to `onFilled` when full or sealed, and never written to again.
 */
export class RecordChunks {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private start = 0;
  private used = 0;

  constructor(private readonly onFilled: (filled: Buffer) => void) {}

  /** Writes one record; returns its size in bytes. */
  write(header: string, source?: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: reserve that, then use what was written.
    const worst = 8 + 3 * (header.length + 1 + (source?.length ?? 0));
    if (this.used + worst > this.chunk.length) {
      this.seal();
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, worst));
      this.start = 0;
      this.used = 0;
    }
    const at = this.used;
    const chunk = this.chunk;
    let end = at + 8 + chunk.write(header, at + 8, 'utf8');
    chunk[end++] = 0x0a;
    if (source) end += chunk.write(source, end, 'utf8');
    chunk.writeUInt32LE(end - at - 8, at);
    chunk.writeUInt32LE(crc32(chunk.subarray(at + 8, end)), at + 4);
    this.used = end;
    return end - at;
  }

  /** Hands over what was written since the last seal. */
  seal(): void {
    if (this.used > this.start) {
      this.onFilled(this.chunk.subarray(this.start, this.used));
      this.start = this.used;
    }
  }
}
