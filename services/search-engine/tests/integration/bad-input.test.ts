import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type RunningSearchEngine, startSearchEngine } from '../../src';

interface ErrorBody {
  error: { type: string; reason: string };
  status: number;
}

describe('bad input over HTTP', () => {
  let dataDir: string;
  let engine: RunningSearchEngine;

  const request = async (
    method: string,
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(engine.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
  };
  const count = async () =>
    ((await request('GET', '/vehicles/_count')).body as { count: number }).count;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'search-bad-input-'));
    engine = await startSearchEngine({ dataDir, port: 0, maxBodyBytes: 64 * 1024 });
    await request(
      'PUT',
      '/vehicles',
      JSON.stringify({
        settings: { number_of_replicas: 0, refresh_interval: '-1' },
        mappings: {
          dynamic: 'strict',
          properties: { vin: { type: 'keyword' }, speed: { type: 'float' } },
        },
      }),
    );
  });

  afterAll(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers malformed JSON with a 400 and keeps serving', async () => {
    const { status, body } = await request(
      'POST',
      '/vehicles/_search',
      '{"query": {"match_all": {}',
    );
    expect(status).toBe(400);
    expect((body as unknown as ErrorBody).error.type).toMatch(/parse/);
    expect((await request('GET', '/')).status).toBe(200);
  });

  it('refuses a whole bulk with a malformed action line, writing nothing', async () => {
    const bulk = [
      '{"index":{"_id":"a"}}',
      '{"vin":"A"}',
      '{"index":{"_id":',
      '{"vin":"B"}',
      '',
    ].join('\n');
    const { status } = await request('POST', '/vehicles/_bulk?refresh=true', bulk, {
      'content-type': 'application/x-ndjson',
    });
    expect(status).toBe(400);
    expect(await count()).toBe(0);
  });

  it('refuses a bulk that does not end with a newline', async () => {
    const { status, body } = await request(
      'POST',
      '/vehicles/_bulk',
      '{"index":{"_id":"a"}}\n{"vin":"A"}',
    );
    expect(status).toBe(400);
    expect((body as unknown as ErrorBody).error.reason).toMatch(/terminated by a newline/);
  });

  it('fails a malformed source line as its own item; the rest of the bulk lands', async () => {
    const bulk = [
      '{"index":{"_id":"good-1"}}',
      '{"vin":"G1","speed":50}',
      '{"index":{"_id":"broken"}}',
      '{"vin": "B"',
      '{"index":{"_id":"good-2"}}',
      '{"vin":"G2","speed":"fast"}',
      '{"index":{"_id":"good-3"}}',
      '{"vin":"G3"}',
      '',
    ].join('\n');
    const { status, body } = await request('POST', '/vehicles/_bulk?refresh=true', bulk);
    expect(status).toBe(200);
    const items = body as {
      errors: boolean;
      items: { index: { _id: string; status: number; error?: { type: string } } }[];
    };
    expect(items.errors).toBe(true);
    expect(items.items.map((i) => [i.index._id, i.index.status, i.index.error?.type])).toEqual([
      ['good-1', 201, undefined],
      ['broken', 400, 'mapper_parsing_exception'],
      ['good-2', 400, 'mapper_parsing_exception'],
      ['good-3', 201, undefined],
    ]);
    expect(await count()).toBe(2);
  });

  it('answers an oversized body with 413, and accepts the next request', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++)
      lines.push(`{"index":{"_id":"big-${i}"}}`, '{"vin":"OVERSIZED-VEHICLE"}');
    const { status } = await request('POST', '/vehicles/_bulk', lines.join('\n') + '\n');
    expect(status).toBe(413);
    expect((await request('GET', '/vehicles/_doc/big-0')).status).toBe(404);
    expect((await request('GET', '/_cluster/health')).status).toBe(200);
  });

  it('applies duplicate ids in one bulk in order: the last write wins, one document', async () => {
    const bulk = [
      '{"index":{"_id":"dup"}}',
      '{"vin":"D","speed":10}',
      '{"index":{"_id":"dup"}}',
      '{"vin":"D","speed":20}',
      '',
    ].join('\n');
    const { body } = await request('POST', '/vehicles/_bulk?refresh=true', bulk);
    const items = (body as { items: { index: { _version: number; result: string } }[] }).items;
    expect(items.map((i) => [i.index.result, i.index._version])).toEqual([
      ['created', 1],
      ['updated', 2],
    ]);
    const doc = await request('GET', '/vehicles/_doc/dup');
    expect((doc.body as { _source: { speed: number } })._source.speed).toBe(20);
    const search = await request(
      'POST',
      '/vehicles/_search',
      JSON.stringify({ query: { term: { vin: 'D' } } }),
    );
    expect((search.body as { hits: { total: { value: number } } }).hits.total.value).toBe(1);
  });

  it('names an unknown URL parameter', async () => {
    const { status, body } = await request('GET', '/vehicles/_search?sizee=3');
    expect(status).toBe(400);
    expect((body as unknown as ErrorBody).error.reason).toBe(
      'request [/vehicles/_search] contains unrecognized parameter: [sizee]',
    );
  });

  it('answers 413 for a gzip body that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ vin: 'Z'.repeat(1024 * 1024) })));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const { status } = await request('PUT', '/vehicles/_doc/bomb', bomb, {
      'content-encoding': 'gzip',
    });
    expect(status).toBe(413);
  });

  it('accepts a gzip-compressed body', async () => {
    const body = gzipSync(Buffer.from(JSON.stringify({ vin: 'GZ', speed: 1 })));
    const { status } = await request('PUT', '/vehicles/_doc/gz', body, {
      'content-encoding': 'gzip',
    });
    expect(status).toBe(201);
  });
});
