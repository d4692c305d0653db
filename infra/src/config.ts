import { z } from 'zod';

/** Settings from CDK context (`-c key=value`) or the environment; context wins. */
const schema = z.object({
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,20}$/, 'stage must be lower-case letters, digits or -')
    .default('dev'),
  /** Production sizing: zone awareness and dedicated masters for the domain. */
  production: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  ingestMode: z.enum(['direct', 'batched']).default('direct'),
  /** Days history indices and error records are kept. */
  retentionDays: z.coerce.number().int().min(1).max(3650).default(90),
  logRetentionDays: z.coerce.number().int().min(1).default(30),
});

export type InfraConfig = z.output<typeof schema>;

const KEYS = {
  stage: 'FLEET_STAGE',
  production: 'FLEET_PRODUCTION',
  ingestMode: 'FLEET_INGEST_MODE',
  retentionDays: 'FLEET_RETENTION_DAYS',
  logRetentionDays: 'FLEET_LOG_RETENTION_DAYS',
} as const;

/** Reads and validates the app's settings once; a bad value fails synth with the field named. */
export function loadInfraConfig(
  context: (key: string) => unknown,
  env: NodeJS.ProcessEnv = process.env,
): InfraConfig {
  const raw = Object.fromEntries(
    Object.entries(KEYS).map(([key, envName]) => [key, context(key) ?? env[envName]]),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid infra configuration: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
