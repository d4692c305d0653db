import { z } from 'zod';
import { messageEnvelope } from './shared';

/** One trouble code set or cleared (`dt/cvra/{deviceId}/dtc`): the history behind `trouble_codes`. */
export const dtcDocument = z.object({
  ...messageEnvelope,
  dtc: z.object({
    code: z.string(),
    /** Normalised to a boolean; devices may send "true"/"false". */
    changed: z.boolean(),
  }),
});
export type DtcDocument = z.infer<typeof dtcDocument>;
