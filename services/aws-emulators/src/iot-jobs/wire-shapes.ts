import { secondsBeforeTimeout } from './execution-timeouts';
import type { ExecutionRecord, JobExecutionStatus, JobRecord } from './model';

/**
 * How jobs and executions look on the wire. The control plane (`iot`) sends restJson1
 * timestamps (epoch seconds, fractional); the data plane, over HTTP and MQTT, sends whole epoch
 * seconds as longs. Over MQTT the job document is JSON, over HTTP its text.
 */

export const controlPlaneTime = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : ms / 1000;

export const dataPlaneTime = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : Math.floor(ms / 1000);

const COUNTED: readonly [JobExecutionStatus, string][] = [
  ['CANCELED', 'numberOfCanceledThings'],
  ['SUCCEEDED', 'numberOfSucceededThings'],
  ['FAILED', 'numberOfFailedThings'],
  ['REJECTED', 'numberOfRejectedThings'],
  ['QUEUED', 'numberOfQueuedThings'],
  ['IN_PROGRESS', 'numberOfInProgressThings'],
  ['REMOVED', 'numberOfRemovedThings'],
  ['TIMED_OUT', 'numberOfTimedOutThings'],
];

/** `jobProcessDetails` counts, from the job's executions by status. */
export function jobProcessCounts(
  counts: ReadonlyMap<JobExecutionStatus, number>,
): Record<string, number> {
  return Object.fromEntries(COUNTED.map(([status, member]) => [member, counts.get(status) ?? 0]));
}

/** DescribeJob's `job`. */
export function describeJobView(job: JobRecord, counts: ReadonlyMap<JobExecutionStatus, number>) {
  return {
    jobArn: job.jobArn,
    jobId: job.jobId,
    targetSelection: job.targetSelection,
    status: job.status,
    forceCanceled: job.forceCanceled,
    reasonCode: job.reasonCode,
    comment: job.comment,
    targets: job.targets,
    description: job.description,
    jobExecutionsRolloutConfig: job.rolloutConfig,
    abortConfig: job.abortCriteria ? { criteriaList: job.abortCriteria } : undefined,
    createdAt: controlPlaneTime(job.createdAt),
    lastUpdatedAt: controlPlaneTime(job.lastUpdatedAt),
    completedAt: controlPlaneTime(job.completedAt),
    jobProcessDetails: {
      processingTargets: job.status === 'IN_PROGRESS' ? job.targets : [],
      ...jobProcessCounts(counts),
    },
    timeoutConfig:
      job.inProgressTimeoutInMinutes === undefined
        ? undefined
        : { inProgressTimeoutInMinutes: job.inProgressTimeoutInMinutes },
    isConcurrent: false,
  };
}

/** ListJobs' `JobSummary`. */
export const jobSummaryView = (job: JobRecord) => ({
  jobArn: job.jobArn,
  jobId: job.jobId,
  targetSelection: job.targetSelection,
  status: job.status,
  createdAt: controlPlaneTime(job.createdAt),
  lastUpdatedAt: controlPlaneTime(job.lastUpdatedAt),
  completedAt: controlPlaneTime(job.completedAt),
  isConcurrent: false,
});

/** The control plane's `JobExecutionSummary`. */
export const controlExecutionSummaryView = (execution: ExecutionRecord) => ({
  status: execution.status,
  queuedAt: controlPlaneTime(execution.queuedAt),
  startedAt: controlPlaneTime(execution.startedAt),
  lastUpdatedAt: controlPlaneTime(execution.lastUpdatedAt),
  executionNumber: execution.executionNumber,
  retryAttempt: 0,
});

/** The control plane's `JobExecution` (DescribeJobExecution on `iot`). */
export const controlExecutionView = (job: JobRecord, execution: ExecutionRecord, now: number) => ({
  jobId: execution.jobId,
  status: execution.status,
  forceCanceled: execution.forceCanceled,
  statusDetails: { detailsMap: execution.statusDetails },
  thingArn: execution.thingArn,
  queuedAt: controlPlaneTime(execution.queuedAt),
  startedAt: controlPlaneTime(execution.startedAt),
  lastUpdatedAt: controlPlaneTime(execution.lastUpdatedAt),
  executionNumber: execution.executionNumber,
  versionNumber: execution.versionNumber,
  approximateSecondsBeforeTimedOut: secondsBeforeTimeout(job, execution, now),
});

/** The data plane's `JobExecutionSummary` (pending lists, `notify`). */
export const dataExecutionSummaryView = (execution: ExecutionRecord) => ({
  jobId: execution.jobId,
  queuedAt: dataPlaneTime(execution.queuedAt),
  startedAt: dataPlaneTime(execution.startedAt),
  lastUpdatedAt: dataPlaneTime(execution.lastUpdatedAt),
  versionNumber: execution.versionNumber,
  executionNumber: execution.executionNumber,
});

export type DocumentEncoding = 'text' | 'json';

/** The job document as HTTP (text) or MQTT (the JSON itself) carries it. */
export const documentView = (job: JobRecord, encoding: DocumentEncoding): unknown =>
  encoding === 'text' ? job.document : JSON.parse(job.document);

/** The data plane's `JobExecution`; `encoding` undefined leaves the document out. */
export function dataExecutionView(
  job: JobRecord,
  execution: ExecutionRecord,
  now: number,
  encoding: DocumentEncoding | undefined,
) {
  return {
    jobId: execution.jobId,
    thingName: execution.thingName,
    jobDocument: encoding === undefined ? undefined : documentView(job, encoding),
    status: execution.status,
    statusDetails:
      Object.keys(execution.statusDetails).length === 0 ? undefined : execution.statusDetails,
    queuedAt: dataPlaneTime(execution.queuedAt),
    startedAt: dataPlaneTime(execution.startedAt),
    lastUpdatedAt: dataPlaneTime(execution.lastUpdatedAt),
    approximateSecondsBeforeTimedOut: secondsBeforeTimeout(job, execution, now),
    versionNumber: execution.versionNumber,
    executionNumber: execution.executionNumber,
  };
}

/** `JobExecutionState`: what UpdateJobExecution and the MQTT errors return. */
export const executionStateView = (execution: ExecutionRecord) => ({
  status: execution.status,
  statusDetails: execution.statusDetails,
  versionNumber: execution.versionNumber,
});
