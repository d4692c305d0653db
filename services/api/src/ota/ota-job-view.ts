import {
  DescribeJobCommand,
  GetJobDocumentCommand,
  type Job,
  type JobProcessDetails,
} from '@aws-sdk/client-iot';
import { otaJobDocument } from '@fleet/device-contract';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import { iotCall } from './iot-errors';

const isoOrNull = z.iso.datetime().nullable();

export const executionCounts = z.object({
  queued: z.int(),
  inProgress: z.int(),
  succeeded: z.int(),
  failed: z.int(),
  rejected: z.int(),
  canceled: z.int(),
  timedOut: z.int(),
  removed: z.int(),
});
export type ExecutionCounts = z.output<typeof executionCounts>;

export const jobSummary = z.object({
  jobId: z.string(),
  status: z.string(),
  description: z.string().nullable(),
  createdAt: isoOrNull,
  updatedAt: isoOrNull,
  completedAt: isoOrNull,
  counts: executionCounts,
  /** Executions created so far. */
  total: z.int(),
  /** Share of executions in a terminal state, 0 to 100. */
  progressPercent: z.number(),
});

export const jobDetail = jobSummary.extend({
  desiredVersion: z.string().nullable(),
  reasonCode: z.string().nullable(),
  comment: z.string().nullable(),
  forceCanceled: z.boolean(),
  timeoutMinutes: z.int().nullable(),
  rollout: z.record(z.string(), z.unknown()).nullable(),
  abort: z.record(z.string(), z.unknown()).nullable(),
  targets: z.object({ things: z.array(z.string()), thingGroups: z.array(z.string()) }),
});
export type JobDetail = z.output<typeof jobDetail>;

const iso = (date: Date | undefined) => (date ? date.toISOString() : null);

export function countsOf(details: JobProcessDetails | undefined): ExecutionCounts {
  return {
    queued: details?.numberOfQueuedThings ?? 0,
    inProgress: details?.numberOfInProgressThings ?? 0,
    succeeded: details?.numberOfSucceededThings ?? 0,
    failed: details?.numberOfFailedThings ?? 0,
    rejected: details?.numberOfRejectedThings ?? 0,
    canceled: details?.numberOfCanceledThings ?? 0,
    timedOut: details?.numberOfTimedOutThings ?? 0,
    removed: details?.numberOfRemovedThings ?? 0,
  };
}

export function summaryOf(job: Job) {
  const counts = countsOf(job.jobProcessDetails);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const done = total - counts.queued - counts.inProgress;
  return {
    jobId: job.jobId ?? '',
    status: job.status ?? 'UNKNOWN',
    description: job.description ?? null,
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.lastUpdatedAt),
    completedAt: iso(job.completedAt),
    counts,
    total,
    progressPercent: total === 0 ? 0 : Math.round((done / total) * 1000) / 10,
  };
}

export async function describeJob(deps: ApiDeps, jobId: string): Promise<Job> {
  const { job } = await iotCall(
    () => deps.iot.send(new DescribeJobCommand({ jobId })),
    `job ${jobId}`,
  );
  if (!job) throw new Error(`DescribeJob answered no job for ${jobId}`);
  return job;
}

const targetName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** A job's detail: its IoT description and the desired version from its document. */
export async function jobDetailOf(deps: ApiDeps, jobId: string): Promise<JobDetail> {
  const [job, documentOutput] = await Promise.all([
    describeJob(deps, jobId),
    iotCall(() => deps.iot.send(new GetJobDocumentCommand({ jobId })), `job ${jobId}`),
  ]);
  let document: unknown;
  try {
    document = JSON.parse(documentOutput.document ?? 'null');
  } catch {
    document = undefined;
  }
  const ota = otaJobDocument.safeParse(document);
  const targets = job.targets ?? [];
  return {
    ...summaryOf(job),
    desiredVersion: ota.success ? ota.data.desiredVersion : null,
    reasonCode: job.reasonCode ?? null,
    comment: job.comment ?? null,
    forceCanceled: job.forceCanceled ?? false,
    timeoutMinutes: job.timeoutConfig?.inProgressTimeoutInMinutes ?? null,
    rollout: (job.jobExecutionsRolloutConfig as Record<string, unknown> | undefined) ?? null,
    abort: (job.abortConfig as Record<string, unknown> | undefined) ?? null,
    targets: {
      things: targets.filter((arn) => arn.includes(':thing/')).map(targetName),
      thingGroups: targets.filter((arn) => arn.includes(':thinggroup/')).map(targetName),
    },
  };
}
