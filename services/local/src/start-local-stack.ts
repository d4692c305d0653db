import { join } from 'node:path';
import { type EnsureIndicesReport, ensureIndices } from '@fleet/index-mappings';
import { startSearchEngine } from '@fleet/search-engine';
import { Client } from '@opensearch-project/opensearch';
import type { LocalStackConfig } from './config';

export interface LocalStack {
  readonly searchUrl: string;
  readonly indices: EnsureIndicesReport;
  close(): Promise<void>;
}

/**
 * Boots local mode: the embedded search engine with every index created from
 * `index-mappings/`. Later issues add the broker, rules engine, AWS emulators and the API here.
 */
export async function startLocalStack(config: LocalStackConfig): Promise<LocalStack> {
  const search = await startSearchEngine({
    dataDir: join(config.dataDir, 'search'),
    host: config.host,
    port: config.searchPort,
  });
  const client = new Client({ node: search.url });
  try {
    // One node cannot hold replicas; the production domain keeps the files' replica count.
    const indices = await ensureIndices(client, { replicas: 0 });
    return {
      searchUrl: search.url,
      indices,
      async close() {
        await client.close();
        await search.close();
      },
    };
  } catch (err) {
    await client.close();
    await search.close();
    throw err;
  }
}
