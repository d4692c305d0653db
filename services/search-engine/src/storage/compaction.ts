import { open } from 'node:fs/promises';
import { RecordChunks } from './record-chunks';
import type { LogHeader } from './record-codec';
import { scanRecordFile } from './record-scanner';

/** Everything a compaction needs, as plain data, so it can cross to a worker thread. */
export interface CompactionJob {
  /** The old snapshot and logs, oldest first. */
  readonly sources: readonly string[];
  /** The snapshot file to write (a temporary name; the caller renames it). */
  readonly target: string;
  readonly indices: readonly {
    /** The `create` record to start the snapshot with. */
    readonly header: LogHeader;
    readonly uuid: string;
    /** Bitset words: bit `s` is set when the document with seq_no `s` is live. */
    readonly liveSeqNos: Uint32Array;
  }[];
}

const hasBit = (words: Uint32Array, bit: number) => (words[bit >>> 5]! & (1 << (bit & 31))) !== 0;

/**
 * Writes a snapshot: the index headers, then every still-live `put` record copied byte for byte
 * from the old files. Returns the snapshot's size.
 */
export async function compactLogs(job: CompactionJob): Promise<number> {
  const out = await open(job.target, 'w');
  let written = 0;
  const write = async (buffers: Buffer[]) => {
    if (buffers.length === 0) return;
    const joined = Buffer.concat(buffers);
    await out.write(joined);
    written += joined.length;
  };
  try {
    const headers: Buffer[] = [];
    const chunks = new RecordChunks((b) => headers.push(b));
    for (const index of job.indices) chunks.write(JSON.stringify(index.header));
    chunks.seal();
    await write(headers);

    const byName = new Map(job.indices.map((index) => [index.header.i, index]));
    // Which incarnation of each index name the stream is in (drop + create reuses a name).
    const incarnation = new Map<string, unknown>();
    for (const source of job.sources) {
      let selected: Buffer[] = [];
      await scanRecordFile(
        source,
        ({ header, raw }) => {
          if (header.t === 'create') incarnation.set(header.i, header.uuid);
          else if (header.t === 'drop') incarnation.delete(header.i);
          else if (header.t === 'put') {
            const index = byName.get(header.i);
            if (
              index &&
              incarnation.get(header.i) === index.uuid &&
              hasBit(index.liveSeqNos, header.s as number)
            ) {
              selected.push(raw);
            }
          }
        },
        async () => {
          await write(selected);
          selected = [];
        },
      );
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return written;
}
