/**
 * The IPC messages between the bench orchestrator (`ingest.bench.ts`) and its child processes:
 * the server under test (`server.ts`), the load generators (`load-generator.ts`) and the
 * freshness sampler (`freshness-sampler.ts`). All times are epoch milliseconds (`Date.now()`),
 * comparable across processes because they share the machine's clock.
 */

// ---- server ----

export type ServerMode = 'broker' | 'pipeline';

export interface ServerStart {
  readonly type: 'start';
  readonly mode: ServerMode;
  readonly vehicles: number;
  /** Pipeline mode: a fresh data directory the orchestrator created (and removes). */
  readonly dataDir?: string;
  /** Pipeline mode: the rules engine's batching, when not local mode's default. */
  readonly batching?: {
    readonly maxBatchSize: number;
    readonly maxDelayMs: number;
    readonly maxConcurrentFlushes: number;
  };
}

export interface ServerReady {
  readonly type: 'ready';
  readonly mqttUrl: string;
  readonly searchUrl?: string;
  /** How long booting and provisioning took, ms. */
  readonly setupMs: number;
}

/** Pushed every `intervalMs` by the server. Counters are cumulative. */
export interface ServerTick {
  readonly type: 'tick';
  readonly t: number;
  /** Device messages the broker handed to `publish` listeners (broker mode: the counter). */
  readonly received: number;
  /** The telemetry rule's counters (pipeline mode; zero in broker mode). */
  readonly matched: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly stale: number;
  readonly failed: number;
  /** Matched but not yet settled (queued in the micro-batcher or in a running flush). */
  readonly backlog: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  /** Event-loop utilisation (0–1) since the previous tick. */
  readonly elu: number;
}

export type ServerRequest = ServerStart | { readonly type: 'shutdown' };
export type ServerMessage =
  ServerReady | ServerTick | { readonly type: 'closed'; peakRssMb: number };

// ---- load generator ----

export interface LoadInit {
  readonly type: 'init';
  readonly mqttUrl: string;
  /** This process drives vehicles [from, to): one MQTT connection each. */
  readonly from: number;
  readonly to: number;
  /** QoS 1 messages in flight per connection, at most. */
  readonly window: number;
}

export interface LoadRun {
  readonly type: 'run';
  readonly step: number;
  /** msg/s for this process; 0 means as fast as the windows allow. */
  readonly rate: number;
  readonly durationMs: number;
  /** Freshness samples per second this process reports; 0 for none. */
  readonly samplesPerSecond: number;
}

export type LoadRequest =
  | LoadInit
  | LoadRun
  /** Ends the running step now (the backlog guard tripped). */
  | { readonly type: 'end'; readonly step: number }
  | { readonly type: 'stop' };

export interface LoadProgress {
  readonly type: 'progress';
  readonly t: number;
  /** Cumulative over the process's life. */
  readonly published: number;
  readonly acked: number;
  readonly errors: number;
  readonly inFlight: number;
}

export interface FreshnessSample {
  readonly type: 'sample';
  readonly step: number;
  /** The `cardata` `_id` the message will be stored under. */
  readonly id: string;
  readonly publishedAt: number;
}

export type LoadMessage =
  | { readonly type: 'connected'; readonly connections: number; readonly ms: number }
  | LoadProgress
  | FreshnessSample
  | { readonly type: 'done'; readonly step: number }
  | { readonly type: 'fatal'; readonly error: string };

// ---- freshness sampler ----

export type SamplerRequest =
  | { readonly type: 'init'; readonly searchUrl: string; readonly pollMs: number }
  | FreshnessSample
  | { readonly type: 'stop' };

export interface FreshnessResult {
  readonly type: 'result';
  readonly step: number;
  readonly id: string;
  readonly publishedAt: number;
  /** When a realtime `_mget` first returned it (written to the engine), or undefined if never. */
  readonly storedAt?: number;
  /** When a `_search` first returned it (refreshed: visible to queries), or undefined if never. */
  readonly searchableAt?: number;
}

export type SamplerMessage =
  FreshnessResult | { readonly type: 'stats'; readonly polls: number; readonly pending: number };
