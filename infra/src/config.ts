import * as logs from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { DNS_NAME_PATTERN, originProblem } from './web-names';

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = Object.values(logs.RetentionDays).filter(
  (value): value is number => typeof value === 'number' && value !== logs.RetentionDays.INFINITE,
);

const optional = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** Settings from CDK context (`-c key=value`) or the environment; context wins. */
const schema = z
  .object({
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,20}$/, 'stage must be lower-case letters, digits or -')
      .default('dev'),
    /** Production sizing: zone awareness and dedicated masters, MFA required, data retained. */
    production: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    ingestMode: z.enum(['direct', 'batched']).default('direct'),
    /** Days history indices and error records are kept. */
    retentionDays: z.coerce.number().int().min(1).max(3650).default(90),
    logRetentionDays: z.coerce
      .number()
      .refine((days) => LOG_RETENTION_DAYS.includes(days), {
        message: `must be one of CloudWatch's periods: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    /** Console users' second factor. @default REQUIRED in production, OPTIONAL otherwise */
    mfa: z.enum(['OPTIONAL', 'REQUIRED']).optional(),
    /** A custom domain for the console; needs `consoleCertificateArn`. */
    consoleDomainName: optional.pipe(
      z.string().regex(DNS_NAME_PATTERN, 'must be a lower-case DNS name').optional(),
    ),
    /** ACM certificate for `consoleDomainName`; CloudFront only takes certificates in us-east-1. */
    consoleCertificateArn: optional.pipe(
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/,
          'must be an ACM certificate ARN in us-east-1',
        )
        .optional(),
    ),
    /** More origins allowed to call the API, comma-separated (e.g. `http://localhost:3000`). */
    extraConsoleOrigins: optional.transform((value) =>
      value === undefined
        ? []
        : value
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean),
    ),
    /** A regional WAFv2 web ACL for the API stage. */
    apiWebAclArn: optional.pipe(
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\//,
          'must be a regional WAFv2 web ACL ARN',
        )
        .optional(),
    ),
    /** A CLOUDFRONT-scope WAFv2 web ACL for the console. */
    consoleWebAclArn: optional.pipe(
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\//,
          'must be a global (CLOUDFRONT) WAFv2 web ACL ARN',
        )
        .optional(),
    ),
    /** Data node size and count and gp3 GiB per node; defaults depend on `production`. */
    searchInstanceType: optional.pipe(
      z
        .string()
        .regex(
          /^[a-z0-9]+\.[a-z0-9]+\.search$/,
          'must be an OpenSearch instance type like r7g.large.search',
        )
        .optional(),
    ),
    searchDataNodes: z.coerce.number().int().min(1).max(80).optional(),
    searchVolumeGiB: z.coerce.number().int().min(10).max(24_576).optional(),
    /** Who is emailed when an operational alarm fires. */
    alarmEmail: optional.pipe(z.email('must be an email address').optional()),
    /** Target account and region; `cdk deploy` sets these from the CLI's credentials. */
    account: optional,
    region: optional,
  })
  .superRefine((config, ctx) => {
    if ((config.consoleDomainName === undefined) !== (config.consoleCertificateArn === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [
          config.consoleDomainName === undefined ? 'consoleDomainName' : 'consoleCertificateArn',
        ],
        message:
          'consoleDomainName and consoleCertificateArn go together: set both (FLEET_CONSOLE_DOMAIN_NAME, FLEET_CONSOLE_CERTIFICATE_ARN) or neither',
      });
    }
    for (const origin of config.extraConsoleOrigins) {
      const problem = originProblem(origin);
      if (problem)
        ctx.addIssue({ code: 'custom', path: ['extraConsoleOrigins'], message: problem });
    }
  })
  .transform((config) => ({
    ...config,
    mfa: config.mfa ?? (config.production ? 'REQUIRED' : 'OPTIONAL'),
  }));

export type InfraConfig = z.output<typeof schema>;

/** The environment variable each setting falls back to. */
export const INFRA_CONFIG_ENV = {
  stage: 'FLEET_STAGE',
  production: 'FLEET_PRODUCTION',
  ingestMode: 'FLEET_INGEST_MODE',
  retentionDays: 'FLEET_RETENTION_DAYS',
  logRetentionDays: 'FLEET_LOG_RETENTION_DAYS',
  mfa: 'FLEET_MFA',
  consoleDomainName: 'FLEET_CONSOLE_DOMAIN_NAME',
  consoleCertificateArn: 'FLEET_CONSOLE_CERTIFICATE_ARN',
  extraConsoleOrigins: 'FLEET_EXTRA_CONSOLE_ORIGINS',
  apiWebAclArn: 'FLEET_API_WEB_ACL_ARN',
  consoleWebAclArn: 'FLEET_CONSOLE_WEB_ACL_ARN',
  searchInstanceType: 'FLEET_SEARCH_INSTANCE_TYPE',
  searchDataNodes: 'FLEET_SEARCH_DATA_NODES',
  searchVolumeGiB: 'FLEET_SEARCH_VOLUME_GIB',
  alarmEmail: 'FLEET_ALARM_EMAIL',
  account: 'CDK_DEFAULT_ACCOUNT',
  region: 'CDK_DEFAULT_REGION',
} as const;

/** Reads and validates the app's settings once; a bad value fails synth with the field named. */
export function loadInfraConfig(
  context: (key: string) => unknown,
  env: NodeJS.ProcessEnv = process.env,
): InfraConfig {
  const raw = Object.fromEntries(
    Object.entries(INFRA_CONFIG_ENV).map(([key, envName]) => {
      const value = context(key) ?? env[envName];
      // Context values may arrive as JSON booleans and numbers from cdk.json.
      return [key, typeof value === 'boolean' || typeof value === 'number' ? String(value) : value];
    }),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const envName = INFRA_CONFIG_ENV[key as keyof typeof INFRA_CONFIG_ENV];
      return `  ${key}${envName ? ` (${envName})` : ''}: ${issue.message}`;
    });
    throw new Error(
      `invalid infra configuration (set with -c key=value or the variables in docs/DEPLOY.md):\n${lines.join('\n')}`,
    );
  }
  return parsed.data;
}
