import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@opensearch-project/opensearch';

/** What the suite needs from the engine; checked against `src` when it typechecks. */
interface EmbeddedEngine {
  url: string;
  port: number;
  close(): Promise<void>;
}
type StartSearchEngine = (options: {
  dataDir: string;
  host?: string;
  port?: number;
}) => Promise<EmbeddedEngine>;

export interface SearchTarget {
  client: Client;
  close(): Promise<void>;
}

/**
 * The server the contract suite talks to: a real OpenSearch 2.x when OPENSEARCH_URL is set,
 * otherwise the embedded engine started in-process on an ephemeral port with a fresh data dir.
 */
export async function openSearchTarget(): Promise<SearchTarget> {
  const externalUrl = process.env.OPENSEARCH_URL;
  if (externalUrl) {
    const client = new Client({ node: externalUrl });
    return { client, close: () => client.close() };
  }

  // Loaded lazily, so that a run against real OpenSearch never loads the engine's code.
  const { startSearchEngine }: { startSearchEngine: StartSearchEngine } = await import('../../src');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-contract-'));
  const removeDataDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  let engine: EmbeddedEngine;
  try {
    engine = await startSearchEngine({ dataDir, host: '127.0.0.1', port: 0 });
  } catch (err) {
    removeDataDir();
    throw err;
  }
  const client = new Client({ node: engine.url });
  return {
    client,
    async close() {
      try {
        await client.close();
        await engine.close();
      } finally {
        removeDataDir();
      }
    },
  };
}

/** A lowercase index name with a random suffix, so runs can share a real cluster. */
export function uniqueIndexName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`.toLowerCase();
}
