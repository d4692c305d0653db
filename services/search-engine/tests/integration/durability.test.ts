import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { startSearchEngine } from '../../src';

const PACKAGE_DIR = join(__dirname, '..', '..');

/** Runs the engine as its own process (so it can be SIGKILLed) and resolves with its URL. */
function spawnEngine(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PACKAGE_DIR,
    env: {
      ...process.env,
      SEARCH_ENGINE_PORT: '0',
      SEARCH_ENGINE_DATA_DIR: dataDir,
      // Small, so snapshots and log rotation happen in the middle of the stream too.
      SEARCH_ENGINE_SNAPSHOT_THRESHOLD_BYTES: String(512 * 1024),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`engine exited early with ${code}: ${out}`)));
  });
}

describe('durability', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'search-durability-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  // A child process started through tsx, 20,000 writes and a restart: seconds, more on a busy
  // machine, so it gets more than jest's default 5 s.
  it('keeps every acknowledged document when killed with SIGKILL mid-stream', async () => {
    const { child, url } = await spawnEngine(dataDir);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await fetch(`${url}/cardata`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        settings: { number_of_replicas: 0 },
        mappings: {
          properties: {
            messageid: { type: 'keyword' },
            vin: { type: 'keyword' },
            speed: { type: 'float' },
          },
        },
      }),
    });

    const acknowledged = new Set<string>();
    let killed = false;
    let sequence = 0;
    const writer = async () => {
      while (!killed) {
        const lines: string[] = [];
        for (let i = 0; i < 200; i++) {
          const id = `msg-${sequence++}`;
          lines.push(JSON.stringify({ index: { _index: 'cardata', _id: id } }));
          lines.push(
            JSON.stringify({ messageid: id, vin: `VIN${sequence % 97}`, speed: sequence % 130 }),
          );
        }
        try {
          const response = await fetch(`${url}/_bulk`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-ndjson' },
            body: lines.join('\n') + '\n',
          });
          const body = (await response.json()) as {
            items: { index: { _id: string; status: number } }[];
          };
          for (const item of body.items)
            if (item.index.status === 201) acknowledged.add(item.index._id);
        } catch {
          return; // the connection died with the process: that bulk was never acknowledged
        }
      }
    };
    const writers = [writer(), writer(), writer()];
    // Kill once a good number of writes (and some snapshots) have been acknowledged.
    while (acknowledged.size < 20_000) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    child.kill('SIGKILL');
    await exited;
    await Promise.all(writers);
    expect(readdirSync(dataDir).some((f) => f.startsWith('snapshot-'))).toBe(true);

    const restarted = await startSearchEngine({ dataDir, port: 0 });
    try {
      const client = new Client({ node: restarted.url });
      const ids = [...acknowledged];
      const missing: string[] = [];
      for (let i = 0; i < ids.length; i += 5000) {
        const { body } = await client.mget({
          index: 'cardata',
          body: { ids: ids.slice(i, i + 5000) },
        });
        for (const doc of body.docs) {
          if (!('found' in doc) || !doc.found) missing.push(doc._id);
          else expect((doc._source as { messageid: string }).messageid).toBe(doc._id);
        }
      }
      expect(missing).toEqual([]);
      const { body: count } = await client.count({ index: 'cardata' });
      expect(count.count).toBeGreaterThanOrEqual(ids.length);
      await client.close();
    } finally {
      await restarted.close();
    }
  }, 60_000);
});
