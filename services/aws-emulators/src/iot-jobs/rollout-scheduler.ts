import type { RolloutConfig, RolloutState } from './model';

/** IoT's default and ceiling for `maximumPerMinute`. */
export const DEFAULT_MAXIMUM_PER_MINUTE = 1000;
const MINUTE_MS = 60_000;

const rateCap = (config: RolloutConfig | undefined) =>
  config?.maximumPerMinute ?? DEFAULT_MAXIMUM_PER_MINUTE;

/** The rate a new job starts at: the exponential base, or the flat maximum. */
export function initialRate(config: RolloutConfig | undefined): number {
  const base = config?.exponentialRate?.baseRatePerMinute;
  return Math.min(base ?? rateCap(config), rateCap(config));
}

export function newRolloutState(
  config: RolloutConfig | undefined,
  things: readonly string[],
): RolloutState {
  return {
    pendingThings: [...things],
    ratePerMinute: initialRate(config),
    windowBudget: 0,
    releasedInWindow: 0,
    notifiedBaseline: 0,
    succeededBaseline: 0,
    notifiedCount: 0,
  };
}

/**
 * How many executions may be released now. Releases are counted in one-minute windows opened by
 * the first release after the previous window ended; a window's budget is the rate when it
 * opened, so an exponential increase takes effect from the next minute.
 */
export function releaseBudget(state: RolloutState, now: number): number {
  if (state.pendingThings.length === 0) return 0;
  if (state.windowStartedAt === undefined || now - state.windowStartedAt >= MINUTE_MS) {
    state.windowStartedAt = now;
    state.windowBudget = Math.max(1, Math.floor(state.ratePerMinute));
    state.releasedInWindow = 0;
  }
  return Math.min(state.pendingThings.length, state.windowBudget - state.releasedInWindow);
}

/** Takes up to `count` things off the pending list, counting them against this window. */
export function takeReleases(state: RolloutState, count: number): string[] {
  const released = state.pendingThings.splice(0, Math.max(0, count));
  state.releasedInWindow += released.length;
  state.notifiedCount += released.length;
  return released;
}

/**
 * Applies an exponential rollout's rate increases: the rate is multiplied by `incrementFactor`
 * each time another `numberOfNotifiedThings` things were notified (or
 * `numberOfSucceededThings` succeeded) since the last increase, up to `maximumPerMinute`.
 */
export function applyRateIncreases(
  state: RolloutState,
  config: RolloutConfig | undefined,
  succeededCount: number,
): void {
  const exponential = config?.exponentialRate;
  if (!exponential) return;
  const cap = rateCap(config);
  const { numberOfNotifiedThings: notified, numberOfSucceededThings: succeeded } =
    exponential.rateIncreaseCriteria;
  const raise = () => {
    state.ratePerMinute = Math.min(cap, state.ratePerMinute * exponential.incrementFactor);
  };
  if (notified !== undefined) {
    while (state.notifiedCount - state.notifiedBaseline >= notified) {
      state.notifiedBaseline += notified;
      raise();
    }
  } else if (succeeded !== undefined) {
    while (succeededCount - state.succeededBaseline >= succeeded) {
      state.succeededBaseline += succeeded;
      raise();
    }
  }
}
