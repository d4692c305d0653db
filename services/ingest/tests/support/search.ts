import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IndexName, documentSchemas, ensureIndices } from '@fleet/index-mappings';
import { startSearchEngine } from '@fleet/search-engine';
import { Client } from '@opensearch-project/opensearch';

export interface TestSearch {
  readonly client: Client;
  /** Every document of an index, by `_id`, after a refresh; each checked against its schema. */
  documents<T = Record<string, unknown>>(index: IndexName): Promise<Map<string, T>>;
  close(): Promise<void>;
}

/**
 * The embedded engine on an ephemeral port with every fleet index created: the same REST API the
 * handlers use in production, through the official client.
 */
export async function startTestSearch(): Promise<TestSearch> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ingest-search-'));
  const engine = await startSearchEngine({ dataDir, port: 0 });
  const client = new Client({ node: engine.url });
  await ensureIndices(client, { replicas: 0 });
  return {
    client,
    async documents<T>(index: IndexName) {
      await client.indices.refresh({ index });
      const { body } = await client.search({
        index,
        body: { size: 10_000, query: { match_all: {} } },
      });
      const hits = body.hits.hits as unknown as { _id: string; _source: T }[];
      // Whatever a handler stores must be a valid document of its index.
      for (const hit of hits) {
        const parsed = documentSchemas[index].safeParse(hit._source);
        if (!parsed.success) {
          throw new Error(`${index}/${hit._id} is not a valid document: ${parsed.error.message}`);
        }
      }
      return new Map(hits.map((hit) => [hit._id, hit._source]));
    },
    async close() {
      await client.close();
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
