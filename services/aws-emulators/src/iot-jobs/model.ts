import { z } from 'zod';

/**
 * The Jobs emulator's state: jobs and their executions as they are kept in memory and in
 * `iot-jobs.json`. The schemas validate the file on load; every time is epoch millis.
 */

export const JOB_STATUSES = [
  'IN_PROGRESS',
  'CANCELED',
  'COMPLETED',
  'DELETION_IN_PROGRESS',
  'SCHEDULED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_EXECUTION_STATUSES = [
  'QUEUED',
  'IN_PROGRESS',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'REJECTED',
  'REMOVED',
  'CANCELED',
] as const;
export type JobExecutionStatus = (typeof JOB_EXECUTION_STATUSES)[number];

export const TARGET_SELECTIONS = ['SNAPSHOT', 'CONTINUOUS'] as const;
export type TargetSelection = (typeof TARGET_SELECTIONS)[number];

export const ABORT_FAILURE_TYPES = ['FAILED', 'REJECTED', 'TIMED_OUT', 'ALL'] as const;
export type AbortFailureType = (typeof ABORT_FAILURE_TYPES)[number];

export const rolloutConfigSchema = z.object({
  maximumPerMinute: z.number().int().min(1).max(1000).optional(),
  exponentialRate: z
    .object({
      baseRatePerMinute: z.number().int().min(1).max(1000),
      incrementFactor: z.number().min(1.1).max(5),
      rateIncreaseCriteria: z.object({
        numberOfNotifiedThings: z.number().int().min(1).optional(),
        numberOfSucceededThings: z.number().int().min(1).optional(),
      }),
    })
    .optional(),
});
export type RolloutConfig = z.infer<typeof rolloutConfigSchema>;

export const abortCriteriaSchema = z.object({
  failureType: z.enum(ABORT_FAILURE_TYPES),
  action: z.literal('CANCEL'),
  thresholdPercentage: z.number().min(0).max(100),
  minNumberOfExecutedThings: z.number().int().min(1),
});
export type AbortCriteria = z.infer<typeof abortCriteriaSchema>;

/** Where a job's rollout stands: who is still to be released, and this minute's budget. */
const rolloutStateSchema = z.object({
  /** Target things that have no execution yet, in release order. */
  pendingThings: z.array(z.string()),
  /** The current rate; grows with an exponential rollout, may be fractional. */
  ratePerMinute: z.number(),
  windowStartedAt: z.number().optional(),
  /** How many this window may release: the rate when the window opened. */
  windowBudget: z.number().int(),
  releasedInWindow: z.number().int(),
  /** Counts the exponential rate's criteria were last met at. */
  notifiedBaseline: z.number().int(),
  succeededBaseline: z.number().int(),
  notifiedCount: z.number().int(),
});
export type RolloutState = z.infer<typeof rolloutStateSchema>;

export const jobRecordSchema = z.object({
  jobId: z.string(),
  jobArn: z.string(),
  targets: z.array(z.string()),
  document: z.string(),
  description: z.string().optional(),
  targetSelection: z.enum(TARGET_SELECTIONS),
  rolloutConfig: rolloutConfigSchema.optional(),
  abortCriteria: z.array(abortCriteriaSchema).optional(),
  inProgressTimeoutInMinutes: z.number().int().optional(),
  status: z.enum(JOB_STATUSES),
  forceCanceled: z.boolean().optional(),
  reasonCode: z.string().optional(),
  comment: z.string().optional(),
  createdAt: z.number(),
  lastUpdatedAt: z.number(),
  completedAt: z.number().optional(),
  rollout: rolloutStateSchema,
});
export type JobRecord = z.infer<typeof jobRecordSchema>;

export const executionRecordSchema = z.object({
  jobId: z.string(),
  thingName: z.string(),
  /** Kept from release time: the thing may be deleted before its event is published. */
  thingArn: z.string(),
  executionNumber: z.number().int(),
  status: z.enum(JOB_EXECUTION_STATUSES),
  statusDetails: z.record(z.string(), z.string()),
  forceCanceled: z.boolean().optional(),
  queuedAt: z.number(),
  startedAt: z.number().optional(),
  lastUpdatedAt: z.number(),
  versionNumber: z.number().int(),
  /** Set by a device's `stepTimeoutInMinutes`; cleared when the execution ends. */
  stepTimeoutAt: z.number().optional(),
});
export type ExecutionRecord = z.infer<typeof executionRecordSchema>;

export const storeFileSchema = z.object({
  version: z.literal(1),
  jobs: z.array(jobRecordSchema),
  executions: z.array(executionRecordSchema),
});
export type StoreFile = z.infer<typeof storeFileSchema>;
