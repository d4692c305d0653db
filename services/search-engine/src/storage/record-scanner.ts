import { open } from 'node:fs/promises';
import { type DecodedRecord, decodeRecords, isCorruptAt } from './record-codec';

const BLOCK_BYTES = 8 * 1024 * 1024;

export interface ScanResult {
  /** Bytes up to the end of the last intact record. */
  readonly validBytes: number;
  readonly fileBytes: number;
}

/**
 * Streams the records of a log or snapshot file in 8 MB blocks, so recovering or compacting a
 * large file never holds it in memory at once. Record views are valid until `afterBlock`.
 */
export async function scanRecordFile(
  path: string,
  onRecord: (record: DecodedRecord) => void,
  afterBlock: () => Promise<void> = () => Promise.resolve(),
): Promise<ScanResult> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    let carry: Buffer = Buffer.alloc(0);
    let position = 0;
    let validBytes = 0;
    while (position < size) {
      const block = Buffer.allocUnsafe(Math.min(BLOCK_BYTES, size - position));
      const { bytesRead } = await handle.read(block, 0, block.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data =
        carry.length > 0
          ? Buffer.concat([carry, block.subarray(0, bytesRead)])
          : block.subarray(0, bytesRead);
      const consumed = decodeRecords(data, onRecord);
      validBytes += consumed;
      await afterBlock();
      if (isCorruptAt(data, consumed)) return { validBytes, fileBytes: size };
      carry = Buffer.from(data.subarray(consumed));
    }
    return { validBytes, fileBytes: size };
  } finally {
    await handle.close();
  }
}
