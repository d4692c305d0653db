import type { ExecutionRecord, JobRecord } from './model';

const MINUTE_MS = 60_000;

/**
 * When an IN_PROGRESS execution times out: the earlier of the job's in-progress timer (from
 * when the execution started) and the device's step timer. `undefined` when neither applies.
 */
export function timeoutDeadline(job: JobRecord, execution: ExecutionRecord): number | undefined {
  if (execution.status !== 'IN_PROGRESS') return undefined;
  const inProgress =
    job.inProgressTimeoutInMinutes !== undefined && execution.startedAt !== undefined
      ? execution.startedAt + job.inProgressTimeoutInMinutes * MINUTE_MS
      : undefined;
  const candidates = [inProgress, execution.stepTimeoutAt].filter(
    (deadline): deadline is number => deadline !== undefined,
  );
  return candidates.length === 0 ? undefined : Math.min(...candidates);
}

/** `approximateSecondsBeforeTimedOut`, never negative; undefined when there is no timer. */
export function secondsBeforeTimeout(
  job: JobRecord,
  execution: ExecutionRecord,
  now: number,
): number | undefined {
  const deadline = timeoutDeadline(job, execution);
  return deadline === undefined ? undefined : Math.max(0, Math.ceil((deadline - now) / 1000));
}

export const stepDeadline = (now: number, stepTimeoutInMinutes: number): number =>
  now + stepTimeoutInMinutes * MINUTE_MS;
