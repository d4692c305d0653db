import type { AbortCriteria, AbortFailureType, JobExecutionStatus } from './model';

/** Executions that ran to an outcome on a device (or timed out there); cancels do not count. */
const EXECUTED: ReadonlySet<JobExecutionStatus> = new Set([
  'SUCCEEDED',
  'FAILED',
  'REJECTED',
  'TIMED_OUT',
]);

const FAILURES: Record<AbortFailureType, ReadonlySet<JobExecutionStatus>> = {
  FAILED: new Set(['FAILED']),
  REJECTED: new Set(['REJECTED']),
  TIMED_OUT: new Set(['TIMED_OUT']),
  ALL: new Set(['FAILED', 'REJECTED', 'TIMED_OUT']),
};

export interface AbortDecision {
  readonly criteria: AbortCriteria;
  readonly executed: number;
  readonly failed: number;
  readonly percentage: number;
}

/**
 * The first abort criterion a job now meets, given its executions' status counts: at least `minNumberOfExecutedThings` executions
 * finished, and the share of them that ended in `failureType` is at least `thresholdPercentage`.
 */
export function evaluateAbort(
  criteriaList: readonly AbortCriteria[] | undefined,
  counts: ReadonlyMap<JobExecutionStatus, number>,
): AbortDecision | undefined {
  if (!criteriaList || criteriaList.length === 0) return undefined;
  const count = (set: ReadonlySet<JobExecutionStatus>) =>
    [...set].reduce((sum, status) => sum + (counts.get(status) ?? 0), 0);
  const executed = count(EXECUTED);
  for (const criteria of criteriaList) {
    if (executed < criteria.minNumberOfExecutedThings) continue;
    const failed = count(FAILURES[criteria.failureType]);
    const percentage = (failed / executed) * 100;
    if (percentage >= criteria.thresholdPercentage) {
      return { criteria, executed, failed, percentage };
    }
  }
  return undefined;
}
