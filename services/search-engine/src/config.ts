import { z } from 'zod';

/** The engine's settings from the environment, validated once at start-up. */
const schema = z.object({
  SEARCH_ENGINE_HOST: z.string().default('127.0.0.1'),
  SEARCH_ENGINE_PORT: z.coerce.number().int().min(0).max(65535).default(9200),
  SEARCH_ENGINE_DATA_DIR: z.string().min(1).default('.data/search'),
  /** Log bytes that trigger a snapshot; smaller means faster restarts, more snapshot writes. */
  SEARCH_ENGINE_SNAPSHOT_THRESHOLD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024),
});

export type SearchEngineConfig = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): SearchEngineConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid search engine configuration: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
