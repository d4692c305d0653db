import { GetParameterCommand, ParameterNotFound, type SSMClient } from '@aws-sdk/client-ssm';
import {
  ANOMALY_THRESHOLDS_PARAMETER,
  type AnomalyThresholds,
  DEFAULT_ANOMALY_THRESHOLDS,
  anomalyThresholds,
} from '@fleet/fleet-config';

export type AnomalyThresholdSource = () => Promise<AnomalyThresholds>;

export interface AnomalyThresholdSourceOptions {
  readonly ssm: SSMClient;
  /** The config path, e.g. `/fleet/config`; the thresholds are `{path}/anomalyThresholds`. */
  readonly configPath: string;
  /** How long a value read from SSM is reused; a short TTL keeps config changes prompt. */
  readonly ttlMs: number;
  readonly now?: () => number;
  readonly onError?: (message: string, error: unknown) => void;
}

/**
 * Anomaly thresholds from SSM Parameter Store (a JSON object; any field left out keeps its
 * default), read at most once per TTL. A missing parameter means defaults; an unreadable one keeps
 * the last good value, so an SSM hiccup never stops ingest.
 */
export function createAnomalyThresholdSource(
  options: AnomalyThresholdSourceOptions,
): AnomalyThresholdSource {
  const now = options.now ?? Date.now;
  const name = `${options.configPath.replace(/\/+$/, '')}/${ANOMALY_THRESHOLDS_PARAMETER}`;
  let cached: { value: AnomalyThresholds; expiresAt: number } | undefined;
  let inFlight: Promise<AnomalyThresholds> | undefined;

  async function read(): Promise<AnomalyThresholds> {
    try {
      const { Parameter } = await options.ssm.send(new GetParameterCommand({ Name: name }));
      const parsed = anomalyThresholds.safeParse(JSON.parse(Parameter?.Value ?? '{}'));
      if (parsed.success) return parsed.data;
      options.onError?.(
        `${name} is not valid anomaly thresholds; using the previous value`,
        parsed.error,
      );
    } catch (err) {
      if (
        err instanceof ParameterNotFound ||
        (err as { name?: string }).name === 'ParameterNotFound'
      ) {
        return DEFAULT_ANOMALY_THRESHOLDS;
      }
      options.onError?.(`reading ${name} failed; using the previous value`, err);
    }
    return cached?.value ?? DEFAULT_ANOMALY_THRESHOLDS;
  }

  return async () => {
    if (cached && now() < cached.expiresAt) return cached.value;
    inFlight ??= read().then((value) => {
      cached = { value, expiresAt: now() + options.ttlMs };
      inFlight = undefined;
      return value;
    });
    return inFlight;
  };
}
