import { createSearchClient } from '@fleet/search-client';
import { createIndexBootstrapHandler } from './bootstrap-handler';

// Signed with the function's role, the domain's FGAC master role.
const client = createSearchClient({
  url: process.env.OPENSEARCH_URL ?? '',
  auth: 'sigv4',
  region: process.env.AWS_REGION ?? '',
});

export const handler = createIndexBootstrapHandler({ client });
