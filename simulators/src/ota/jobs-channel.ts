import { JOB_EXECUTION_STATUSES, type JobExecutionStatus } from '@fleet/device-contract';
import { z } from 'zod';

/** A job execution as the jobs data plane hands it to a device. */
export interface JobExecution {
  readonly jobId: string;
  readonly status: JobExecutionStatus;
  /** Goes up by one with every change; `expectedVersion` of the next update. */
  readonly versionNumber: number;
  readonly executionNumber?: number;
  /** The document as JSON; HTTP's text is parsed, and kept as text when it is not JSON. */
  readonly jobDocument?: unknown;
  readonly statusDetails?: Readonly<Record<string, string>>;
}

/** What UpdateJobExecution returns when asked for the state (`includeJobExecutionState`). */
export interface JobExecutionState {
  readonly status: JobExecutionStatus;
  readonly versionNumber: number;
}

/** The statuses a device reports; the others only IoT sets. */
export type DeviceReportedStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'REJECTED';

export interface JobExecutionUpdate {
  readonly status: DeviceReportedStatus;
  /** Merged into the execution's; values are strings, as IoT requires. */
  readonly statusDetails?: Readonly<Record<string, string>>;
  readonly expectedVersion?: number;
  readonly executionNumber?: number;
}

export interface StartNextRequest {
  readonly stepTimeoutInMinutes?: number;
}

/**
 * The device side of IoT Jobs, whatever carries it (MQTT reserved topics or the HTTPS data
 * plane). Refusals reject with a `JobsRequestError`.
 */
export interface JobsChannel {
  /** StartNextPendingJobExecution: the next pending execution, now IN_PROGRESS; or none. */
  startNext(request: StartNextRequest): Promise<JobExecution | undefined>;
  /** DescribeJobExecution; undefined when the execution no longer exists. */
  describe(jobId: string): Promise<JobExecution | undefined>;
  /** UpdateJobExecution; the state after the update when the service returned it. */
  update(jobId: string, update: JobExecutionUpdate): Promise<JobExecutionState | undefined>;
  /** Ends every request in flight (they reject with `Closed`); later calls reject too. */
  close(): void;
}

/** The MQTT error codes of the Jobs API, plus what a transport adds. */
export type JobsErrorCode =
  | 'InvalidTopic'
  | 'InvalidJson'
  | 'InvalidRequest'
  | 'InvalidStateTransition'
  | 'ResourceNotFound'
  | 'VersionMismatch'
  | 'InternalError'
  | 'RequestThrottled'
  | 'TerminalStateReached'
  /** No reply in time. */
  | 'Timeout'
  /** The channel was closed while the request was in flight. */
  | 'Closed';

export class JobsRequestError extends Error {
  override readonly name = 'JobsRequestError';

  constructor(
    readonly code: JobsErrorCode,
    message: string,
    /** The execution's state, when the refusal carried it. */
    readonly executionState?: JobExecutionState,
  ) {
    super(`${code}: ${message}`);
  }
}

/** The refusals that mean the execution is over: cancelled, timed out, removed or deleted. */
export function executionHasEnded(error: unknown): boolean {
  return (
    error instanceof JobsRequestError &&
    (error.code === 'InvalidStateTransition' ||
      error.code === 'TerminalStateReached' ||
      error.code === 'ResourceNotFound')
  );
}

const status = z.enum(JOB_EXECUTION_STATUSES);

export const jobExecutionSchema = z.object({
  jobId: z.string().min(1),
  status,
  versionNumber: z.number().int(),
  executionNumber: z.number().int().optional(),
  jobDocument: z.unknown(),
  statusDetails: z.record(z.string(), z.string()).optional(),
});

export const jobExecutionStateSchema = z.object({
  status,
  versionNumber: z.number().int(),
});

/** HTTP carries the document as text: parsed here, kept as text when it is not JSON. */
export function parseJobDocument(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
