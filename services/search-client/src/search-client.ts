import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';

export const SEARCH_AUTH_MODES = ['sigv4', 'none'] as const;
/** `sigv4` signs with the Lambda's role (Amazon OpenSearch Service); `none` is local mode's. */
export type SearchAuthMode = (typeof SEARCH_AUTH_MODES)[number];

export interface SearchClientOptions {
  readonly url: string;
  readonly auth: SearchAuthMode;
  readonly region: string;
}

/** The official OpenSearch client for a Lambda: created once, at module scope, by its caller. */
export function createSearchClient(options: SearchClientOptions): Client {
  return new Client({
    node: options.url,
    ...(options.auth === 'sigv4'
      ? AwsSigv4Signer({
          region: options.region,
          service: 'es',
          getCredentials: () => defaultProvider()(),
        })
      : {}),
  });
}
