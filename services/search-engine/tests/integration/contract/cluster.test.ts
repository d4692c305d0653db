import { createIndex, deleteIndices, json } from '../../support/contract';
import { openSearchTarget, type SearchTarget, uniqueIndexName } from '../../support/search-target';

let target: SearchTarget;
const index = uniqueIndexName('contract-cluster');

beforeAll(async () => {
  target = await openSearchTarget();
  await createIndex(target.client, index, { properties: { vin: { type: 'keyword' } } });
});

afterAll(async () => {
  await deleteIndices(target.client, [index]);
  await target.close();
});

describe('GET /', () => {
  it('answers with the cluster identity and an OpenSearch 2.x version', async () => {
    const response = await target.client.info();
    expect(response.statusCode).toBe(200);
    const body = json(response);
    expect(typeof body.name).toBe('string');
    expect(typeof body.cluster_name).toBe('string');
    expect(typeof body.cluster_uuid).toBe('string');
    expect(body.version.distribution).toBe('opensearch');
    expect(body.version.number).toMatch(/^2\.\d+\.\d+/);
    expect(typeof body.version.lucene_version).toBe('string');
    expect(body.tagline).toBe('The OpenSearch Project: https://opensearch.org/');
  });
});

describe('GET /_cluster/health', () => {
  it('reports the cluster as green or yellow, with shard counters', async () => {
    const body = json(await target.client.cluster.health());
    expect(typeof body.cluster_name).toBe('string');
    // A single node with replicas configured somewhere is yellow; that is healthy for us.
    expect(['green', 'yellow']).toContain(body.status);
    expect(body.timed_out).toBe(false);
    expect(body.number_of_nodes).toBeGreaterThanOrEqual(1);
    expect(body.number_of_data_nodes).toBeGreaterThanOrEqual(1);
    expect(body.active_primary_shards).toBeGreaterThanOrEqual(1);
    expect(body.active_shards).toBeGreaterThanOrEqual(body.active_primary_shards as number);
    // Other clients may be creating indices on a shared cluster: only the types are stable.
    expect(typeof body.relocating_shards).toBe('number');
    expect(typeof body.initializing_shards).toBe('number');
    expect(typeof body.unassigned_shards).toBe('number');
  });

  it('reports the health of one index', async () => {
    const body = json(await target.client.cluster.health({ index }));
    expect(['green', 'yellow']).toContain(body.status);
    expect(body.timed_out).toBe(false);
    expect(body.active_primary_shards).toBe(1);
  });
});

describe('POST /_refresh', () => {
  it('refreshes every index and reports shard counts', async () => {
    const response = await target.client.indices.refresh();
    expect(response.statusCode).toBe(200);
    const shards = json(response)._shards;
    expect(shards.failed).toBe(0);
    expect(shards.successful).toBeGreaterThanOrEqual(1);
    expect(shards.total).toBeGreaterThanOrEqual(shards.successful as number);
  });

  it('refreshes one index, which makes a refresh=false write searchable', async () => {
    await target.client.index({
      index,
      id: 'WVWZZZ1KZ9W000001',
      body: { vin: 'WVWZZZ1KZ9W000001' },
      refresh: false,
    });
    const response = await target.client.indices.refresh({ index });
    // One primary, no replica.
    expect(json(response)._shards).toEqual({ total: 1, successful: 1, failed: 0 });
    const count = json(await target.client.count({ index }));
    expect(count.count).toBe(1);
  });
});
