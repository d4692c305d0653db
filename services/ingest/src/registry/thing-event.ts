import { THING_NAME, describeIssues } from '@fleet/device-contract';
import { z } from 'zod';
import type { IngestRecord } from '../ingest-record';
import { type ThingStaticData, readThingAttributes } from './thing-attributes';

export const THING_OPERATIONS = ['CREATED', 'UPDATED', 'DELETED'] as const;
export type ThingOperation = (typeof THING_OPERATIONS)[number];

/** `$aws/events/thing/{thingName}/{created|updated|deleted}` */
const REGISTRY_TOPIC = /^\$aws\/events\/thing\/([^/]+)\/[^/]+$/;

const requiredFieldError: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

/** "is required" when absent, otherwise what was expected. */
const expected = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : what),
});

/**
 * An AWS IoT registry thing event, as the `fleet_thing_registry` rule (`SELECT *`) passes it on.
 * Only what the handler uses is checked; other keys (`eventId`, `accountId`, …) are ignored.
 */
const thingEventSchema = z.object({
  eventType: z.literal('THING_EVENT', { error: 'must be THING_EVENT' }).optional(),
  /** Epoch millis. */
  timestamp: z.int(expected('must be epoch millis')).nonnegative('must be epoch millis').optional(),
  operation: z.preprocess(
    (value) => (typeof value === 'string' ? value.toUpperCase() : value),
    z.enum(THING_OPERATIONS, expected('must be CREATED, UPDATED or DELETED')),
  ),
  thingId: z.string({ error: 'must be a string' }).nullish(),
  thingName: z
    .string()
    .regex(THING_NAME, 'must be 1-128 letters, digits, ":", "_" or "-" (an IoT thing name)'),
  /** The registry's version of the thing: 1 when created, one more on each update. */
  versionNumber: z
    .int(expected('must be a non-negative integer'))
    .nonnegative('must be a non-negative integer'),
  thingTypeName: z.string({ error: 'must be a string' }).nullish(),
  attributes: z.record(z.string(), z.unknown(), expected('must be an object')).nullish(),
});

export interface ThingEvent {
  readonly record: IngestRecord;
  readonly operation: ThingOperation;
  readonly thingName: string;
  readonly thingId?: string;
  readonly thingTypeName?: string;
  readonly versionNumber: number;
  readonly timestamp?: number;
  /** Every attribute, as the registry holds it. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** What the attributes say about the vehicle, VIN upper-cased. */
  readonly staticData: ThingStaticData;
}

export type ParsedThingEvent =
  | { readonly success: true; readonly event: ThingEvent }
  | { readonly success: false; readonly reason: string };

/** Validates one registry record; the reason names each bad field. */
export function parseThingEvent(record: IngestRecord): ParsedThingEvent {
  const { payload } = record;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return { success: false, reason: 'registry event payload must be a JSON object' };
  }
  const parsed = thingEventSchema.safeParse(payload, { error: requiredFieldError });
  if (!parsed.success) {
    return { success: false, reason: `invalid registry event: ${describeIssues(parsed.error)}` };
  }
  const data = parsed.data;
  const topicThing =
    record.topic === undefined ? undefined : REGISTRY_TOPIC.exec(record.topic)?.[1];
  if (topicThing !== undefined && topicThing !== data.thingName) {
    return {
      success: false,
      reason: `invalid registry event: thingName ${data.thingName} does not match topic ${record.topic}`,
    };
  }
  const attributes = data.attributes ?? {};
  const { data: staticData, issues } = readThingAttributes(attributes);
  if (issues.length > 0) {
    return { success: false, reason: `invalid registry event: ${issues.join('; ')}` };
  }
  return {
    success: true,
    event: {
      record,
      operation: data.operation,
      thingName: data.thingName,
      thingId: data.thingId ?? undefined,
      thingTypeName: data.thingTypeName ?? undefined,
      versionNumber: data.versionNumber,
      timestamp: data.timestamp,
      attributes,
      staticData,
    },
  };
}

/** At one version, a deletion comes after the create or update it deletes. */
const operationRank = (operation: ThingOperation) => (operation === 'DELETED' ? 1 : 0);

/** Orders a thing's events as the registry made them: by version, a deletion last. */
export function compareThingEvents(
  a: Pick<ThingEvent, 'versionNumber' | 'operation'>,
  b: Pick<ThingEvent, 'versionNumber' | 'operation'>,
): number {
  return (
    a.versionNumber - b.versionNumber || operationRank(a.operation) - operationRank(b.operation)
  );
}
