import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableStore } from '../../src/storage/durable-store';
import { RecordChunks } from '../../src/storage/record-chunks';
import { BitSet } from '../../src/util/bitset';
import { type DecodedRecord, type LogHeader, decodeRecords } from '../../src/storage/record-codec';
import { show } from '../../src/util/show';

/** One record, encoded the way the log writes it. */
function encodeRecord(header: LogHeader, source?: string): Buffer {
  const out: Buffer[] = [];
  const chunks = new RecordChunks((b) => out.push(Buffer.from(b)));
  chunks.write(JSON.stringify(header), source);
  chunks.seal();
  return Buffer.concat(out);
}

describe('log records', () => {
  it('round-trips a header and a source', () => {
    const source = '{"vin":"1HGCM82633A004352"}';
    const decoded: DecodedRecord[] = [];
    const data = Buffer.concat([
      encodeRecord({ t: 'put', i: 'devices', id: 'a', v: 1, s: 0 }, source),
      encodeRecord({ t: 'del', i: 'devices', id: 'a', v: 2, s: 1 }),
    ]);
    expect(decodeRecords(data, (r) => decoded.push(r))).toBe(data.length);
    expect(decoded.map((r) => r.header.t)).toEqual(['put', 'del']);
    expect(decoded[0]!.source!.toString()).toBe(source);
    expect(decoded[1]!.source).toBeUndefined();
  });

  it('stops at a torn or corrupt record', () => {
    const good = encodeRecord({ t: 'put', i: 'x', id: '1', v: 1, s: 0 }, '{}');
    const torn = encodeRecord({ t: 'put', i: 'x', id: '2', v: 1, s: 1 }, '{"a":1}');
    const corrupt = Buffer.from(torn);
    corrupt[corrupt.length - 2] = 0x20; // flip a byte of the body: the checksum no longer matches
    const seen: string[] = [];
    expect(
      decodeRecords(Buffer.concat([good, torn.subarray(0, torn.length - 3)]), (r) =>
        seen.push(String(r.header.id)),
      ),
    ).toBe(good.length);
    expect(
      decodeRecords(Buffer.concat([good, corrupt]), (r) => seen.push(String(r.header.id))),
    ).toBe(good.length);
    expect(seen).toEqual(['1', '1']);
  });
});

describe('durable store recovery', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'durable-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replays committed records and cuts a torn tail off the last log', async () => {
    const store = await DurableStore.open(dir, () => undefined);
    store.append({ t: 'create', i: 'trip', settings: {}, mappings: {} });
    store.append({ t: 'put', i: 'trip', id: 't1', v: 1, s: 0 }, '{"tripid":"t1"}');
    await store.commit();
    await store.close();
    const log = join(dir, 'wal-000001.log');
    const intact = statSync(log).size;
    appendFileSync(
      log,
      encodeRecord({ t: 'put', i: 'trip', id: 't2', v: 1, s: 1 }).subarray(0, 10),
    );

    const replayed: string[] = [];
    const reopened = await DurableStore.open(dir, (r) =>
      replayed.push(`${r.header.t}:${show(r.header.id ?? r.header.i)}`),
    );
    expect(replayed).toEqual(['create:trip', 'put:t1']);
    expect(statSync(log).size).toBe(intact);
    await reopened.close();
  });

  it('snapshots only the documents live at rotation, copied from the old files', async () => {
    const store = await DurableStore.open(dir, () => undefined);
    const create = (uuid: string) => ({
      t: 'create' as const,
      i: 'trip',
      uuid,
      settings: {},
      mappings: {},
    });
    store.append(create('old-incarnation'));
    store.append({ t: 'put', i: 'trip', id: 'gone', v: 1, s: 0 }, '{"from":"dropped index"}');
    store.append({ t: 'drop', i: 'trip' });
    store.append(create('u1'));
    store.append({ t: 'put', i: 'trip', id: 't1', v: 1, s: 0 }, '{"v":1}');
    store.append({ t: 'put', i: 'trip', id: 't1', v: 2, s: 1 }, '{"v":2}');
    store.append({ t: 'put', i: 'trip', id: 't2', v: 1, s: 2 }, '{"deleted":true}');
    store.append({ t: 'del', i: 'trip', id: 't2', v: 2, s: 3 });
    await store.commit();
    const live = new BitSet(4);
    live.add(1); // only t1 at version 2 is live
    await store.snapshot(() => [
      { header: { ...create('u1'), seqNo: 4 }, uuid: 'u1', liveSeqNos: live },
    ]);
    store.append({ t: 'put', i: 'trip', id: 'after', v: 1, s: 4 }, '{}');
    await store.commit();
    await store.close();
    expect(readdirSync(dir).sort()).toEqual(['snapshot-000002.log', 'wal-000002.log']);
    writeFileSync(join(dir, 'snapshot-000003.log.tmp'), 'half-written snapshot');

    const replayed: string[] = [];
    const reopened = await DurableStore.open(dir, (r) =>
      replayed.push(
        `${r.header.t}:${show(r.header.id ?? r.header.uuid)}:${r.source?.toString() ?? ''}`,
      ),
    );
    expect(replayed).toEqual(['create:u1:', 'put:t1:{"v":2}', 'put:after:{}']);
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
    await reopened.close();
  });
});

describe('record chunks', () => {
  it('pack many records, across chunk boundaries, that decode back in order', () => {
    const filled: Buffer[] = [];
    const chunks = new RecordChunks((b) => filled.push(Buffer.from(b)));
    const big = 'a'.repeat(700 * 1024);
    const sources: string[] = [];
    for (let i = 0; i < 5; i++) {
      const source = i % 2 === 0 ? `{"n":${i},"name":"Zoë"}` : big;
      sources.push(source);
      chunks.write(JSON.stringify({ t: 'put', i: 'cardata', id: `m-${i}`, v: 1, s: i }), source);
    }
    chunks.seal();
    expect(filled.length).toBeGreaterThan(1);
    const data = Buffer.concat(filled);
    const decoded: DecodedRecord[] = [];
    expect(decodeRecords(data, (r) => decoded.push(r))).toBe(data.length);
    expect(decoded.map((r) => r.header.id)).toEqual(['m-0', 'm-1', 'm-2', 'm-3', 'm-4']);
    expect(decoded.map((r) => r.source!.toString('utf8'))).toEqual(sources);
  });
});
