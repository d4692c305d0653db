import { type ApiResponse, type Client, errors } from '@opensearch-project/opensearch';
import {
  ensureIndices,
  indexDefinitions,
  INDEX_NAMES,
  type IndexMapping,
  IndexMappingConflictError,
} from '../../src';

type Mapping = { dynamic?: unknown; properties: Record<string, unknown> };

const clone = <T>(value: T): T => structuredClone(value);

// Merges a PUT _mapping body the way OpenSearch does for additions.
const mergeProperties = (target: Record<string, unknown>, added: Record<string, unknown>) => {
  for (const [name, field] of Object.entries(added)) {
    const existing = target[name] as Mapping | undefined;
    const incoming = field as Mapping;
    if (existing?.properties && incoming.properties) {
      mergeProperties(existing.properties, incoming.properties);
    } else {
      target[name] = clone(field);
    }
  }
};

/**
 * Just enough of the four index calls ensureIndices makes, with the client's v3 response shapes
 * (`body` on every response, a ResponseError for HTTP errors) and GET _mapping's string `dynamic`.
 * The live-engine behaviour is covered by services/local's integration test.
 */
class FakeCluster {
  readonly indices = new Map<string, { settings: unknown; mappings: Mapping }>();
  readonly calls: string[] = [];
  /** Simulates another process creating the index between our HEAD and PUT. */
  createdConcurrently = new Set<string>();

  readonly client = {
    indices: {
      exists: ({ index }: { index: string }) => {
        this.calls.push(`HEAD /${index}`);
        return Promise.resolve({ body: this.indices.has(index) });
      },
      create: ({
        index,
        body,
      }: {
        index: string;
        body: { settings: unknown; mappings: Mapping };
      }) => {
        this.calls.push(`PUT /${index}`);
        if (this.createdConcurrently.has(index)) {
          this.indices.set(index, clone(body));
          const meta = {
            body: { error: { type: 'resource_already_exists_exception' }, status: 400 },
            statusCode: 400,
          } as unknown as ApiResponse;
          return Promise.reject(new errors.ResponseError(meta));
        }
        this.indices.set(index, clone(body));
        return Promise.resolve({ body: { acknowledged: true, index, shards_acknowledged: true } });
      },
      getMapping: ({ index }: { index: string }) => {
        this.calls.push(`GET /${index}/_mapping`);
        const mappings = clone(this.indices.get(index)!.mappings);
        mappings.dynamic = String(mappings.dynamic);
        return Promise.resolve({ body: { [index]: { mappings } } });
      },
      putMapping: ({ index, body }: { index: string; body: Mapping }) => {
        this.calls.push(`PUT /${index}/_mapping ${Object.keys(body.properties).join(',')}`);
        mergeProperties(this.indices.get(index)!.mappings.properties, body.properties);
        return Promise.resolve({ body: { acknowledged: true } });
      },
    },
  } as unknown as Client;

  seed(index: string, mappings: IndexMapping) {
    this.indices.set(index, { settings: {}, mappings: clone(mappings) });
  }
}

describe('ensureIndices', () => {
  it('creates every missing index from its file, then finds them unchanged', async () => {
    const cluster = new FakeCluster();
    const first = await ensureIndices(cluster.client, { replicas: 0 });
    expect(first).toEqual({ created: [...INDEX_NAMES], updated: [], unchanged: [], conflicts: [] });
    expect(cluster.indices.get('cardata')).toEqual({
      settings: { ...indexDefinitions.cardata.settings, number_of_replicas: 0 },
      mappings: indexDefinitions.cardata.mappings,
    });

    cluster.calls.length = 0;
    const second = await ensureIndices(cluster.client);
    expect(second).toEqual({
      created: [],
      updated: [],
      unchanged: [...INDEX_NAMES],
      conflicts: [],
    });
    expect(cluster.calls.filter((call) => call.startsWith('PUT'))).toEqual([]);
  });

  it('keeps the file settings when no replicas are given, and only touches the listed indices', async () => {
    const cluster = new FakeCluster();
    await ensureIndices(cluster.client, { indices: ['trip'] });
    expect([...cluster.indices.keys()]).toEqual(['trip']);
    expect(cluster.indices.get('trip')!.settings).toEqual(indexDefinitions.trip.settings);
  });

  it('adds fields missing from a live index in one PUT _mapping', async () => {
    const cluster = new FakeCluster();
    const {
      fuelinfo: _fuelinfo,
      oiltemp: _oiltemp,
      ...older
    } = indexDefinitions.cardata.mappings.properties;
    cluster.seed('cardata', { dynamic: false, properties: older });

    const report = await ensureIndices(cluster.client, { indices: ['cardata'] });
    expect(report).toEqual({ created: [], updated: ['cardata'], unchanged: [], conflicts: [] });
    expect(cluster.calls).toContain('PUT /cardata/_mapping fuelinfo,oiltemp');
    expect(cluster.indices.get('cardata')!.mappings.properties).toEqual(
      indexDefinitions.cardata.mappings.properties,
    );
  });

  it('checks an index another process created concurrently instead of failing', async () => {
    const cluster = new FakeCluster();
    cluster.createdConcurrently.add('dtc');
    const report = await ensureIndices(cluster.client, { indices: ['dtc'] });
    expect(report).toEqual({ created: [], updated: [], unchanged: ['dtc'], conflicts: [] });
    expect(cluster.calls).toEqual(['HEAD /dtc', 'PUT /dtc', 'GET /dtc/_mapping']);
  });

  describe('with a conflicting live mapping', () => {
    const conflicting = () => {
      const cluster = new FakeCluster();
      const { year: _year, ...properties } = indexDefinitions.shared_cardata.mappings.properties;
      cluster.seed('shared_cardata', {
        dynamic: 'strict',
        properties: {
          ...properties,
          vin: { type: 'long' },
          devices: { type: 'object', properties: {} },
        },
      });
      return cluster;
    };

    it('throws one error naming index, field, expected and actual', async () => {
      const error: unknown = await ensureIndices(conflicting().client, {
        indices: ['shared_cardata'],
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IndexMappingConflictError);
      const { message, conflicts } = error as IndexMappingConflictError;
      expect(message).toContain('shared_cardata: vin: expected keyword, found long');
      expect(message).toContain('shared_cardata: devices: expected nested, found object');
      expect(conflicts).toHaveLength(2);
    });

    it('reports them on request, still adding the fields that are merely missing', async () => {
      const cluster = conflicting();
      const report = await ensureIndices(cluster.client, {
        indices: ['shared_cardata'],
        onConflict: 'report',
      });
      expect(report).toEqual({
        created: [],
        updated: ['shared_cardata'],
        unchanged: [],
        conflicts: [
          { index: 'shared_cardata', field: 'vin', expected: 'keyword', actual: 'long' },
          { index: 'shared_cardata', field: 'devices', expected: 'nested', actual: 'object' },
        ],
      });
      expect(cluster.calls).toContain('PUT /shared_cardata/_mapping year');
    });
  });

  it('rejects a replica count that is not a non-negative integer', async () => {
    await expect(ensureIndices(new FakeCluster().client, { replicas: -1 })).rejects.toThrow(
      RangeError,
    );
  });
});
