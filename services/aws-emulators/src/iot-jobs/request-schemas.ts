import { z } from 'zod';
import { JOB_ID, THING_NAME } from './arns';
import {
  JOB_EXECUTION_STATUSES,
  JOB_STATUSES,
  TARGET_SELECTIONS,
  abortCriteriaSchema,
  rolloutConfigSchema,
} from './model';

/** Request members of the IoT Jobs APIs, with IoT's documented limits. */

export const jobIdSchema = z.string().regex(JOB_ID, 'must be 1-64 letters, digits, "_" or "-"');
export const thingNameSchema = z
  .string()
  .regex(THING_NAME, 'must be 1-128 letters, digits, ":", "_" or "-"');

/** Printable text: IoT's `[^\p{C}]+`. */
const printable = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{C}]+$/u, 'must be non-empty printable text');

const STEP_TIMEOUT = z.number().int().min(1).max(10080);

/** `statusDetails`: at most 10 pairs, keys `[a-zA-Z0-9:_-]{1,128}`, values up to 1024 characters. */
export const statusDetailsSchema = z
  .record(
    z
      .string()
      .regex(/^[a-zA-Z0-9:_-]{1,128}$/, 'keys must be 1-128 letters, digits, ":", "_" or "-"'),
    printable(1024),
  )
  .refine((details) => Object.keys(details).length <= 10, 'must have at most 10 entries');

/** A CreateJob member the emulator does not run: refused rather than silently ignored. */
const unsupported = z
  .undefined({ error: 'is not supported by the local IoT Jobs emulator' })
  .optional();

const rolloutSchema = rolloutConfigSchema.refine(
  (config) => {
    const criteria = config.exponentialRate?.rateIncreaseCriteria;
    return (
      !criteria ||
      (criteria.numberOfNotifiedThings === undefined) !==
        (criteria.numberOfSucceededThings === undefined)
    );
  },
  {
    message:
      'rateIncreaseCriteria needs exactly one of numberOfNotifiedThings, numberOfSucceededThings',
    path: ['exponentialRate', 'rateIncreaseCriteria'],
  },
);

export const createJobBodySchema = z
  .object({
    targets: z.array(z.string()).min(1, 'must list at least one target'),
    document: z.string().max(32768, 'must be at most 32768 characters').optional(),
    description: printable(2028).optional(),
    targetSelection: z.enum(TARGET_SELECTIONS).optional(),
    jobExecutionsRolloutConfig: rolloutSchema.optional(),
    abortConfig: z.object({ criteriaList: z.array(abortCriteriaSchema).min(1) }).optional(),
    timeoutConfig: z
      .object({ inProgressTimeoutInMinutes: z.number().int().min(1).max(10080).optional() })
      .optional(),
    // Accepted and not used: they change nothing a local device sees.
    tags: z.array(z.object({ Key: z.string(), Value: z.string().optional() })).optional(),
    presignedUrlConfig: z.object({}).loose().optional(),
    namespaceId: z.string().optional(),
    documentSource: unsupported,
    jobTemplateArn: unsupported,
    jobExecutionsRetryConfig: unsupported,
    documentParameters: unsupported,
    schedulingConfig: unsupported,
    destinationPackageVersions: unsupported,
  })
  .refine((body) => body.document !== undefined, {
    message: 'Member must not be null',
    path: ['document'],
  });
export type CreateJobBody = z.infer<typeof createJobBodySchema>;

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');
const integerQuery = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform((value) => Number(value));

export const listJobsQuerySchema = z.object({
  status: z.enum(JOB_STATUSES).optional(),
  targetSelection: z.enum(TARGET_SELECTIONS).optional(),
  maxResults: integerQuery.pipe(z.number().min(1).max(250)).optional(),
  nextToken: z.string().optional(),
  thingGroupName: thingNameSchema.optional(),
  thingGroupId: z.undefined({ error: 'is not supported; filter by thingGroupName' }).optional(),
  namespaceId: z.string().optional(),
});

export const listExecutionsQuerySchema = z.object({
  status: z.enum(JOB_EXECUTION_STATUSES).optional(),
  maxResults: integerQuery.pipe(z.number().min(1).max(250)).optional(),
  nextToken: z.string().optional(),
  jobId: jobIdSchema.optional(),
  namespaceId: z.string().optional(),
});

export const forceQuerySchema = z.object({
  force: booleanQuery.optional(),
  namespaceId: z.string().optional(),
});

export const describeExecutionQuerySchema = z.object({
  executionNumber: integerQuery.optional(),
  includeJobDocument: booleanQuery.optional(),
});

export const beforeSubstitutionQuerySchema = z.object({
  beforeSubstitution: booleanQuery.optional(),
});

export const cancelJobBodySchema = z.object({
  reasonCode: z
    .string()
    .max(128, 'must be at most 128 characters')
    .regex(/^[\p{Lu}\p{Nd}_]+$/u, 'must be upper-case letters, digits and "_"')
    .optional(),
  comment: printable(2028).optional(),
});

export const cancelExecutionBodySchema = z.object({
  expectedVersion: z.number().int().optional(),
  statusDetails: statusDetailsSchema.optional(),
});

export const startNextBodySchema = z.object({
  statusDetails: statusDetailsSchema.optional(),
  stepTimeoutInMinutes: STEP_TIMEOUT.optional(),
});

export const updateExecutionBodySchema = z.object({
  status: z.enum(JOB_EXECUTION_STATUSES),
  statusDetails: statusDetailsSchema.optional(),
  stepTimeoutInMinutes: STEP_TIMEOUT.optional(),
  expectedVersion: z.number().int().optional(),
  includeJobExecutionState: z.boolean().optional(),
  includeJobDocument: z.boolean().optional(),
  executionNumber: z.number().int().optional(),
});
export type UpdateExecutionBody = z.infer<typeof updateExecutionBodySchema>;

/** `clientToken` of the MQTT requests: reflected in the reply. */
export const clientTokenSchema = z.string().min(1).max(64);

export const mqttGetPendingSchema = z.object({ clientToken: clientTokenSchema.optional() });
export const mqttStartNextSchema = startNextBodySchema.extend({
  clientToken: clientTokenSchema.optional(),
});
export const mqttDescribeSchema = z.object({
  executionNumber: z.number().int().optional(),
  includeJobDocument: z.boolean().optional(),
  clientToken: clientTokenSchema.optional(),
});
export const mqttUpdateSchema = updateExecutionBodySchema.extend({
  clientToken: clientTokenSchema.optional(),
});
