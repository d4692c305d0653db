/**
 * End-to-end ingest benchmark of local mode: MQTT publish → broker → rules engine → telemetry
 * handler → search engine → searchable. `npm run bench:ingest` (from the root or services/local).
 *
 * 1. Bare broker ceiling: the broker alone (device policy, the bench's things registered, a no-op
 *    `publish` counter), loaded as fast as the load generators can for BENCH_BARE_SECONDS.
 * 2. The pipeline at rising load: a full `startLocalStack` (no simulated fleet, fresh data dir),
 *    the same things provisioned through registry events (each with its own VIN), and one step
 *    per rate in BENCH_RATES ("max" = unthrottled) for BENCH_STEP_SECONDS each. Per step: offered
 *    and ingested msg/s, publish→searchable freshness p50/p99, backlog, event-loop use and RSS.
 * 3. The ratio of the pipeline's best sustained ingest rate (steps that ran their full length) to
 *    the bare broker's.
 *
 * Every part runs in its own process: the orchestrator (this file), the server under test
 * (`server.ts`), the load generators (`load-generator.ts`, one MQTT connection per vehicle) and
 * the freshness sampler (`freshness-sampler.ts`). Progress goes to stderr; stdout carries only
 * the report, ending with one JSON line.
 *
 * Knobs (environment): BENCH_VEHICLES (10000), BENCH_RATES (1000,2500,5000,7500,10000,max),
 * BENCH_STEP_SECONDS (15), BENCH_BARE_SECONDS (10), BENCH_WARMUP_SECONDS (5),
 * BENCH_SETTLE_SECONDS (2), BENCH_LOAD_PROCESSES (1), BENCH_WINDOW (4 QoS 1 messages in flight
 * per connection), BENCH_SAMPLES_PER_SECOND (50), BENCH_POLL_MS (25), BENCH_MAX_BACKLOG (30000),
 * BENCH_DRAIN_TIMEOUT_SECONDS (90), BENCH_PHASES (bare,pipeline), BENCH_BATCH_SIZE /
 * BENCH_BATCH_DELAY_MS / BENCH_FLUSHES (the rules engine's batching), BENCH_PIPELINE_NODE_ARGS
 * and BENCH_BROKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the process
 * under test; summarise with `node --import tsx bench/cpu-profile-summary.ts <file>`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type {
  FreshnessResult,
  LoadMessage,
  LoadProgress,
  LoadRequest,
  SamplerMessage,
  SamplerRequest,
  ServerMessage,
  ServerMode,
  ServerRequest,
  ServerTick,
} from './protocol';

// ---- configuration ----

function numberEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}`);
  return value;
}

/** `1000,2500,max`: msg/s per step; `max` (or 0) publishes as fast as the windows allow. */
function ratesEnv(): number[] {
  const raw = process.env.BENCH_RATES ?? '1000,2500,5000,7500,10000,max';
  return raw.split(',').map((part) => {
    const text = part.trim().toLowerCase();
    const value = text === 'max' ? 0 : Number(text.replace(/_/g, ''));
    if (!Number.isFinite(value) || value < 0) throw new Error(`BENCH_RATES: bad rate "${part}"`);
    return value;
  });
}

const config = {
  vehicles: Math.floor(numberEnv('BENCH_VEHICLES', 10_000, 1)),
  rates: ratesEnv(),
  stepSeconds: numberEnv('BENCH_STEP_SECONDS', 15, 3),
  bareSeconds: numberEnv('BENCH_BARE_SECONDS', 10, 3),
  warmupSeconds: numberEnv('BENCH_WARMUP_SECONDS', 5),
  /** The start of each step left out of its rates (ramp-up). */
  settleSeconds: numberEnv('BENCH_SETTLE_SECONDS', 2),
  loadProcesses: Math.floor(numberEnv('BENCH_LOAD_PROCESSES', 1, 1)),
  window: Math.floor(numberEnv('BENCH_WINDOW', 4, 1)),
  samplesPerSecond: numberEnv('BENCH_SAMPLES_PER_SECOND', 50),
  pollMs: numberEnv('BENCH_POLL_MS', 25, 5),
  drainTimeoutSeconds: numberEnv('BENCH_DRAIN_TIMEOUT_SECONDS', 90, 1),
  /**
   * A step whose backlog passes this many messages (after the settle time plus 3 s) has shown it
   * cannot keep up and ends early, so that draining it stays short.
   */
  maxBacklog: numberEnv('BENCH_MAX_BACKLOG', 30_000, 1),
  phases: (process.env.BENCH_PHASES ?? 'bare,pipeline').split(',').map((p) => p.trim()),
  /** The rules engine's micro-batching; unset means local mode's default (500 / 50 ms / 2). */
  batching:
    process.env.BENCH_BATCH_SIZE || process.env.BENCH_BATCH_DELAY_MS || process.env.BENCH_FLUSHES
      ? {
          maxBatchSize: Math.floor(numberEnv('BENCH_BATCH_SIZE', 500, 1)),
          maxDelayMs: numberEnv('BENCH_BATCH_DELAY_MS', 50),
          maxConcurrentFlushes: Math.floor(numberEnv('BENCH_FLUSHES', 2, 1)),
        }
      : undefined,
};

// ---- child processes ----

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const benchDir = __dirname;
const packageDir = join(__dirname, '..');

function spawnChild(script: string, nodeArgs: readonly string[]): ChildProcess {
  const child = fork(join(benchDir, script), [], {
    cwd: packageDir,
    execArgv: [...nodeArgs, '--import', 'tsx'],
    // The children's output (the search engine logs its snapshots) goes to stderr.
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Resolves with the first message `accept` maps to a value; rejects if the child exits first. */
function nextMessage<M, T>(
  child: ChildProcess,
  what: string,
  accept: (message: M) => T | undefined,
  timeoutMs = 600_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: M) => {
      const value = accept(message);
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${what}: the process exited (${code})`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what}: timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function splitArgs(value: string | undefined): string[] {
  return (value ?? '').split(' ').filter(Boolean);
}

class Server {
  readonly ticks: ServerTick[] = [];
  mqttUrl = '';
  searchUrl: string | undefined;
  setupMs = 0;

  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: ServerMessage) => {
      if (m.type === 'tick') this.ticks.push(m);
    });
  }

  static async start(mode: ServerMode, dataDir?: string): Promise<Server> {
    // As `npm start` runs local mode: a 64 MB young generation.
    const server = new Server(
      spawnChild('server.ts', [
        '--max-semi-space-size=64',
        ...splitArgs(
          mode === 'pipeline'
            ? process.env.BENCH_PIPELINE_NODE_ARGS
            : process.env.BENCH_BROKER_NODE_ARGS,
        ),
      ]),
    );
    const ready = nextMessage(server.child, `${mode} server start`, (m: ServerMessage) =>
      m.type === 'ready' ? m : undefined,
    );
    server.child.send({
      type: 'start',
      mode,
      vehicles: config.vehicles,
      dataDir,
      batching: config.batching,
    } satisfies ServerRequest);
    const r = await ready;
    server.mqttUrl = r.mqttUrl;
    server.searchUrl = r.searchUrl;
    server.setupMs = r.setupMs;
    return server;
  }

  get last(): ServerTick | undefined {
    return this.ticks.at(-1);
  }

  /** Waits for a tick taken at or after `t`, so counters can be read at `t`. */
  async tickAfter(t: number): Promise<void> {
    await this.tickWhere(() => true, t, 10_000);
  }

  /** Waits for a tick taken after `since` that satisfies `check`. */
  async tickWhere(check: (tick: ServerTick) => boolean, since: number, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const tick = this.last;
      if (tick && tick.t >= since && check(tick)) return tick;
      if (Date.now() > deadline) return undefined;
      await sleep(100);
    }
  }

  async stop(): Promise<number | undefined> {
    if (this.child.exitCode !== null) return undefined;
    const closed = nextMessage(this.child, 'server close', (m: ServerMessage) =>
      m.type === 'closed' ? m.peakRssMb : undefined,
    ).catch(() => undefined);
    this.child.send({ type: 'shutdown' } satisfies ServerRequest);
    const peak = await closed;
    await exited(this.child, 20_000);
    return peak;
  }
}

class LoadGenerators {
  readonly progress: LoadProgress[][];
  private constructor(
    readonly procs: ChildProcess[],
    readonly connectMs: number,
  ) {
    this.progress = procs.map(() => []);
    procs.forEach((child, i) =>
      child.on('message', (m: LoadMessage) => {
        if (m.type === 'progress') this.progress[i]!.push(m);
        else if (m.type === 'fatal') console.error(`[load ${i}] ${m.error}`);
      }),
    );
  }

  static async start(mqttUrl: string): Promise<LoadGenerators> {
    const count = Math.min(config.loadProcesses, config.vehicles);
    const procs = Array.from({ length: count }, () => spawnChild('load-generator.ts', []));
    const started = Date.now();
    await Promise.all(
      procs.map((child, i) => {
        const connected = nextMessage(child, `load generator ${i} connect`, (m: LoadMessage) =>
          m.type === 'connected' ? m : undefined,
        );
        child.send({
          type: 'init',
          mqttUrl,
          from: Math.floor((i * config.vehicles) / count),
          to: Math.floor(((i + 1) * config.vehicles) / count),
          window: config.window,
        } satisfies LoadRequest);
        return connected;
      }),
    );
    return new LoadGenerators(procs, Date.now() - started);
  }

  /** Runs one step on every process; `rate` and `samplesPerSecond` are totals. */
  async run(step: number, rate: number, seconds: number, samplesPerSecond: number) {
    const n = this.procs.length;
    await Promise.all(
      this.procs.map((child, i) => {
        const done = nextMessage(child, `load generator ${i} step`, (m: LoadMessage) =>
          m.type === 'done' && m.step === step ? m : undefined,
        );
        child.send({
          type: 'run',
          step,
          rate: rate / n,
          durationMs: seconds * 1000,
          samplesPerSecond: samplesPerSecond / n,
        } satisfies LoadRequest);
        return done;
      }),
    );
  }

  /** Ends a running step now, on every process. */
  end(step: number): void {
    for (const child of this.procs) {
      if (child.connected) child.send({ type: 'end', step } satisfies LoadRequest);
    }
  }

  /** Messages published by every process between two instants, from their progress ticks. */
  published(from: number, to: number, key: 'published' | 'acked' = 'published'): number {
    return this.progress.reduce(
      (sum, ticks) => sum + valueAt(ticks, to, key) - valueAt(ticks, from, key),
      0,
    );
  }

  /** Waits for every process to report progress at or after `t`. */
  async progressAfter(t: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (this.progress.some((ticks) => (ticks.at(-1)?.t ?? 0) < t) && Date.now() < deadline) {
      await sleep(50);
    }
  }

  inFlight(): number {
    return this.progress.reduce((sum, ticks) => sum + (ticks.at(-1)?.inFlight ?? 0), 0);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.procs.map((child) => {
        if (child.connected) child.send({ type: 'stop' } satisfies LoadRequest);
        return exited(child, 10_000);
      }),
    );
  }
}

class Sampler {
  readonly results: FreshnessResult[] = [];
  private readonly sent = new Map<number, number>();
  readonly child: ChildProcess;

  constructor(searchUrl: string) {
    this.child = spawnChild('freshness-sampler.ts', []);
    this.child.on('message', (m: SamplerMessage) => {
      if (m.type === 'result') this.results.push(m);
    });
    this.child.send({ type: 'init', searchUrl, pollMs: config.pollMs } satisfies SamplerRequest);
  }

  /** Relays the load generators' samples. */
  listen(loads: LoadGenerators): void {
    for (const child of loads.procs) {
      child.on('message', (m: LoadMessage) => {
        if (m.type !== 'sample') return;
        this.sent.set(m.step, (this.sent.get(m.step) ?? 0) + 1);
        this.child.send(m satisfies SamplerRequest);
      });
    }
  }

  settled(step: number): boolean {
    const done = this.results.filter((r) => r.step === step).length;
    return done >= (this.sent.get(step) ?? 0);
  }

  async stop(): Promise<void> {
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies SamplerRequest);
    await exited(this.child, 5_000);
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// ---- measurement helpers ----

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A cumulative counter at instant `t`, interpolated between the ticks around it. */
function valueAt<T extends { t: number }>(ticks: readonly T[], t: number, key: keyof T): number {
  const value = (tick: T) => tick[key] as number;
  if (ticks.length === 0) return 0;
  if (t <= ticks[0]!.t) return value(ticks[0]!);
  for (let i = 1; i < ticks.length; i++) {
    const b = ticks[i]!;
    if (b.t < t) continue;
    const a = ticks[i - 1]!;
    return value(a) + ((value(b) - value(a)) * (t - a.t)) / (b.t - a.t || 1);
  }
  return value(ticks.at(-1)!);
}

function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

interface StepResult {
  readonly step: number;
  /** msg/s asked for; null when unthrottled. */
  readonly targetRate: number | null;
  readonly offeredRate: number;
  /** Broker-accepted (PUBACKed) msg/s, from the load generators. */
  readonly ackedRate: number;
  /** Messages the cardata rule matched per second: what entered the rules engine. */
  readonly matchedRate: number;
  /** Messages the telemetry handler stored per second: the sustained ingest rate. */
  readonly ingestedRate: number;
  readonly backlogStart: number;
  readonly backlogEnd: number;
  readonly backlogMax: number;
  readonly backlogGrowthPerSecond: number;
  readonly keepsUp: boolean;
  /** How long the step ran: less than BENCH_STEP_SECONDS when the backlog guard ended it. */
  readonly seconds: number;
  readonly stoppedEarly: boolean;
  readonly drainSeconds: number | null;
  /** Backlog ingested per second once the load stopped: the handler's rate with a quiet broker. */
  readonly drainRate: number | null;
  readonly freshness: {
    readonly samples: number;
    readonly lost: number;
    readonly searchableP50Ms?: number;
    readonly searchableP99Ms?: number;
    readonly searchableMaxMs?: number;
    readonly storedP50Ms?: number;
    readonly storedP99Ms?: number;
    /** Searchable minus stored, per sample: the wait for the next refresh. */
    readonly refreshWaitP50Ms?: number;
    readonly refreshWaitP99Ms?: number;
  };
  readonly failed: number;
  readonly eventLoopUtilisation: number;
  readonly rssMb: number;
}

const round = (value: number | undefined, digits = 0) =>
  value === undefined ? undefined : Number(value.toFixed(digits));

// ---- phases ----

async function barePhase(): Promise<{ rate: number; acked: number; elu: number; rssMb: number }> {
  console.error(`[bench] bare broker: ${config.vehicles} things, unthrottled…`);
  const server = await Server.start('broker');
  try {
    const loads = await LoadGenerators.start(server.mqttUrl);
    console.error(`[bench] ${config.vehicles} connections in ${loads.connectMs} ms`);
    const started = Date.now();
    await loads.run(0, 0, config.bareSeconds, 0);
    const ended = Date.now();
    await Promise.all([server.tickAfter(ended), loads.progressAfter(ended)]);
    const from = started + config.settleSeconds * 1000;
    const seconds = (ended - from) / 1000;
    const ticks = server.ticks.filter((t) => t.t >= from && t.t <= ended);
    const result = {
      rate:
        (valueAt(server.ticks, ended, 'received') - valueAt(server.ticks, from, 'received')) /
        seconds,
      acked: loads.published(from, ended, 'acked') / seconds,
      elu: mean(ticks.map((t) => t.elu)),
      rssMb: server.last?.rssMb ?? 0,
    };
    await loads.stop();
    return result;
  } finally {
    await server.stop();
  }
}

async function pipelinePhase(): Promise<{
  steps: StepResult[];
  setupMs: number;
  connectMs: number;
  peakRssMb?: number;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  tempDirs.add(dataDir);
  console.error(
    `[bench] pipeline: starting the local stack, provisioning ${config.vehicles} things…`,
  );
  const server = await Server.start('pipeline', dataDir);
  console.error(`[bench] stack up and things provisioned in ${Math.round(server.setupMs)} ms`);
  const sampler = new Sampler(server.searchUrl!);
  let peakRssMb: number | undefined;
  try {
    const loads = await LoadGenerators.start(server.mqttUrl);
    console.error(`[bench] ${config.vehicles} connections in ${loads.connectMs} ms`);
    sampler.listen(loads);

    const drain = async (step: number) => {
      const started = Date.now();
      const deadline = started + config.drainTimeoutSeconds * 1000;
      for (;;) {
        const tick = server.last;
        if (tick && tick.t > started && tick.backlog === 0 && loads.inFlight() === 0) {
          if (sampler.settled(step)) return (Date.now() - started) / 1000;
        }
        if (Date.now() > deadline) return null;
        await sleep(100);
      }
    };

    if (config.warmupSeconds > 0) {
      const rate = config.rates.find((r) => r > 0) ?? 1000;
      console.error(`[bench] warm-up: ${rate} msg/s for ${config.warmupSeconds} s`);
      await loads.run(-1, rate, config.warmupSeconds, 0);
      await drain(-1);
    }

    const steps: StepResult[] = [];
    for (const [step, rate] of config.rates.entries()) {
      const label = rate === 0 ? 'unthrottled' : `${rate} msg/s`;
      console.error(`[bench] step ${step + 1}/${config.rates.length}: ${label}`);
      const started = Date.now();
      let guarding = true;
      let stoppedEarly = false;
      const guard = (async () => {
        const earliest = started + (config.settleSeconds + 3) * 1000;
        while (guarding) {
          const tick = server.last;
          if (tick && tick.t >= earliest && tick.backlog > config.maxBacklog) {
            stoppedEarly = true;
            loads.end(step);
            return;
          }
          await sleep(100);
        }
      })();
      await loads.run(step, rate, config.stepSeconds, config.samplesPerSecond);
      guarding = false;
      await guard;
      const ended = Date.now();
      await Promise.all([server.tickAfter(ended), loads.progressAfter(ended)]);
      const from = started + config.settleSeconds * 1000;
      const seconds = (ended - from) / 1000;
      const ticks = server.ticks.filter((t) => t.t >= from && t.t <= ended);
      const delta = (key: keyof ServerTick) =>
        valueAt(server.ticks, ended, key) - valueAt(server.ticks, from, key);
      const offeredRate = loads.published(from, ended) / seconds;
      const ingestedRate = delta('accepted') / seconds;
      const backlogStart = valueAt(server.ticks, from, 'backlog');
      const backlogEnd = valueAt(server.ticks, ended, 'backlog');
      const rssMb = server.last?.rssMb ?? 0;
      const drainSeconds = await drain(step);
      if (drainSeconds === null) console.error(`[bench] step ${step + 1} did not drain in time`);
      const samples = sampler.results.filter((r) => r.step === step && r.publishedAt >= from);
      const searchable = samples
        .filter((r) => r.searchableAt !== undefined)
        .map((r) => r.searchableAt! - r.publishedAt);
      const stored = samples
        .filter((r) => r.storedAt !== undefined)
        .map((r) => r.storedAt! - r.publishedAt);
      const refreshWait = samples
        .filter((r) => r.storedAt !== undefined && r.searchableAt !== undefined)
        .map((r) => r.searchableAt! - r.storedAt!);
      const result: StepResult = {
        step: step + 1,
        targetRate: rate === 0 ? null : rate,
        offeredRate: Math.round(offeredRate),
        ackedRate: Math.round(loads.published(from, ended, 'acked') / seconds),
        matchedRate: Math.round(delta('matched') / seconds),
        ingestedRate: Math.round(ingestedRate),
        backlogStart: Math.round(backlogStart),
        backlogEnd: Math.round(backlogEnd),
        backlogMax: Math.max(0, ...ticks.map((t) => t.backlog)),
        backlogGrowthPerSecond: Math.round((backlogEnd - backlogStart) / seconds),
        // Ingest keeps pace with the offered load and less than a second of it is queued.
        keepsUp: ingestedRate >= 0.95 * offeredRate && backlogEnd <= Math.max(1000, offeredRate),
        seconds: round((ended - started) / 1000, 1)!,
        stoppedEarly,
        drainSeconds: round(drainSeconds ?? undefined, 1) ?? null,
        drainRate:
          drainSeconds !== null && backlogEnd >= 1000
            ? Math.round(backlogEnd / drainSeconds)
            : null,
        freshness: {
          samples: samples.length,
          lost: samples.length - searchable.length,
          searchableP50Ms: round(percentile(searchable, 50)),
          searchableP99Ms: round(percentile(searchable, 99)),
          searchableMaxMs: round(percentile(searchable, 100)),
          storedP50Ms: round(percentile(stored, 50)),
          storedP99Ms: round(percentile(stored, 99)),
          refreshWaitP50Ms: round(percentile(refreshWait, 50)),
          refreshWaitP99Ms: round(percentile(refreshWait, 99)),
        },
        failed: Math.round(delta('failed')),
        eventLoopUtilisation: round(mean(ticks.map((t) => t.elu)), 2)!,
        rssMb: Math.round(rssMb),
      };
      steps.push(result);
      console.error(`[bench] ${JSON.stringify(result)}`);
    }
    await loads.stop();
    await sampler.stop();
    peakRssMb = await server.stop();
    return { steps, setupMs: server.setupMs, connectMs: loads.connectMs, peakRssMb };
  } finally {
    await sampler.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    tempDirs.delete(dataDir);
  }
}

// ---- report ----

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fmt = (value: number | undefined | null) =>
  value === undefined || value === null ? '–' : Math.round(value).toLocaleString('en-US');

async function main(): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  console.error(`[bench] ${machine}`);
  console.error(`[bench] config ${JSON.stringify(config)}`);
  const loadAtStart = loadavg()[0]!;
  if (loadAtStart > 1) {
    console.error(
      `[bench] warning: load average ${loadAtStart.toFixed(2)}: other processes are busy, ` +
        'so the figures will be low',
    );
  }
  const benchStarted = Date.now();

  const bare = config.phases.includes('bare') ? await barePhase() : undefined;
  if (bare) console.error(`[bench] bare broker: ${Math.round(bare.rate)} msg/s`);
  const pipeline = config.phases.includes('pipeline') ? await pipelinePhase() : undefined;

  const steps = pipeline?.steps ?? [];
  // Sustained: a step the backlog guard cut short ran seconds, not the step, so it does not count.
  const best = steps
    .filter((s) => !s.stoppedEarly)
    .reduce<StepResult | undefined>(
      (a, s) => (a === undefined || s.ingestedRate > a.ingestedRate ? s : a),
      undefined,
    );
  const keptUp = steps.filter((s) => s.keepsUp && s.targetRate !== null);
  const highestKeptUp = keptUp.reduce<number | undefined>(
    (a, s) => Math.max(a ?? 0, s.targetRate!),
    undefined,
  );
  const ratio = bare && best ? best.ingestedRate / bare.rate : undefined;
  const at5000 = steps.find((s) => s.targetRate === 5000);

  console.log('');
  console.log(`Ingest benchmark — ${machine}`);
  console.log(
    `${config.vehicles.toLocaleString('en-US')} vehicles = ${config.vehicles.toLocaleString('en-US')} things (own VIN each) = ${config.vehicles.toLocaleString('en-US')} MQTT connections, QoS 1, window ${config.window}/connection, ${config.loadProcesses} load process(es)`,
  );
  if (bare) {
    console.log('');
    console.log(
      `Bare broker ceiling (device policy, no rules engine), ${config.bareSeconds} s unthrottled: ` +
        `${fmt(bare.rate)} msg/s received (event loop ${Math.round(bare.elu * 100)}% busy, RSS ${fmt(bare.rssMb)} MB)`,
    );
  }
  if (pipeline) {
    console.log('');
    console.log(
      `Pipeline (startLocalStack, ${config.batching ? `batching ${JSON.stringify(config.batching)}` : 'default batching'}), ${config.stepSeconds} s per step, ` +
        `first ${config.settleSeconds} s of each left out; setup ${fmt(pipeline.setupMs / 1000)} s, ` +
        `connect ${fmt(pipeline.connectMs / 1000)} s`,
    );
    console.log('');
    console.log(
      table(
        [
          'step',
          'target/s',
          'ran s',
          'offered/s',
          'into rules/s',
          'ingested/s',
          'backlog end',
          'backlog Δ/s',
          'drain/s',
          'fresh p50 ms',
          'fresh p99 ms',
          'stored p50 ms',
          'stored p99 ms',
          'samples',
          'loop busy',
          'RSS MB',
          'keeps up',
        ],
        steps.map((s) => [
          String(s.step),
          s.targetRate === null ? 'max' : fmt(s.targetRate),
          `${s.seconds.toFixed(1)}${s.stoppedEarly ? '*' : ''}`,
          fmt(s.offeredRate),
          fmt(s.matchedRate),
          fmt(s.ingestedRate),
          fmt(s.backlogEnd),
          fmt(s.backlogGrowthPerSecond),
          fmt(s.drainRate),
          fmt(s.freshness.searchableP50Ms),
          fmt(s.freshness.searchableP99Ms),
          fmt(s.freshness.storedP50Ms),
          fmt(s.freshness.storedP99Ms),
          `${s.freshness.samples - s.freshness.lost}/${s.freshness.samples}`,
          `${Math.round(s.eventLoopUtilisation * 100)}%`,
          fmt(s.rssMb),
          s.keepsUp ? 'yes' : 'NO',
        ]),
      ),
    );
    console.log('');
    if (steps.some((s) => s.stoppedEarly)) {
      console.log(
        `* ended early: backlog over ${fmt(config.maxBacklog)} messages (BENCH_MAX_BACKLOG); ` +
          'not counted as sustained',
      );
    }
    console.log(`Peak RSS of the pipeline process: ${fmt(pipeline.peakRssMb)} MB`);
    console.log(
      `Pipeline max sustained: ${fmt(best?.ingestedRate)} msg/s ingested (step ${best?.step ?? '–'}); ` +
        `highest target rate kept up with: ${fmt(highestKeptUp)} msg/s`,
    );
  }
  const ratioMet = ratio === undefined ? undefined : ratio >= 0.6;
  const p99 = at5000?.freshness.searchableP99Ms;
  const freshnessMet =
    at5000 === undefined
      ? undefined
      : p99 !== undefined && p99 <= 1000 && at5000.freshness.lost === 0;
  if (ratio !== undefined) {
    console.log(
      `Ratio pipeline ÷ bare broker: ${(ratio * 100).toFixed(1)} % (target ≥ 60 %: ${ratioMet ? 'met' : 'MISSED'})`,
    );
  }
  if (at5000) {
    console.log(
      `p99 publish→searchable at 5,000 msg/s: ${fmt(p99)} ms (target ≤ 1,000 ms: ${freshnessMet ? 'met' : 'MISSED'})`,
    );
  }
  console.log(
    `Run time: ${Math.round((Date.now() - benchStarted) / 1000)} s; ` +
      `1-minute load average before the run: ${loadAtStart.toFixed(2)}`,
  );
  console.log('');
  console.log(
    JSON.stringify({
      bench: 'ingest',
      machine,
      loadAverageAtStart: round(loadAtStart, 2),
      config,
      bareBrokerMsgPerSecond: bare ? Math.round(bare.rate) : null,
      bareBrokerAckedMsgPerSecond: bare ? Math.round(bare.acked) : null,
      pipeline: pipeline
        ? {
            setupMs: Math.round(pipeline.setupMs),
            connectMs: pipeline.connectMs,
            peakRssMb: round(pipeline.peakRssMb),
            steps,
          }
        : null,
      maxSustainedMsgPerSecond: best?.ingestedRate ?? null,
      highestRateKeptUp: highestKeptUp ?? null,
      ratio: round(ratio, 3) ?? null,
      targets: {
        ratioAtLeast60Percent: ratioMet ?? null,
        p99FreshnessAt5000WithinOneSecond: freshnessMet ?? null,
      },
    }),
  );
}

// ---- cleanup ----

function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`[bench] ${signal}: stopping`);
    // Let the server exit normally (a profile is written), then remove everything.
    for (const child of children) child.kill('SIGTERM');
    setTimeout(() => {
      killAll();
      process.exit(130);
    }, 5_000).unref();
    Promise.all([...children].map((c) => exited(c, 4_000)))
      .then(() => {
        killAll();
        process.exit(130);
      })
      .catch(() => process.exit(130));
  });
}
process.on('exit', killAll);

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
    killAll();
    process.exit(1);
  },
);
