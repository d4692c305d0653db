import { describeIssues, otaJobDocument } from '@fleet/device-contract';
import { delay } from '../concurrency';
import type { Random } from '../random';
import { planInstall, runInstall, type InstallProgress } from './install-simulation';
import {
  JobsRequestError,
  executionHasEnded,
  type DeviceReportedStatus,
  type JobExecution,
  type JobsChannel,
} from './jobs-channel';

/** What happened to an execution the agent took on. */
export const OTA_OUTCOMES = ['started', 'succeeded', 'failed', 'rejected', 'cancelled'] as const;
export type OtaOutcome = (typeof OTA_OUTCOMES)[number];

/** The vehicle's side of an update: the version it runs, and installing a new one. */
export interface SoftwareHolder {
  readonly softwareVersion: string;
  installSoftware(version: string): void;
}

export interface OtaAgentOptions {
  readonly channel: JobsChannel;
  readonly vehicle: SoftwareHolder;
  /** This vehicle's own stream for installs, so a seed decides durations and failures. */
  readonly random: Random;
  /** Nominal download + install time, ms (each install is jittered ±25 %). */
  readonly durationMs: number;
  /** Chance, 0..1, that an install fails. */
  readonly failureRate: number;
  /** Sent with StartNextPendingJobExecution: IoT times the execution out after it. */
  readonly stepTimeoutInMinutes?: number;
  /** After SUCCEEDED: tell the registry (its rejection is reported, the update stands). */
  readonly onInstalled?: (version: string) => Promise<void>;
  readonly onOutcome?: (outcome: OtaOutcome) => void;
  /** Errors the agent absorbs: requests without reply, refusals it cannot act on. */
  readonly onError?: (error: unknown) => void;
  /** Pause before retrying a final status that got no answer, ms. Default 1000. */
  readonly retryDelayMs?: number;
}

/** The execution being carried out. */
interface ActiveExecution {
  readonly jobId: string;
  readonly executionNumber: number | undefined;
  /** The version the next update expects; follows every accepted update. */
  versionNumber: number;
  /** Aborts the install when the execution is cancelled or superseded, or the fleet stops. */
  readonly abort: AbortController;
}

/** The execution ended elsewhere: cancelled, timed out, removed. */
class ExecutionEnded extends Error {
  override readonly name = 'ExecutionEnded';
}

/** IoT caps a `statusDetails` value at 1024 characters. */
const detail = (text: string) => (text.length <= 1024 ? text : `${text.slice(0, 1021)}...`);

const MAX_VERSION_CONFLICTS = 3;
const FINAL_STATUS_ATTEMPTS = 3;
const RETRYABLE: ReadonlySet<string> = new Set(['Timeout', 'RequestThrottled', 'InternalError']);

/**
 * A vehicle's OTA agent: takes the next pending job execution (StartNextPendingJobExecution),
 * checks that its document is an OTA update, then simulates download and install, reporting
 * progress a few times, and ends it SUCCEEDED (the vehicle now runs the desired version) or
 * FAILED. Executions run one at a time; `wake` asks it to look for work, and `notifyNext` tells
 * it what IoT says is next, which stops an install whose execution was cancelled or timed out.
 * It never throws: errors go to `onError`.
 */
export class OtaAgent {
  private readonly lifetime = new AbortController();
  private stopped = false;
  /** Someone asked to look for work since the last StartNext. */
  private wanted = false;
  private looping = false;
  private running: Promise<void> = Promise.resolve();
  private current: ActiveExecution | undefined;

  constructor(private readonly options: OtaAgentOptions) {}

  /** Looks for work: now if idle, otherwise once the current execution is over. */
  wake(): void {
    if (this.stopped) return;
    this.wanted = true;
    if (this.looping) return;
    this.looping = true;
    this.running = this.loop();
  }

  /**
   * IoT's `notify-next`: the thing's next pending execution, or none. When it is not the one
   * being installed, that one has ended (cancelled, timed out): its install stops.
   */
  notifyNext(execution: JobExecution | undefined): void {
    const active = this.current;
    if (active && execution?.jobId !== active.jobId) active.abort.abort();
    this.wake();
  }

  /** Stops the install under way (its execution stays IN_PROGRESS) and any request in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.lifetime.abort();
    this.current?.abort.abort();
    this.options.channel.close();
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (this.wanted && !this.stopped) {
        this.wanted = false;
        let execution: JobExecution | undefined;
        try {
          execution = await this.options.channel.startNext({
            stepTimeoutInMinutes: this.options.stepTimeoutInMinutes,
          });
        } catch (error) {
          this.error(error);
          continue;
        }
        if (!execution || this.stopped) continue;
        await this.execute(execution);
        // Another execution may be queued behind it; HTTP has no notify-next to say so.
        this.wanted = true;
      }
    } finally {
      this.looping = false;
    }
  }

  private async execute(execution: JobExecution): Promise<void> {
    const active: ActiveExecution = {
      jobId: execution.jobId,
      executionNumber: execution.executionNumber,
      versionNumber: execution.versionNumber,
      abort: new AbortController(),
    };
    this.current = active;
    try {
      await this.carryOut(active, execution.jobDocument);
    } catch (error) {
      if (error instanceof ExecutionEnded || executionHasEnded(error)) this.outcome('cancelled');
      else this.error(error);
    } finally {
      if (this.current === active) this.current = undefined;
    }
  }

  private async carryOut(active: ActiveExecution, jobDocument: unknown): Promise<void> {
    const { vehicle } = this.options;
    const document = otaJobDocument.safeParse(jobDocument);
    if (!document.success) {
      const reason = `not an OTA job document: ${describeIssues(document.error)}`;
      await this.finish(active, 'REJECTED', { reason: detail(reason) });
      this.outcome('rejected');
      return;
    }
    const desired = document.data.desiredVersion;
    if (desired === vehicle.softwareVersion) {
      await this.finish(active, 'SUCCEEDED', {
        step: 'done',
        progress: '100',
        softwareVersion: desired,
        note: 'already installed',
      });
      this.outcome('succeeded');
      return;
    }

    this.outcome('started');
    const plan = planInstall(this.options.random, this.options);
    const outcome = await runInstall(plan, {
      signal: active.abort.signal,
      report: (progress) => this.reportProgress(active, progress),
    });
    switch (outcome.kind) {
      case 'cancelled':
        // A stopping fleet leaves the execution IN_PROGRESS: that is no cancellation.
        if (!this.stopped) this.outcome('cancelled');
        return;
      case 'failed': {
        const { step, progress, reason } = outcome.failure;
        await this.finish(active, 'FAILED', {
          step,
          progress: String(progress),
          reason,
          softwareVersion: vehicle.softwareVersion,
        });
        this.outcome('failed');
        return;
      }
      case 'succeeded':
        await this.finish(active, 'SUCCEEDED', {
          step: 'done',
          progress: '100',
          softwareVersion: desired,
        });
        // Only once IoT took the SUCCEEDED: a job cancelled at the last moment changes nothing.
        vehicle.installSoftware(desired);
        this.outcome('succeeded');
        await this.options.onInstalled?.(desired).catch((error: unknown) => this.error(error));
        return;
    }
  }

  /** A progress report is best effort, unless it says the execution is over. */
  private async reportProgress(active: ActiveExecution, progress: InstallProgress): Promise<void> {
    try {
      await this.update(active, 'IN_PROGRESS', {
        step: progress.step,
        progress: String(progress.progress),
      });
    } catch (error) {
      if (error instanceof ExecutionEnded || executionHasEnded(error)) throw error;
      this.error(error);
    }
  }

  /** A final status, retried a few times when no answer came. */
  private async finish(
    active: ActiveExecution,
    status: Exclude<DeviceReportedStatus, 'IN_PROGRESS'>,
    statusDetails: Record<string, string>,
  ): Promise<void> {
    const pause = this.options.retryDelayMs ?? 1_000;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.update(active, status, statusDetails);
        return;
      } catch (error) {
        const retry =
          error instanceof JobsRequestError &&
          RETRYABLE.has(error.code) &&
          attempt < FINAL_STATUS_ATTEMPTS;
        if (!retry || !(await delay(pause * attempt, this.lifetime.signal))) throw error;
      }
    }
  }

  /**
   * UpdateJobExecution with `expectedVersion`. A version mismatch means the execution changed
   * behind the agent's back: it is read again, and the update retried on its new version unless
   * it has ended (or the update it retries had landed after all).
   */
  private async update(
    active: ActiveExecution,
    status: DeviceReportedStatus,
    statusDetails: Record<string, string>,
  ): Promise<void> {
    const { channel } = this.options;
    for (let conflicts = 0; ; conflicts += 1) {
      try {
        const state = await channel.update(active.jobId, {
          status,
          statusDetails,
          expectedVersion: active.versionNumber,
          executionNumber: active.executionNumber,
        });
        active.versionNumber = state?.versionNumber ?? active.versionNumber + 1;
        return;
      } catch (error) {
        const mismatch = error instanceof JobsRequestError && error.code === 'VersionMismatch';
        if (!mismatch || conflicts >= MAX_VERSION_CONFLICTS) throw error;
      }
      const fresh = await channel.describe(active.jobId);
      if (
        !fresh ||
        (fresh.executionNumber !== undefined &&
          active.executionNumber !== undefined &&
          fresh.executionNumber !== active.executionNumber)
      ) {
        throw new ExecutionEnded(`execution of ${active.jobId} is gone`);
      }
      active.versionNumber = fresh.versionNumber;
      if (fresh.status === status && status !== 'IN_PROGRESS') return;
      if (fresh.status !== 'IN_PROGRESS' && fresh.status !== 'QUEUED') {
        throw new ExecutionEnded(`execution of ${active.jobId} is ${fresh.status}`);
      }
    }
  }

  private outcome(outcome: OtaOutcome): void {
    this.options.onOutcome?.(outcome);
  }

  /** Errors after `stop` are the stop itself (closed requests): not worth reporting. */
  private error(error: unknown): void {
    if (!this.stopped) this.options.onError?.(error);
  }
}
