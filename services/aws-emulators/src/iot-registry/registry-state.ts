import { z } from 'zod';
import { EVENT_TYPES } from './event-types';

/** The registry as it is kept in memory and persisted in `iot-registry.json`. */

const attributes = z.record(z.string(), z.string());

export const thingRecord = z.object({
  thingName: z.string(),
  thingId: z.string(),
  thingTypeName: z.string().optional(),
  attributes,
  version: z.number().int().positive(),
});
export type ThingRecord = z.output<typeof thingRecord>;

export const thingTypeRecord = z.object({
  thingTypeName: z.string(),
  thingTypeId: z.string(),
  description: z.string().optional(),
  searchableAttributes: z.array(z.string()).optional(),
  /** Epoch millis. */
  creationDate: z.number(),
});
export type ThingTypeRecord = z.output<typeof thingTypeRecord>;

export const thingGroupRecord = z.object({
  thingGroupName: z.string(),
  thingGroupId: z.string(),
  description: z.string().optional(),
  attributes,
  parentGroupName: z.string().optional(),
  /** Epoch millis. */
  creationDate: z.number(),
  version: z.number().int().positive(),
  /** Thing names, directly in this group. */
  members: z.array(z.string()),
});
export type ThingGroupRecord = z.output<typeof thingGroupRecord>;

export const eventConfigurationsRecord = z.object({
  enabled: z.array(z.enum(EVENT_TYPES)),
  /** Epoch millis. */
  creationDate: z.number(),
  lastModifiedDate: z.number(),
});

export const registryState = z.object({
  things: z.array(thingRecord),
  thingTypes: z.array(thingTypeRecord),
  thingGroups: z.array(thingGroupRecord),
  eventConfigurations: eventConfigurationsRecord,
});
export type RegistryState = z.output<typeof registryState>;
