import { crc32 } from 'node:zlib';

/**
 * A log record: [u32 body length][u32 crc32(body)][body]; the body is a JSON header, a newline,
 * then the raw document source if any. The checksum finds a torn tail after a crash.
 */
export interface LogHeader {
  /** create index, drop index, mapping, put document, delete document */
  readonly t: 'create' | 'drop' | 'mapping' | 'put' | 'del';
  readonly i: string;
  readonly [key: string]: unknown;
}

/** A decoded record. `source` and `raw` are views into the data being decoded: copy to keep. */
export interface DecodedRecord {
  readonly header: LogHeader;
  readonly source?: Buffer;
  /** The whole framed record, as it sits in the file. */
  readonly raw: Buffer;
}

/**
 * Decodes the records of a log file. Returns the offset just past the last intact record, so
 * a torn or corrupt tail can be cut off.
 */
export function decodeRecords(data: Buffer, onRecord: (record: DecodedRecord) => void): number {
  let offset = 0;
  while (offset + 8 <= data.length) {
    const length = data.readUInt32LE(offset);
    const checksum = data.readUInt32LE(offset + 4);
    if (offset + 8 + length > data.length) break;
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (crc32(body) !== checksum) break;
    const newline = body.indexOf(0x0a);
    const header = JSON.parse(body.subarray(0, newline).toString('utf8')) as LogHeader;
    const rest = body.subarray(newline + 1);
    onRecord({
      header,
      source: rest.length > 0 ? rest : undefined,
      raw: data.subarray(offset, offset + 8 + length),
    });
    offset += 8 + length;
  }
  return offset;
}

/** True when decoding stopped at a damaged record rather than at the end of the data. */
export function isCorruptAt(data: Buffer, offset: number): boolean {
  if (offset + 8 > data.length) return false;
  return offset + 8 + data.readUInt32LE(offset) <= data.length;
}
