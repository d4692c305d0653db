import { alreadyExists, invalidRequest, resourceNotFound } from '../iot-errors';
import type { Clock, ThingDirectory } from '../ports';
import { evaluateAbort } from './abort-evaluator';
import { jobArn, parseTargetArn } from './arns';
import {
  type JobExecutionOperation,
  type JobOperation,
  type PublishedMessage,
  jobEvent,
  jobExecutionEvent,
} from './event-shapes';
import { canCancel, deviceTransitionError, isPending, isTerminal } from './execution-state-machine';
import { stepDeadline, timeoutDeadline } from './execution-timeouts';
import type { JobStore } from './job-store';
import {
  JobExecutionConflictError,
  executionNotFound,
  invalidStateTransition,
  jobNotFound,
} from './jobs-errors';
import type { ExecutionRecord, JobExecutionStatus, JobRecord, JobStatus } from './model';
import type { CreateJobBody, UpdateExecutionBody } from './request-schemas';
import {
  applyRateIncreases,
  newRolloutState,
  releaseBudget,
  takeReleases,
} from './rollout-scheduler';
import { ThingNotifier } from './thing-notifier';

/** The reason code of a job cancelled by its abort configuration. */
export const ABORT_REASON_CODE = 'ABORT_CRITERIA_MET';

const MAX_STATUS_DETAILS = 10;

export interface JobsEngineOptions {
  readonly store: JobStore;
  readonly directory: ThingDirectory;
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  /** Sends what `commit` releases: events and device notifications. */
  readonly publish: (message: PublishedMessage) => void;
  /** Called by `commit` when state changed and should be persisted. */
  readonly onChange: () => void;
}

export interface JobAndExecution {
  readonly job: JobRecord;
  readonly execution: ExecutionRecord;
}

export interface CancelOptions {
  readonly force: boolean;
  readonly reasonCode?: string;
  readonly comment?: string;
}

/**
 * The IoT Jobs service: jobs, their rollout, executions and their lifecycle, over a `JobStore`.
 * Operations change state and queue what IoT would publish; `commit()` then publishes it (after
 * the caller has sent its own reply, as IoT answers a request before notifying) and persists.
 * Errors are `AwsServiceError`s.
 */
export class JobsEngine {
  private readonly store: JobStore;
  private readonly directory: ThingDirectory;
  private readonly clock: Clock;
  private readonly notifier: ThingNotifier;
  private readonly outbox: PublishedMessage[] = [];
  private changed = false;

  constructor(private readonly options: JobsEngineOptions) {
    this.store = options.store;
    this.directory = options.directory;
    this.clock = options.clock;
    this.notifier = new ThingNotifier(this.store, (jobId) => this.store.getJob(jobId));
  }

  now(): number {
    return this.clock();
  }

  // --- control plane ------------------------------------------------------------------------

  createJob(jobId: string, body: CreateJobBody): JobRecord {
    if (this.store.getJob(jobId)) {
      throw alreadyExists(`Job ${jobId} already exists.`);
    }
    const document = body.document ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(document);
    } catch {
      throw invalidRequest('The job document is not valid JSON.');
    }
    // Devices get the document as JSON over MQTT, so it must be an object.
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw invalidRequest('The job document must be a JSON object.');
    }
    const things = this.resolveTargets(body.targets);
    const now = this.now();
    const job: JobRecord = {
      jobId,
      jobArn: jobArn(this.options.region, this.options.accountId, jobId),
      targets: body.targets,
      document,
      description: body.description,
      targetSelection: body.targetSelection ?? 'SNAPSHOT',
      rolloutConfig: body.jobExecutionsRolloutConfig,
      abortCriteria: body.abortConfig?.criteriaList,
      inProgressTimeoutInMinutes: body.timeoutConfig?.inProgressTimeoutInMinutes,
      status: 'IN_PROGRESS',
      createdAt: now,
      lastUpdatedAt: now,
      rollout: newRolloutState(body.jobExecutionsRolloutConfig, things),
    };
    this.store.addJob(job);
    this.advanceJob(job, now);
    this.changed = true;
    return job;
  }

  getJob(jobId: string): JobRecord {
    const job = this.store.getJob(jobId);
    if (!job) throw jobNotFound(jobId);
    return job;
  }

  executionsOfJob(jobId: string): ExecutionRecord[] {
    return this.store.executionsOfJob(jobId);
  }

  statusCounts(jobId: string): ReadonlyMap<JobExecutionStatus, number> {
    return this.store.statusCounts(jobId);
  }

  executionsOfThing(thingName: string): ExecutionRecord[] {
    return this.store
      .executionsOfThing(thingName)
      .sort((a, b) => a.queuedAt - b.queuedAt || a.jobId.localeCompare(b.jobId));
  }

  listJobs(filter: {
    status?: JobStatus;
    targetSelection?: string;
    thingGroupName?: string;
  }): JobRecord[] {
    return this.store
      .allJobs()
      .filter(
        (job) =>
          (filter.status === undefined || job.status === filter.status) &&
          (filter.targetSelection === undefined ||
            job.targetSelection === filter.targetSelection) &&
          (filter.thingGroupName === undefined ||
            job.targets.some((arn) => {
              const target = parseTargetArn(arn);
              return target?.kind === 'thinggroup' && target.name === filter.thingGroupName;
            })),
      )
      .reverse();
  }

  /**
   * CancelJob: the job becomes CANCELED and releases no more executions; queued executions are
   * canceled, in-progress ones too when forced. Cancelling a canceled job again only adds what
   * `force` adds; a completed job cannot be canceled.
   */
  cancelJob(jobId: string, options: CancelOptions): JobRecord {
    const job = this.getJob(jobId);
    if (job.status === 'COMPLETED') {
      throw invalidRequest(`Job ${jobId} is COMPLETED and cannot be canceled.`);
    }
    if (job.status === 'CANCELED' && !options.force) return job;
    this.cancel(job, options, this.now());
    this.changed = true;
    return job;
  }

  /** DeleteJob: a job still IN_PROGRESS needs `force`; its executions go with it. */
  deleteJob(jobId: string, force: boolean): void {
    const job = this.getJob(jobId);
    if (job.status === 'IN_PROGRESS' && !force) {
      throw invalidStateTransition(
        `Job ${jobId} is IN_PROGRESS; it can only be deleted with force.`,
      );
    }
    const now = this.now();
    const counts = new Map(this.store.statusCounts(jobId));
    const executions = this.store.deleteJob(jobId);
    for (const execution of executions) {
      this.emitExecutionEvent(execution, now, 'deleted');
      if (isPending(execution.status)) this.notifier.touch(execution.thingName, true);
    }
    this.emitJobEvent(job, counts, now, 'deleted');
    this.changed = true;
  }

  /** CancelJobExecution (control plane). */
  cancelExecution(
    jobId: string,
    thingName: string,
    options: { force: boolean; expectedVersion?: number; statusDetails?: Record<string, string> },
  ): void {
    const { job, execution } = this.getExecution(jobId, thingName);
    if (isTerminal(execution.status)) {
      throw new JobExecutionConflictError(
        'InvalidStateTransitionException',
        `Job execution is already in a terminal state (${execution.status}).`,
        execution,
      );
    }
    this.checkVersion(execution, options.expectedVersion);
    if (!canCancel(execution.status, options.force)) {
      throw new JobExecutionConflictError(
        'InvalidStateTransitionException',
        `Job execution is ${execution.status}; it can only be canceled with force.`,
        execution,
      );
    }
    const now = this.now();
    execution.statusDetails = this.mergedDetails(execution, options.statusDetails);
    this.cancelExecutionRecord(execution, options.force, now);
    this.advanceJob(job, now);
    this.changed = true;
  }

  getExecution(jobId: string, thingName: string, executionNumber?: number): JobAndExecution {
    const job = this.store.getJob(jobId);
    const execution = this.store.getExecution(jobId, thingName);
    if (
      !job ||
      !execution ||
      (executionNumber !== undefined && executionNumber !== execution.executionNumber)
    ) {
      throw executionNotFound(jobId, thingName);
    }
    return { job, execution };
  }

  // --- data plane ---------------------------------------------------------------------------

  /** The thing's pending executions, IN_PROGRESS first. */
  pendingExecutions(thingName: string): {
    inProgress: ExecutionRecord[];
    queued: ExecutionRecord[];
  } {
    const pending = this.store.pendingOfThing(thingName);
    return {
      inProgress: pending.filter((execution) => execution.status === 'IN_PROGRESS'),
      queued: pending.filter((execution) => execution.status === 'QUEUED'),
    };
  }

  /** What `$next` names: the first pending execution, or none. */
  nextPending(thingName: string): JobAndExecution | undefined {
    const execution = this.store.pendingOfThing(thingName)[0];
    const job = execution && this.store.getJob(execution.jobId);
    return execution && job ? { job, execution } : undefined;
  }

  /**
   * StartNextPendingJobExecution: the first pending execution, moved to IN_PROGRESS when it was
   * QUEUED (with the given details and step timer); an execution already in progress is
   * returned as it is.
   */
  startNext(
    thingName: string,
    request: { statusDetails?: Record<string, string>; stepTimeoutInMinutes?: number },
  ): JobAndExecution | undefined {
    const next = this.nextPending(thingName);
    if (!next || next.execution.status !== 'QUEUED') return next;
    const { job, execution } = next;
    const now = this.now();
    const details = this.mergedDetails(execution, request.statusDetails);
    this.store.setStatus(execution, 'IN_PROGRESS');
    execution.statusDetails = details;
    execution.startedAt = now;
    execution.lastUpdatedAt = now;
    execution.versionNumber += 1;
    if (request.stepTimeoutInMinutes !== undefined) {
      execution.stepTimeoutAt = stepDeadline(now, request.stepTimeoutInMinutes);
    }
    this.notifier.touch(thingName, true);
    this.changed = true;
    return { job, execution };
  }

  /**
   * UpdateJobExecution, with IoT's checks in its order: the execution exists, is not final,
   * has the expected version, and may make the transition.
   */
  updateExecution(
    jobId: string,
    thingName: string,
    request: Omit<UpdateExecutionBody, 'includeJobDocument' | 'includeJobExecutionState'>,
  ): JobAndExecution {
    const { job, execution } = this.getExecution(jobId, thingName, request.executionNumber);
    const refusal = deviceTransitionError(execution.status, request.status);
    if (refusal !== undefined && isTerminal(execution.status)) {
      throw new JobExecutionConflictError('InvalidStateTransitionException', refusal, execution);
    }
    this.checkVersion(execution, request.expectedVersion);
    if (refusal !== undefined) {
      throw new JobExecutionConflictError('InvalidStateTransitionException', refusal, execution);
    }
    const now = this.now();
    const details = this.mergedDetails(execution, request.statusDetails);
    const previous = execution.status;
    this.store.setStatus(execution, request.status);
    execution.statusDetails = details;
    execution.lastUpdatedAt = now;
    execution.versionNumber += 1;
    if (request.status === 'IN_PROGRESS') {
      execution.startedAt ??= now;
      if (request.stepTimeoutInMinutes !== undefined) {
        execution.stepTimeoutAt = stepDeadline(now, request.stepTimeoutInMinutes);
      }
    } else {
      execution.stepTimeoutAt = undefined;
      this.emitExecutionEvent(execution, now);
    }
    this.notifier.touch(thingName, previous !== execution.status);
    this.advanceJob(job, now);
    this.changed = true;
    return { job, execution };
  }

  // --- time ---------------------------------------------------------------------------------

  /**
   * What the passing of time does: in-progress executions past their timers time out, rollouts
   * release their next executions, CONTINUOUS jobs pick up new group members, and jobs abort or
   * complete.
   */
  tick(): void {
    const now = this.now();
    for (const execution of this.store.inProgressExecutions()) {
      const job = this.store.getJob(execution.jobId);
      const deadline = job && timeoutDeadline(job, execution);
      if (deadline === undefined || deadline > now) continue;
      this.finishExecution(execution, 'TIMED_OUT', now);
    }
    for (const job of this.store.allJobs()) {
      if (job.status !== 'IN_PROGRESS') continue;
      if (job.targetSelection === 'CONTINUOUS') this.addNewGroupMembers(job);
      this.advanceJob(job, now);
    }
  }

  /** Publishes what the last operations queued, then asks for persistence if state changed. */
  commit(): void {
    const messages = [...this.outbox.splice(0), ...this.notifier.drain(this.now())];
    for (const message of messages) this.options.publish(message);
    if (this.changed) {
      this.changed = false;
      this.options.onChange();
    }
  }

  // --- internals ----------------------------------------------------------------------------

  /** Target ARNs to thing names, in order and without repeats. */
  private resolveTargets(targets: readonly string[]): string[] {
    const things = new Set<string>();
    for (const arn of targets) {
      const target = parseTargetArn(arn);
      if (!target) throw invalidRequest(`Invalid target ARN: ${arn}`);
      if (target.kind === 'thing') {
        if (!this.directory.hasThing(target.name)) {
          throw resourceNotFound(`Thing ${target.name} cannot be found.`);
        }
        things.add(target.name);
      } else {
        const members = this.directory.thingsInGroup(target.name);
        if (!members) throw resourceNotFound(`Thing group ${target.name} cannot be found.`);
        for (const member of members) things.add(member);
      }
    }
    return [...things];
  }

  private addNewGroupMembers(job: JobRecord): void {
    const known = new Set([
      ...job.rollout.pendingThings,
      ...this.store.executionsOfJob(job.jobId).map((e) => e.thingName),
    ]);
    for (const arn of job.targets) {
      const target = parseTargetArn(arn);
      const members =
        target?.kind === 'thinggroup'
          ? (this.directory.thingsInGroup(target.name) ?? [])
          : target && this.directory.hasThing(target.name)
            ? [target.name]
            : [];
      for (const thingName of members) {
        if (known.has(thingName)) continue;
        known.add(thingName);
        job.rollout.pendingThings.push(thingName);
      }
    }
  }

  /** Releases what the rollout allows, then applies abort criteria and completion. */
  private advanceJob(job: JobRecord, now: number): void {
    if (job.status !== 'IN_PROGRESS') return;
    const budget = releaseBudget(job.rollout, now);
    if (budget > 0) {
      for (const thingName of takeReleases(job.rollout, budget)) this.release(job, thingName, now);
      job.lastUpdatedAt = now;
      this.changed = true;
    }
    const counts = this.store.statusCounts(job.jobId);
    applyRateIncreases(job.rollout, job.rolloutConfig, counts.get('SUCCEEDED') ?? 0);

    const abort = evaluateAbort(job.abortCriteria, counts);
    if (abort) {
      const { failureType, thresholdPercentage } = abort.criteria;
      this.cancel(
        job,
        {
          force: false,
          reasonCode: ABORT_REASON_CODE,
          comment: `Aborted: ${abort.failed} of ${abort.executed} executed things ended ${failureType} (${abort.percentage.toFixed(1)}%, threshold ${thresholdPercentage}%)`,
        },
        now,
      );
      return;
    }
    if (
      job.targetSelection === 'SNAPSHOT' &&
      job.rollout.pendingThings.length === 0 &&
      (counts.get('QUEUED') ?? 0) + (counts.get('IN_PROGRESS') ?? 0) === 0
    ) {
      job.status = 'COMPLETED';
      job.completedAt = now;
      job.lastUpdatedAt = now;
      this.emitJobEvent(job, counts, now, 'completed');
      this.changed = true;
    }
  }

  /** Creates a thing's QUEUED execution; a thing deleted since the job was created is skipped. */
  private release(job: JobRecord, thingName: string, now: number): void {
    if (!this.directory.hasThing(thingName) || this.store.hasExecution(job.jobId, thingName)) {
      return;
    }
    this.store.addExecution({
      jobId: job.jobId,
      thingName,
      thingArn: this.directory.thingArn(thingName),
      executionNumber: 1,
      status: 'QUEUED',
      statusDetails: {},
      queuedAt: now,
      lastUpdatedAt: now,
      versionNumber: 1,
    });
    this.notifier.touch(thingName, true);
  }

  private cancel(job: JobRecord, options: CancelOptions, now: number): void {
    const wasCanceled = job.status === 'CANCELED';
    job.status = 'CANCELED';
    if (options.reasonCode !== undefined) job.reasonCode = options.reasonCode;
    if (options.comment !== undefined) job.comment = options.comment;
    if (options.force) job.forceCanceled = true;
    job.lastUpdatedAt = now;
    job.rollout.pendingThings = [];
    for (const execution of this.store.executionsOfJob(job.jobId)) {
      if (canCancel(execution.status, options.force)) {
        this.cancelExecutionRecord(execution, options.force, now);
      }
    }
    if (!wasCanceled) this.emitJobEvent(job, this.store.statusCounts(job.jobId), now, 'canceled');
    this.changed = true;
  }

  private cancelExecutionRecord(execution: ExecutionRecord, force: boolean, now: number): void {
    if (execution.status === 'IN_PROGRESS' && force) execution.forceCanceled = true;
    this.finishExecution(execution, 'CANCELED', now);
  }

  /** Moves an execution to a final status IoT itself sets (CANCELED, TIMED_OUT). */
  private finishExecution(
    execution: ExecutionRecord,
    status: JobExecutionStatus,
    now: number,
  ): void {
    this.store.setStatus(execution, status);
    execution.lastUpdatedAt = now;
    execution.versionNumber += 1;
    execution.stepTimeoutAt = undefined;
    this.emitExecutionEvent(execution, now);
    this.notifier.touch(execution.thingName, true);
    this.changed = true;
  }

  private checkVersion(execution: ExecutionRecord, expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && expectedVersion !== execution.versionNumber) {
      throw new JobExecutionConflictError(
        'VersionConflictException',
        `Expected version ${expectedVersion} does not match the job execution's version ${execution.versionNumber}.`,
        execution,
      );
    }
  }

  /** `statusDetails` are merged into the execution's; IoT keeps at most 10. */
  private mergedDetails(
    execution: ExecutionRecord,
    update: Record<string, string> | undefined,
  ): Record<string, string> {
    const merged = { ...execution.statusDetails, ...update };
    if (Object.keys(merged).length > MAX_STATUS_DETAILS) {
      throw invalidRequest(
        `1 validation error detected: Value at 'statusDetails' failed to satisfy constraint: the merged statusDetails would have more than ${MAX_STATUS_DETAILS} entries`,
      );
    }
    return merged;
  }

  private emitExecutionEvent(
    execution: ExecutionRecord,
    now: number,
    operation?: JobExecutionOperation,
  ): void {
    if (!this.directory.eventEnabled('JOB_EXECUTION')) return;
    this.outbox.push(jobExecutionEvent(execution, now, operation));
  }

  private emitJobEvent(
    job: JobRecord,
    counts: ReadonlyMap<JobExecutionStatus, number>,
    now: number,
    operation: JobOperation,
  ): void {
    if (!this.directory.eventEnabled('JOB')) return;
    this.outbox.push(jobEvent(job, counts, now, operation));
  }
}
