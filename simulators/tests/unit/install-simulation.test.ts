import { planInstall, runInstall, type InstallProgress } from '../../src/ota/install-simulation';
import { createRandom, deriveSeed } from '../../src/random';

const seeded = (n = 1) => createRandom(deriveSeed(42, n, 'ota'));

describe('planning an install', () => {
  it('takes the duration ±25 % and reports progress four times: download, then install', () => {
    const plans = Array.from({ length: 200 }, (_, i) =>
      planInstall(seeded(i), { durationMs: 20_000, failureRate: 0 }),
    );
    for (const plan of plans) {
      expect(plan.durationMs).toBeGreaterThanOrEqual(15_000);
      expect(plan.durationMs).toBeLessThanOrEqual(25_000);
      expect(plan.failure).toBeUndefined();
      expect(plan.reports.map(({ step, progress }) => `${step} ${progress}`)).toEqual([
        'downloading 0',
        'downloading 30',
        'installing 60',
        'installing 80',
      ]);
      const times = plan.reports.map((report) => report.atMs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.at(-1)).toBeLessThan(plan.durationMs);
    }
    const durations = new Set(plans.map((plan) => plan.durationMs));
    expect(durations.size).toBeGreaterThan(150);
  });

  it('is the same for the same seed', () => {
    const options = { durationMs: 20_000, failureRate: 0.5 };
    const first = Array.from({ length: 20 }, (_, i) => planInstall(seeded(i), options));
    const again = Array.from({ length: 20 }, (_, i) => planInstall(seeded(i), options));
    expect(again).toEqual(first);
  });

  it('fails as often as the failure rate says, part-way and with a reason', () => {
    const random = seeded();
    const plans = Array.from({ length: 2_000 }, () =>
      planInstall(random, { durationMs: 10_000, failureRate: 0.3 }),
    );
    const failures = plans.flatMap((plan) => (plan.failure ? [{ plan, ...plan.failure }] : []));
    expect(failures.length / plans.length).toBeGreaterThan(0.27);
    expect(failures.length / plans.length).toBeLessThan(0.33);
    for (const { plan, atMs, step, progress, reason } of failures) {
      expect(atMs).toBeGreaterThan(0);
      expect(atMs).toBeLessThan(plan.durationMs);
      expect(step).toBe(progress < 60 ? 'downloading' : 'installing');
      expect(reason.length).toBeGreaterThan(10);
      // Nothing is reported after the failure.
      expect(plan.reports.every((report) => report.atMs < atMs)).toBe(true);
    }
    expect(new Set(failures.map((failure) => failure.reason)).size).toBeGreaterThan(3);
  });

  it('never fails at rate 0 and always fails at rate 1', () => {
    const random = seeded();
    for (let i = 0; i < 500; i++) {
      expect(planInstall(random, { durationMs: 1_000, failureRate: 0 }).failure).toBeUndefined();
      expect(planInstall(random, { durationMs: 1_000, failureRate: 1 }).failure).toBeDefined();
    }
  });
});

describe('running an install', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 0, 5, 8) }));
  afterEach(() => jest.useRealTimers());

  const plan = planInstall(seeded(), { durationMs: 10_000, failureRate: 0 });
  const failing = planInstall(seeded(), { durationMs: 10_000, failureRate: 1 });

  function recorder() {
    const start = Date.now();
    const seen: { at: number; progress: InstallProgress }[] = [];
    const report = (progress: InstallProgress) => {
      seen.push({ at: Date.now() - start, progress });
      return Promise.resolve();
    };
    return { seen, report };
  }

  it('reports each step when it is due, then succeeds at the end', async () => {
    const { seen, report } = recorder();
    const controller = new AbortController();
    let outcome: unknown;
    void runInstall(plan, { report, signal: controller.signal }).then((o) => (outcome = o));
    await jest.advanceTimersByTimeAsync(plan.durationMs - 1);
    expect(outcome).toBeUndefined();
    expect(seen).toEqual(plan.reports.map((progress) => ({ at: progress.atMs, progress })));
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome).toEqual({ kind: 'succeeded' });
  });

  it('ends with the planned failure at its time', async () => {
    const { seen, report } = recorder();
    let outcome: unknown;
    void runInstall(failing, { report, signal: new AbortController().signal }).then(
      (o) => (outcome = o),
    );
    await jest.advanceTimersByTimeAsync(failing.failure!.atMs);
    expect(outcome).toEqual({ kind: 'failed', failure: failing.failure });
    expect(seen).toHaveLength(failing.reports.length);
  });

  it('stops at once when cancelled, and reports nothing more', async () => {
    const { seen, report } = recorder();
    const controller = new AbortController();
    let outcome: unknown;
    void runInstall(plan, { report, signal: controller.signal }).then((o) => (outcome = o));
    await jest.advanceTimersByTimeAsync(plan.reports[1]!.atMs);
    expect(seen).toHaveLength(2);
    controller.abort();
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome).toEqual({ kind: 'cancelled' });
    await jest.advanceTimersByTimeAsync(plan.durationMs);
    expect(seen).toHaveLength(2);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ends with a report that is refused', async () => {
    const refusal = new Error('execution cancelled');
    const run = runInstall(plan, {
      report: (progress) =>
        progress.progress === 30 ? Promise.reject(refusal) : Promise.resolve(),
      signal: new AbortController().signal,
    });
    const settled = run.catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(plan.durationMs);
    expect(await settled).toBe(refusal);
  });
});
