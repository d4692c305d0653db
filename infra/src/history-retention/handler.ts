import { createSearchClient } from '@fleet/search-client';
import { createHistoryRetentionHandler } from './retention-handler';

const client = createSearchClient({
  url: process.env.OPENSEARCH_URL ?? '',
  auth: 'sigv4',
  region: process.env.AWS_REGION ?? '',
});

export const handler = createHistoryRetentionHandler({
  client,
  retentionDays: Number(process.env.RETENTION_DAYS),
});
