import { randomUUID } from 'node:crypto';
import type { ExecutionRecord, JobExecutionStatus, JobRecord } from './model';
import { jobProcessCounts } from './wire-shapes';

/**
 * The Jobs events IoT publishes on `$aws/events/…` when they are enabled
 * (UpdateEventConfigurations `JOB_EXECUTION` and `JOB`). `timestamp` is epoch seconds.
 */

export interface PublishedMessage {
  readonly topic: string;
  readonly payload: unknown;
}

/** The `operation` of a job execution event: the status in lower case, or `deleted`. */
export type JobExecutionOperation =
  'succeeded' | 'failed' | 'rejected' | 'canceled' | 'timed_out' | 'removed' | 'deleted';

/**
 * `$aws/events/jobExecution/{jobId}/{operation}`:
 * `{eventType: "JOB_EXECUTION", eventId, timestamp, operation, jobId, thingArn, status,
 * statusDetails}`. On a job's deletion `status` is the execution's status before it.
 */
export function jobExecutionEvent(
  execution: ExecutionRecord,
  now: number,
  operation: JobExecutionOperation = execution.status.toLowerCase() as JobExecutionOperation,
): PublishedMessage {
  return {
    topic: `$aws/events/jobExecution/${execution.jobId}/${operation}`,
    payload: {
      eventType: 'JOB_EXECUTION',
      eventId: randomUUID(),
      timestamp: Math.floor(now / 1000),
      operation,
      jobId: execution.jobId,
      thingArn: execution.thingArn,
      status: execution.status,
      statusDetails: execution.statusDetails,
    },
  };
}

export type JobOperation = 'completed' | 'canceled' | 'deleted';

/**
 * `$aws/events/job/{jobId}/{operation}`: `{eventType: "JOB", eventId, timestamp, operation,
 * jobId, status, targetSelection, targets, description, createdAt, lastUpdatedAt, completedAt,
 * jobProcessDetails}`, plus `comment` and `reasonCode` on a cancellation. As in IoT's examples,
 * the `…At` times are epoch millis.
 */
export function jobEvent(
  job: JobRecord,
  counts: ReadonlyMap<JobExecutionStatus, number>,
  now: number,
  operation: JobOperation,
): PublishedMessage {
  return {
    topic: `$aws/events/job/${job.jobId}/${operation}`,
    payload: {
      eventType: 'JOB',
      eventId: randomUUID(),
      timestamp: Math.floor(now / 1000),
      operation,
      jobId: job.jobId,
      status: job.status,
      targetSelection: job.targetSelection,
      targets: job.targets,
      description: job.description,
      comment: job.comment,
      reasonCode: job.reasonCode,
      createdAt: job.createdAt,
      lastUpdatedAt: job.lastUpdatedAt,
      completedAt: job.completedAt,
      jobProcessDetails: jobProcessCounts(counts),
    },
  };
}
