import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEX_NAMES, IndexMappingConflictError, indexDefinitions } from '@fleet/index-mappings';
import { startSearchEngine } from '@fleet/search-engine';
import { Client } from '@opensearch-project/opensearch';
import { type LocalStack, startLocalStack } from '../../src';
import { testConfig } from '../support/local-stack-harness';

const start = (dataDir: string) => startLocalStack(testConfig(dataDir), { log: () => undefined });

describe('local stack', () => {
  let dataDir: string;
  let stack: LocalStack | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fleet-local-'));
  });

  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the eight indices from index-mappings, listed by _cat/indices', async () => {
    stack = await start(dataDir);
    expect([...stack.indices.created].sort()).toEqual([...INDEX_NAMES].sort());

    const response = await fetch(`${stack.searchUrl}/_cat/indices?format=json`);
    const rows = (await response.json()) as {
      index: string;
      health: string;
      'docs.count': string;
    }[];
    expect(rows.map((r) => r.index).sort()).toEqual([...INDEX_NAMES].sort());
    // Replicas are set to 0 locally, so a single node is green.
    expect(rows.every((r) => r.health === 'green')).toBe(true);

    const client = new Client({ node: stack.searchUrl });
    const { body } = await client.indices.getMapping({ index: 'latest_telemetry' });
    const live = body.latest_telemetry!.mappings.properties as Record<string, { type?: string }>;
    expect(live.vin?.type).toBe('keyword');
    expect(Object.keys(live).sort()).toEqual(
      Object.keys(indexDefinitions.latest_telemetry.mappings.properties).sort(),
    );
    await client.close();
  });

  it('restarts idempotently: every index unchanged and the documents still there', async () => {
    stack = await start(dataDir);
    const client = new Client({ node: stack.searchUrl });
    await client.index({
      index: 'devices',
      id: 'TCU-0001',
      body: { deviceid: 'TCU-0001', vin: '1HGCM82633A004352' },
      refresh: true,
    });
    await client.close();
    await stack.close();

    stack = await start(dataDir);
    expect(stack.indices.created).toEqual([]);
    expect([...stack.indices.unchanged].sort()).toEqual([...INDEX_NAMES].sort());
    const again = new Client({ node: stack.searchUrl });
    const { body } = await again.get({ index: 'devices', id: 'TCU-0001' });
    expect(body._source).toEqual({ deviceid: 'TCU-0001', vin: '1HGCM82633A004352' });
    await again.close();
  });

  it('refuses to start when a live mapping conflicts with its file, naming the field', async () => {
    const engine = await startSearchEngine({ dataDir: join(dataDir, 'search'), port: 0 });
    const client = new Client({ node: engine.url });
    await client.indices.create({
      index: 'devices',
      body: { mappings: { properties: { vin: { type: 'long' } } } },
    });
    await client.close();
    await engine.close();

    const failure = await start(dataDir).then(
      (s) => {
        stack = s;
        return undefined;
      },
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(IndexMappingConflictError);
    expect((failure as Error).message).toMatch(/devices/);
    expect((failure as Error).message).toMatch(/vin/);
  });

  it('adds fields that the file has and the live index lacks', async () => {
    const engine = await startSearchEngine({ dataDir: join(dataDir, 'search'), port: 0 });
    const client = new Client({ node: engine.url });
    const { settings, mappings } = indexDefinitions.trip;
    await client.indices.create({
      index: 'trip',
      body: {
        settings: { ...settings, number_of_replicas: 0 },
        mappings: { ...mappings, properties: { vin: mappings.properties.vin! } },
      },
    });
    await client.close();
    await engine.close();

    stack = await start(dataDir);
    expect(stack.indices.updated).toEqual(['trip']);
    const check = new Client({ node: stack.searchUrl });
    const { body } = await check.indices.getMapping({ index: 'trip' });
    const live = body.trip!.mappings.properties as Record<string, unknown>;
    expect(Object.keys(live).sort()).toEqual(Object.keys(mappings.properties).sort());
    await check.close();
  });
});
