import { z } from 'zod';
import { deviceMessage } from './envelope';
import { flag } from './fields';

/**
 * `dt/cvra/{deviceId}/dtc`: a diagnostic trouble code set (`Changed: true`) or cleared
 * (`Changed: false`). Codes are stored upper-case (`P0301`).
 */
export const dtcMessage = deviceMessage({
  dtc: z.object({
    code: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(16, 'must be at most 16 characters')
      .regex(/^[A-Za-z0-9-]*$/, 'must be letters, digits or "-"')
      .transform((code) => code.toUpperCase()),
    changed: flag,
  }),
});
export type DtcMessage = z.output<typeof dtcMessage>;
