import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureIndices } from '@fleet/index-mappings';
import { createSearchClient } from '@fleet/search-client';
import { startSearchEngine } from '@fleet/search-engine';
import {
  HISTORY_INDICES,
  createHistoryRetentionHandler,
} from '../../src/history-retention/retention-handler';

describe('history retention handler, against the embedded engine', () => {
  it('deletes only history documents older than retentionDays, in every history index', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'infra-retention-'));
    const engine = await startSearchEngine({ dataDir, port: 0 });
    const client = createSearchClient({ url: engine.url, auth: 'none', region: 'local' });
    try {
      await ensureIndices(client, { replicas: 0 });
      const day = 24 * 60 * 60 * 1000;
      const old = new Date(Date.now() - 40 * day).toISOString();
      const recent = new Date(Date.now() - 5 * day).toISOString();
      for (const index of HISTORY_INDICES) {
        await client.index({ index, id: 'old', body: { sendtimestamp: old } });
        await client.index({ index, id: 'recent', body: { sendtimestamp: recent } });
        await client.indices.refresh({ index });
      }
      const handler = createHistoryRetentionHandler({ client, retentionDays: 30, log: () => {} });
      const deleted = await handler();
      expect(deleted).toEqual(Object.fromEntries(HISTORY_INDICES.map((index) => [index, 1])));
      for (const index of HISTORY_INDICES) {
        await client.indices.refresh({ index });
        const { body } = await client.search({ index, body: { query: { match_all: {} } } });
        expect(body.hits.hits.map((hit) => hit._id)).toEqual(['recent']);
      }
    } finally {
      await client.close();
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects a retention of less than a day', () => {
    const client = createSearchClient({ url: 'http://localhost:1', auth: 'none', region: 'x' });
    expect(() => createHistoryRetentionHandler({ client, retentionDays: 0 })).toThrow(RangeError);
  });
});
