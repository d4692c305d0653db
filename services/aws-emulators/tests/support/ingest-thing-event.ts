import { z } from 'zod';

/**
 * What Fleet Manager's ingest accepts as a registry thing event: a copy of the checks in
 * `services/ingest/src/registry/thing-event.ts` (`parseThingEvent` is not exported from
 * `@fleet/ingest`) and of the VIN rule it applies to `attributes.vin`. Keep the two in step.
 */
const THING_NAME = /^[A-Za-z0-9:_-]{1,128}$/;
const REGISTRY_TOPIC = /^\$aws\/events\/thing\/([^/]+)\/[^/]+$/;

const ingestThingEvent = z.object({
  eventType: z.literal('THING_EVENT').optional(),
  timestamp: z.int().nonnegative().optional(),
  operation: z.preprocess(
    (value) => (typeof value === 'string' ? value.toUpperCase() : value),
    z.enum(['CREATED', 'UPDATED', 'DELETED']),
  ),
  thingId: z.string().nullish(),
  thingName: z.string().regex(THING_NAME),
  versionNumber: z.int().nonnegative(),
  thingTypeName: z.string().nullish(),
  attributes: z.record(z.string(), z.unknown()).nullish(),
});

const vin = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]*$/);

/** `undefined` when ingest would take the event; otherwise why it would reject it. */
export function ingestRejection(topic: string, payload: unknown): string | undefined {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return 'payload must be a JSON object';
  }
  const parsed = ingestThingEvent.safeParse(payload);
  if (!parsed.success) return parsed.error.message;
  const topicThing = REGISTRY_TOPIC.exec(topic)?.[1];
  if (topicThing !== parsed.data.thingName) return `thingName does not match topic ${topic}`;
  const attributeVin = parsed.data.attributes?.vin;
  if (attributeVin !== undefined && !vin.safeParse(attributeVin).success) {
    return 'attributes.vin is not a VIN';
  }
  return undefined;
}
