import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEX_NAMES } from '@fleet/index-mappings';
import { createSearchClient } from '@fleet/search-client';
import { type RunningSearchEngine, startSearchEngine } from '@fleet/search-engine';
import {
  type IndexBootstrapEvent,
  createIndexBootstrapHandler,
} from '../../src/index-bootstrap/bootstrap-handler';

type Client = ReturnType<typeof createSearchClient>;

describe('index bootstrap handler, against the embedded engine', () => {
  let dataDir: string;
  let engine: RunningSearchEngine;
  let client: Client;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'infra-bootstrap-'));
    engine = await startSearchEngine({ dataDir, port: 0 });
    client = createSearchClient({ url: engine.url, auth: 'none', region: 'local' });
  });

  afterEach(async () => {
    await client.close();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const event = (RequestType: 'Create' | 'Update' | 'Delete'): IndexBootstrapEvent => ({
    RequestType,
    PhysicalResourceId: RequestType === 'Create' ? undefined : 'fleet-indices',
    ResourceProperties: { Replicas: '0' },
  });

  it('creates every index on Create, and an Update finds nothing to do', async () => {
    const handler = createIndexBootstrapHandler({ client, log: () => {} });
    const created = await handler(event('Create'));
    expect(created.PhysicalResourceId).toBe('fleet-indices');
    expect(created.Data?.Created?.split(',').sort()).toEqual([...INDEX_NAMES].sort());
    for (const index of INDEX_NAMES) {
      expect((await client.indices.exists({ index })).body).toBe(true);
    }
    const updated = await handler(event('Update'));
    expect(updated).toEqual({
      PhysicalResourceId: 'fleet-indices',
      Data: { Created: '', Updated: '' },
    });
  });

  it('fails with the index and field named when a live mapping conflicts', async () => {
    await client.indices.create({
      index: 'trip',
      body: { mappings: { properties: { sendtimestamp: { type: 'keyword' } } } },
    });
    const handler = createIndexBootstrapHandler({ client, log: () => {} });
    await expect(handler(event('Update'))).rejects.toThrow(
      /Index bootstrap failed: .*reindex[\s\S]*trip: sendtimestamp: expected date/,
    );
  });

  it('leaves the indices in place on Delete', async () => {
    const handler = createIndexBootstrapHandler({ client, log: () => {} });
    await handler(event('Create'));
    await expect(handler(event('Delete'))).resolves.toEqual({
      PhysicalResourceId: 'fleet-indices',
    });
    expect((await client.indices.exists({ index: 'cardata' })).body).toBe(true);
  });

  it('puts each FGAC role and replaces its mapping with the granted role ARNs', async () => {
    // The embedded engine has no security plugin: record those calls, pass the rest through.
    const security: { method: string; path: string; body: unknown }[] = [];
    const request = client.transport.request.bind(client.transport);
    jest.spyOn(client.transport, 'request').mockImplementation(((
      params: {
        method: string;
        path: string;
        body?: unknown;
      },
      options?: unknown,
    ) => {
      if (params.path.startsWith('/_plugins/_security/')) {
        security.push({ method: params.method, path: params.path, body: params.body });
        return Promise.resolve({ body: { status: 'OK' }, statusCode: 200 });
      }
      return request(params as never, options as never);
    }) as never);
    const reader = 'arn:aws:iam::123456789012:role/api';
    const handler = createIndexBootstrapHandler({ client, log: () => {} });
    await handler({
      RequestType: 'Create',
      ResourceProperties: {
        Replicas: '0',
        SecurityRoles: [
          {
            name: 'fleet_reader',
            clusterPermissions: ['cluster_composite_ops_ro'],
            indexPatterns: ['cardata'],
            allowedActions: ['read'],
            backendRoles: [reader],
          },
        ],
      },
    });
    expect(security).toEqual([
      {
        method: 'PUT',
        path: '/_plugins/_security/api/roles/fleet_reader',
        body: {
          cluster_permissions: ['cluster_composite_ops_ro'],
          index_permissions: [{ index_patterns: ['cardata'], allowed_actions: ['read'] }],
        },
      },
      {
        method: 'PUT',
        path: '/_plugins/_security/api/rolesmapping/fleet_reader',
        body: { backend_roles: [reader], hosts: [], users: [] },
      },
    ]);
  });
});
