import { z } from 'zod';
import { deviceMessage } from './envelope';
import { deviceGeolocation } from './fields';

/** The alert keys that may name its kind, in order of preference. */
const EVENT_TYPE_KEYS = ['type', 'eventtype', 'alerttype', 'name'] as const;
/** The alert keys that may hold its position, in order of preference. */
const LOCATION_KEYS = ['geolocation', 'location', 'position'] as const;

/**
 * `dt/cvra/{deviceId}/event`: an alert such as a door status or a tyre pressure. The alert's
 * inner keys vary by kind, so it is kept whole; its kind and position are lifted out when present.
 */
export const eventMessage = deviceMessage({
  alert: z.record(z.string(), z.unknown(), { error: 'must be an object' }),
  geolocation: z.unknown().optional(),
}).transform((message) => {
  const { alert } = message;
  const eventtype = EVENT_TYPE_KEYS.map((key) => alert[key]).find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  // A position is optional here, so an unusable one is left out rather than rejected.
  const geolocation = [...LOCATION_KEYS.map((key) => alert[key]), message.geolocation]
    .map((candidate) => deviceGeolocation.safeParse(candidate))
    .find((parsed) => parsed.success)?.data;
  return { ...message, eventtype: eventtype?.trim(), geolocation };
});
export type EventMessage = z.output<typeof eventMessage>;
