import { SEARCH_AUTH_MODES, type SearchAuthMode } from '@fleet/search-client';
import { z } from 'zod';

const schema = z.object({
  OPENSEARCH_URL: z.url({ error: 'OPENSEARCH_URL must be the URL of the OpenSearch domain' }),
  /** `sigv4` signs requests with the Lambda's role (Amazon OpenSearch Service); `none` is for local. */
  OPENSEARCH_AUTH: z.enum(SEARCH_AUTH_MODES).default('sigv4'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Where rejected records go: the IoT rules' error bucket. */
  IOT_ERROR_BUCKET: z.string().min(3, 'IOT_ERROR_BUCKET must name the error bucket'),
  FLEET_CONFIG_PATH: z.string().startsWith('/').default('/fleet/config'),
  CONFIG_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(60),
});

export interface IngestConfig {
  readonly opensearchUrl: string;
  readonly opensearchAuth: SearchAuthMode;
  readonly region: string;
  readonly errorBucket: string;
  readonly configPath: string;
  readonly configCacheTtlMs: number;
}

/** The ingest Lambdas' settings, read once at start-up; a bad value fails the cold start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid ingest configuration: ${z.prettifyError(parsed.error)}`);
  }
  const c = parsed.data;
  return {
    opensearchUrl: c.OPENSEARCH_URL,
    opensearchAuth: c.OPENSEARCH_AUTH,
    region: c.AWS_REGION,
    errorBucket: c.IOT_ERROR_BUCKET,
    configPath: c.FLEET_CONFIG_PATH,
    configCacheTtlMs: c.CONFIG_CACHE_TTL_SECONDS * 1000,
  };
}
