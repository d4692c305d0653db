import type { JobsDataPlaneSender } from './jobs-http-client';

export const OTA_TRANSPORTS = ['mqtt', 'http'] as const;
/** How the agent talks to IoT Jobs: the reserved MQTT topics, or polling the HTTPS data plane. */
export type OtaTransport = (typeof OTA_TRANSPORTS)[number];

/** Where the HTTPS jobs data plane is, when the fleet builds its own client. */
export interface JobsDataPlaneConfig {
  /** e.g. from DescribeEndpoint `iot:Jobs`, or local mode's AWS emulator; default: the SDK's. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Default: the SDK's credential chain. */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

/** Every vehicle's OTA agent; every field has a default. */
export interface OtaOptions {
  /** Default `mqtt`. */
  readonly transport?: OtaTransport;
  /** Nominal download + install time, ms, jittered ±25 % per install. Default 20 s. */
  readonly durationMs?: number;
  /** Chance, 0..1, that an install fails. Default 0. */
  readonly failureRate?: number;
  /** HTTP: how often each vehicle polls for work, ms, jittered ±25 %. Default 60 s. */
  readonly pollIntervalMs?: number;
  /** MQTT: how long a request waits for its reply, ms. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** HTTP: the data plane client to share (then the fleet does not destroy it)... */
  readonly dataPlaneClient?: JobsDataPlaneSender;
  /** ...or where to build one. */
  readonly dataPlane?: JobsDataPlaneConfig;
}

export interface ResolvedOtaOptions {
  readonly transport: OtaTransport;
  readonly durationMs: number;
  readonly failureRate: number;
  readonly pollIntervalMs: number;
  readonly requestTimeoutMs: number;
  /** Long enough for the slowest install and its reports, so only a stalled one times out. */
  readonly stepTimeoutInMinutes: number;
  readonly dataPlaneClient: JobsDataPlaneSender | undefined;
  readonly dataPlane: JobsDataPlaneConfig;
}

/** IoT's largest step timeout: a week. */
const MAX_STEP_TIMEOUT_MINUTES = 10_080;

function atLeast(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`ota.${name} must be at least ${min}, not ${value}`);
  }
  return value;
}

/** Defaults and checks; `undefined` when OTA is switched off (`false`). */
export function resolveOtaOptions(
  options: OtaOptions | false = {},
): ResolvedOtaOptions | undefined {
  if (options === false) return undefined;
  const transport = options.transport ?? 'mqtt';
  if (!OTA_TRANSPORTS.includes(transport)) {
    throw new RangeError(`ota.transport must be mqtt or http, not ${String(transport)}`);
  }
  const failureRate = options.failureRate ?? 0;
  if (!(failureRate >= 0 && failureRate <= 1)) {
    throw new RangeError(`ota.failureRate must be between 0 and 1, not ${failureRate}`);
  }
  const durationMs = atLeast('durationMs', options.durationMs ?? 20_000, 10);
  const slowestMs = durationMs * 1.25;
  return {
    transport,
    durationMs,
    failureRate,
    pollIntervalMs: atLeast('pollIntervalMs', options.pollIntervalMs ?? 60_000, 10),
    requestTimeoutMs: atLeast('requestTimeoutMs', options.requestTimeoutMs ?? 30_000, 10),
    stepTimeoutInMinutes: Math.min(
      MAX_STEP_TIMEOUT_MINUTES,
      Math.max(1, Math.ceil((slowestMs * 3) / 60_000)),
    ),
    dataPlaneClient: options.dataPlaneClient,
    dataPlane: options.dataPlane ?? {},
  };
}
