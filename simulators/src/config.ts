import { z } from 'zod';

/** `""` in the environment means unset. */
const optionalText = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().min(1).optional(),
);

const schema = z.object({
  AWS_REGION: optionalText,
  AWS_DEFAULT_REGION: optionalText,
});

export interface SimulatorConfig {
  readonly awsRegion: string | undefined;
}

/** The simulator's environment; the only place it reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SimulatorConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid simulator configuration: ${z.prettifyError(parsed.error)}`);
  }
  return {
    awsRegion: parsed.data.AWS_REGION ?? parsed.data.AWS_DEFAULT_REGION,
  };
}
