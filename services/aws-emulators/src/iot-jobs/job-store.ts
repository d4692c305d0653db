import { isPending } from './execution-state-machine';
import type { ExecutionRecord, JobExecutionStatus, JobRecord, StoreFile } from './model';

function indexIn(
  index: Map<string, Map<string, ExecutionRecord>>,
  key: string,
): Map<string, ExecutionRecord> {
  let entries = index.get(key);
  if (!entries) index.set(key, (entries = new Map<string, ExecutionRecord>()));
  return entries;
}

/**
 * Jobs and executions in memory, indexed by job and by thing. Records are mutated in place by
 * the engine; the store only keeps the indices right and says what to persist.
 */
export class JobStore {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly byJob = new Map<string, Map<string, ExecutionRecord>>();
  private readonly byThing = new Map<string, Map<string, ExecutionRecord>>();
  /** Per job, executions by status: kept up to date so large rollouts stay O(1) per update. */
  private readonly counts = new Map<string, Map<JobExecutionStatus, number>>();
  private readonly inProgress = new Set<ExecutionRecord>();

  constructor(initial?: StoreFile) {
    for (const job of initial?.jobs ?? []) this.addJob(job);
    for (const execution of initial?.executions ?? []) this.addExecution(execution);
  }

  getJob(jobId: string): JobRecord | undefined {
    return this.jobs.get(jobId);
  }

  /** Jobs in creation order. */
  allJobs(): JobRecord[] {
    return [...this.jobs.values()];
  }

  addJob(job: JobRecord): void {
    this.jobs.set(job.jobId, job);
    indexIn(this.byJob, job.jobId);
    if (!this.counts.has(job.jobId)) this.counts.set(job.jobId, new Map());
  }

  /** Removes a job and its executions; returns the executions it had. */
  deleteJob(jobId: string): ExecutionRecord[] {
    const executions = [...(this.byJob.get(jobId)?.values() ?? [])];
    for (const execution of executions) {
      this.byThing.get(execution.thingName)?.delete(jobId);
      this.inProgress.delete(execution);
    }
    this.byJob.delete(jobId);
    this.counts.delete(jobId);
    this.jobs.delete(jobId);
    return executions;
  }

  addExecution(execution: ExecutionRecord): void {
    indexIn(this.byJob, execution.jobId).set(execution.thingName, execution);
    indexIn(this.byThing, execution.thingName).set(execution.jobId, execution);
    this.count(execution, 1);
  }

  /** Every change of an execution's status goes through here, to keep the counts right. */
  setStatus(execution: ExecutionRecord, status: JobExecutionStatus): void {
    this.count(execution, -1);
    execution.status = status;
    this.count(execution, 1);
  }

  /** How many of a job's executions are in each status. */
  statusCounts(jobId: string): ReadonlyMap<JobExecutionStatus, number> {
    return this.counts.get(jobId) ?? new Map<JobExecutionStatus, number>();
  }

  /** Executions IN_PROGRESS, across jobs: what timeouts apply to. */
  inProgressExecutions(): ExecutionRecord[] {
    return [...this.inProgress];
  }

  private count(execution: ExecutionRecord, delta: 1 | -1): void {
    let counts = this.counts.get(execution.jobId);
    if (!counts) this.counts.set(execution.jobId, (counts = new Map<JobExecutionStatus, number>()));
    counts.set(execution.status, (counts.get(execution.status) ?? 0) + delta);
    if (execution.status !== 'IN_PROGRESS') return;
    if (delta > 0) this.inProgress.add(execution);
    else this.inProgress.delete(execution);
  }

  getExecution(jobId: string, thingName: string): ExecutionRecord | undefined {
    return this.byJob.get(jobId)?.get(thingName);
  }

  /** A job's executions in the order they were released. */
  executionsOfJob(jobId: string): ExecutionRecord[] {
    return [...(this.byJob.get(jobId)?.values() ?? [])];
  }

  hasExecution(jobId: string, thingName: string): boolean {
    return this.byJob.get(jobId)?.has(thingName) ?? false;
  }

  executionsOfThing(thingName: string): ExecutionRecord[] {
    return [...(this.byThing.get(thingName)?.values() ?? [])];
  }

  /**
   * A thing's pending executions in IoT's order: IN_PROGRESS before QUEUED, then oldest queued
   * first. The first is what `$next` and StartNextPendingJobExecution pick.
   */
  pendingOfThing(thingName: string): ExecutionRecord[] {
    return this.executionsOfThing(thingName)
      .filter((execution) => isPending(execution.status))
      .sort(
        (a, b) =>
          (a.status === 'IN_PROGRESS' ? 0 : 1) - (b.status === 'IN_PROGRESS' ? 0 : 1) ||
          a.queuedAt - b.queuedAt ||
          a.executionNumber - b.executionNumber,
      );
  }

  /** Things that have an execution, pending or not. */
  thingNames(): string[] {
    return [...this.byThing.keys()];
  }

  snapshot(): StoreFile {
    return {
      version: 1,
      jobs: this.allJobs(),
      executions: [...this.byJob.values()].flatMap((forJob) => [...forJob.values()]),
    };
  }
}
