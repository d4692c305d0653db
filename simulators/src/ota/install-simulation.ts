import { delay } from '../concurrency';
import type { Random } from '../random';

export type InstallStep = 'downloading' | 'installing';

/** A progress report: where the update is, and how far overall (0–100). */
export interface InstallProgress {
  /** Offset from the start of the install, ms. */
  readonly atMs: number;
  readonly step: InstallStep;
  readonly progress: number;
}

export interface InstallFailure {
  readonly atMs: number;
  readonly step: InstallStep;
  readonly progress: number;
  readonly reason: string;
}

/** How one install will go, drawn up front so a seed decides it whatever the timing. */
export interface InstallPlan {
  readonly durationMs: number;
  /** Reports before the end (or the failure), in order. */
  readonly reports: readonly InstallProgress[];
  readonly failure: InstallFailure | undefined;
}

export interface InstallPlanOptions {
  /** Nominal download + install time, ms; each install takes ±25 % of it. */
  readonly durationMs: number;
  /** Chance, 0..1, that the install fails part-way. */
  readonly failureRate: number;
}

/** The share of the time spent downloading; the rest is installing. */
const DOWNLOAD_SHARE = 0.6;
/** When progress is reported, as shares of the duration: a few times, not every tick. */
const REPORT_AT = [0, 0.3, DOWNLOAD_SHARE, 0.8] as const;

const FAILURE_REASONS: Readonly<Record<InstallStep, readonly string[]>> = {
  downloading: [
    'download interrupted: connection lost',
    'download corrupted: checksum mismatch',
    'not enough storage for the update image',
  ],
  installing: [
    'image signature verification failed',
    'install aborted: battery voltage too low',
    'post-install self-test failed; rolled back',
  ],
};

const stepAt = (share: number): InstallStep =>
  share < DOWNLOAD_SHARE ? 'downloading' : 'installing';

/**
 * Plans an install: its duration (jittered ±25 %), its progress reports and, with probability
 * `failureRate`, a failure part-way with a reason. Draws from `random` in a fixed order.
 */
export function planInstall(random: Random, options: InstallPlanOptions): InstallPlan {
  const durationMs = Math.round(options.durationMs * random.between(0.75, 1.25));
  const fails = random.chance(options.failureRate);
  let failure: InstallFailure | undefined;
  if (fails) {
    const share = random.between(0.1, 0.95);
    const step = stepAt(share);
    failure = {
      atMs: Math.round(durationMs * share),
      step,
      progress: Math.floor(share * 100),
      reason: random.pick(FAILURE_REASONS[step]),
    };
  }
  const reports = REPORT_AT.map((share) => ({
    atMs: Math.round(durationMs * share),
    step: stepAt(share),
    progress: Math.round(share * 100),
  })).filter((report) => failure === undefined || report.atMs < failure.atMs);
  return { durationMs, reports, failure };
}

export type InstallOutcome =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'failed'; readonly failure: InstallFailure }
  | { readonly kind: 'cancelled' };

export interface InstallRun {
  /** Sends a progress report; a rejection ends the install with it. */
  readonly report: (progress: InstallProgress) => Promise<void>;
  /** Stops the install at the next step (a cancelled job, a stopping fleet). */
  readonly signal: AbortSignal;
}

/**
 * Plays a plan in real time: reports progress when due, then ends in success or the planned
 * failure; `cancelled` as soon as the signal aborts. Time comes from timers, so tests use fake
 * ones.
 */
export async function runInstall(plan: InstallPlan, run: InstallRun): Promise<InstallOutcome> {
  let elapsedMs = 0;
  const waitUntil = async (atMs: number) => {
    const waited = await delay(atMs - elapsedMs, run.signal);
    elapsedMs = Math.max(elapsedMs, atMs);
    return waited && !run.signal.aborted;
  };
  for (const progress of plan.reports) {
    if (!(await waitUntil(progress.atMs))) return { kind: 'cancelled' };
    await run.report(progress);
    if (run.signal.aborted) return { kind: 'cancelled' };
  }
  const { failure } = plan;
  if (!(await waitUntil(failure?.atMs ?? plan.durationMs))) return { kind: 'cancelled' };
  return failure ? { kind: 'failed', failure } : { kind: 'succeeded' };
}
