import type { ThingRecord } from './registry-state';

/** The registry's MQTT events, in the payload shapes AWS IoT publishes. */

export type ThingOperation = 'CREATED' | 'UPDATED' | 'DELETED';

export interface EventContext {
  readonly eventId: string;
  /** Epoch millis. */
  readonly timestamp: number;
  readonly accountId: string;
}

export function thingEventTopic(thingName: string, operation: ThingOperation): string {
  return `$aws/events/thing/${thingName}/${operation.toLowerCase()}`;
}

export function thingEvent(context: EventContext, operation: ThingOperation, thing: ThingRecord) {
  return {
    eventType: 'THING_EVENT',
    eventId: context.eventId,
    timestamp: context.timestamp,
    operation,
    accountId: context.accountId,
    thingId: thing.thingId,
    thingName: thing.thingName,
    versionNumber: thing.version,
    thingTypeName: thing.thingTypeName ?? null,
    attributes: { ...thing.attributes },
  };
}

export function membershipEventTopic(
  thingGroupName: string,
  thingName: string,
  operation: 'ADDED' | 'REMOVED',
): string {
  return `$aws/events/thingGroupMembership/thingGroup/${thingGroupName}/thing/${thingName}/${operation.toLowerCase()}`;
}

export function membershipEvent(
  context: EventContext,
  operation: 'ADDED' | 'REMOVED',
  membership: {
    readonly groupArn: string;
    readonly groupId: string;
    readonly thingArn: string;
    readonly thingId: string;
    readonly membershipId: string;
  },
) {
  return {
    eventType: 'THING_GROUP_MEMBERSHIP_EVENT',
    eventId: context.eventId,
    timestamp: context.timestamp,
    operation,
    accountId: context.accountId,
    ...membership,
  };
}
