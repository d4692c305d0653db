import { z } from 'zod';
import { geolocation, messageEnvelope } from './shared';

/** An alert (`dt/cvra/{deviceId}/event`), e.g. a door status or a tyre pressure. */
export const eventDocument = z.object({
  ...messageEnvelope,
  /** Taken from the alert, so events can be filtered by kind. */
  eventtype: z.string().optional(),
  /** The alert as sent; its inner keys vary by kind, so it is stored whole and not indexed. */
  alert: z.record(z.string(), z.unknown()),
  /** Present when the alert carries a position. */
  geolocation: geolocation.optional(),
});
export type EventDocument = z.infer<typeof eventDocument>;
