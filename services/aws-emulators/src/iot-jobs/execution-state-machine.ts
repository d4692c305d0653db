import type { JobExecutionStatus } from './model';

/** Statuses an execution never leaves. */
export const TERMINAL_EXECUTION_STATUSES: ReadonlySet<JobExecutionStatus> = new Set([
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'REJECTED',
  'REMOVED',
  'CANCELED',
]);

export const isTerminal = (status: JobExecutionStatus): boolean =>
  TERMINAL_EXECUTION_STATUSES.has(status);

export const isPending = (status: JobExecutionStatus): boolean =>
  status === 'QUEUED' || status === 'IN_PROGRESS';

/** What a device may report through UpdateJobExecution; the rest only IoT itself sets. */
const DEVICE_REPORTABLE: ReadonlySet<JobExecutionStatus> = new Set([
  'IN_PROGRESS',
  'SUCCEEDED',
  'FAILED',
  'REJECTED',
]);

/**
 * Whether a device may move an execution from `from` to `to`, as IoT Jobs enforces it: a pending
 * execution may go to IN_PROGRESS (again, to refresh its details) or to a final status the device
 * reports; a final execution never changes again. Returns the reason when it may not.
 */
export function deviceTransitionError(
  from: JobExecutionStatus,
  to: JobExecutionStatus,
): string | undefined {
  if (isTerminal(from)) {
    return `Job execution is in a terminal state (${from}) and can no longer be updated`;
  }
  if (!DEVICE_REPORTABLE.has(to)) {
    return `Cannot update a job execution from ${from} to ${to}; a device reports IN_PROGRESS, SUCCEEDED, FAILED or REJECTED`;
  }
  return undefined;
}

/**
 * Whether CancelJob / CancelJobExecution may cancel an execution: a queued one always, an
 * in-progress one only when forced, a final one never.
 */
export function canCancel(status: JobExecutionStatus, force: boolean): boolean {
  return status === 'QUEUED' || (status === 'IN_PROGRESS' && force);
}
