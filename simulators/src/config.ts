import { z } from 'zod';

/** `""` in the environment means unset. */
const optionalText = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().min(1).optional(),
);

const schema = z.object({
  /** The broker's privileged identity, used to publish registry events in local mode. */
  FLEET_MQTT_INTERNAL_USERNAME: optionalText,
  FLEET_MQTT_INTERNAL_PASSWORD: optionalText,
  AWS_REGION: optionalText,
  AWS_DEFAULT_REGION: optionalText,
});

export interface SimulatorConfig {
  readonly internalUsername: string | undefined;
  readonly internalPassword: string | undefined;
  readonly awsRegion: string | undefined;
}

/** The simulator's environment; the only place it reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SimulatorConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid simulator configuration: ${z.prettifyError(parsed.error)}`);
  }
  return {
    internalUsername: parsed.data.FLEET_MQTT_INTERNAL_USERNAME,
    internalPassword: parsed.data.FLEET_MQTT_INTERNAL_PASSWORD,
    awsRegion: parsed.data.AWS_REGION ?? parsed.data.AWS_DEFAULT_REGION,
  };
}
