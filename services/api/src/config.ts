import { DEFAULT_CONFIG_PATH } from '@fleet/fleet-config';
import { SEARCH_AUTH_MODES, type SearchAuthMode } from '@fleet/search-client';
import { z } from 'zod';

const schema = z.object({
  OPENSEARCH_URL: z.url({ error: 'OPENSEARCH_URL must be the URL of the OpenSearch domain' }),
  OPENSEARCH_AUTH: z.enum(SEARCH_AUTH_MODES).default('sigv4'),
  AWS_REGION: z.string().min(1, 'AWS_REGION is required'),
  /** For the thing ARNs OTA jobs target; the stack passes its own account. */
  AWS_ACCOUNT_ID: z.string().regex(/^\d{12}$/, 'AWS_ACCOUNT_ID must be a 12-digit account id'),
  FLEET_CONFIG_PATH: z.string().startsWith('/').default(DEFAULT_CONFIG_PATH),
  /** Console origins allowed by CORS, comma-separated. */
  CONSOLE_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  /** A vehicle silent this long shows as offline. */
  VEHICLE_OFFLINE_AFTER_SECONDS: z.coerce.number().int().min(10).default(900),
});

export interface ApiConfig {
  readonly opensearchUrl: string;
  readonly opensearchAuth: SearchAuthMode;
  readonly region: string;
  readonly accountId: string;
  readonly configPath: string;
  readonly consoleOrigins: readonly string[];
  readonly offlineAfterMs: number;
}

/** The API Lambda's settings, read once at start-up; a bad value fails the cold start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid API configuration: ${z.prettifyError(parsed.error)}`);
  }
  const c = parsed.data;
  return {
    opensearchUrl: c.OPENSEARCH_URL,
    opensearchAuth: c.OPENSEARCH_AUTH,
    region: c.AWS_REGION,
    accountId: c.AWS_ACCOUNT_ID,
    configPath: c.FLEET_CONFIG_PATH,
    consoleOrigins: c.CONSOLE_ORIGINS,
    offlineAfterMs: c.VEHICLE_OFFLINE_AFTER_SECONDS * 1000,
  };
}
