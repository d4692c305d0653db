import { z } from 'zod';
import { PARAMETER_TYPES } from './ssm-requests';

/** A parameter as Parameter Store keeps it (and as `ssm.json` persists it). */
export const storedParameter = z.object({
  name: z.string(),
  type: z.enum(PARAMETER_TYPES),
  value: z.string(),
  version: z.number().int().positive(),
  /** Epoch millis. */
  lastModifiedDate: z.number(),
  tier: z.enum(['Standard', 'Advanced']),
  dataType: z.string(),
  description: z.string().optional(),
  allowedPattern: z.string().optional(),
  keyId: z.string().optional(),
});
export type StoredParameter = z.output<typeof storedParameter>;

/** The whole of `ssm.json`. */
export const parameterStoreState = z.object({
  parameters: z.array(storedParameter),
});
export type ParameterStoreState = z.output<typeof parameterStoreState>;
