import { z } from 'zod';
import { messageEnvelope, position, timestamp } from './shared';

/** A trip summary (`dt/cvra/{deviceId}/trip`) sent when a trip ends; `_id` = tripid. */
export const tripDocument = z.object({
  ...messageEnvelope,
  tripid: z.string(),
  tripsummary: z.object({
    starttime: timestamp.optional(),
    distance: z.number().optional(),
    duration: z.number().optional(),
    fuel: z.number().optional(),
    /** Kept whole for display; its shape is device-defined and no query needs it. */
    speedprofile: z.record(z.string(), z.unknown()).optional(),
    startlocation: position.optional(),
    endlocation: position.optional(),
  }),
});
export type TripDocument = z.infer<typeof tripDocument>;
