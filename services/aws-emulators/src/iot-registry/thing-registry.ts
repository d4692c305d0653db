import { randomUUID } from 'node:crypto';
import { AwsServiceError } from '../edge/aws-service-error';
import { epochSeconds } from '../edge/epoch-seconds';
import { alreadyExists, invalidPageToken, invalidRequest, resourceNotFound } from '../iot-errors';
import { compareKeys, nextPageMember, pageAfter, pagePosition } from '../paging/page-token';
import type { Clock, IotPublisher, ThingDirectory } from '../ports';
import { EVENT_TYPES, type EventType, isEventType } from './event-types';
import { type IotResourceKind, type IotScope, iotArn, nameFromArn } from './iot-names';
import {
  type ThingOperation,
  membershipEvent,
  membershipEventTopic,
  thingEvent,
  thingEventTopic,
} from './registry-events';
import type {
  AddThingToThingGroupRequest,
  CreateThingGroupRequest,
  CreateThingRequest,
  CreateThingTypeRequest,
  ListThingsInThingGroupQuery,
  ListThingsQuery,
  UpdateEventConfigurationsRequest,
  UpdateThingRequest,
} from './registry-requests';
import type {
  RegistryState,
  ThingGroupRecord,
  ThingRecord,
  ThingTypeRecord,
} from './registry-state';

export interface ThingRegistryOptions extends IotScope {
  /** Where registry events go (the local broker); called only for enabled event types. */
  readonly publish: IotPublisher;
  readonly clock?: Clock;
  /** Thing, type and group ids; default random UUIDs. */
  readonly newId?: () => string;
  /** Called after every change, e.g. to schedule persisting `snapshot()`. */
  readonly onChange?: () => void;
  readonly log?: (message: string) => void;
  readonly state?: RegistryState;
  /** Whether certificates are attached to a thing: AWS refuses to delete it then. */
  readonly hasPrincipals?: (thingName: string) => boolean;
}

/** A thing as local mode reads it. */
export interface ThingDescription {
  readonly thingName: string;
  readonly thingId: string;
  readonly thingArn: string;
  readonly thingTypeName?: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly version: number;
}

/** A thing without a type may carry three attributes; with one, fifty. */
const UNTYPED_ATTRIBUTE_LIMIT = 3;
const TYPED_ATTRIBUTE_LIMIT = 50;
/** Thing group hierarchies are at most seven levels deep. */
const MAX_GROUP_DEPTH = 7;
const DEFAULT_PAGE_SIZE = 50;

type GroupMetadata = Omit<ThingGroupRecord, 'members'>;

function sameAttributes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * The AWS IoT thing registry: things, thing types, static thing groups and event configurations.
 * Changes publish the registry's own MQTT events when their event type is enabled, as in AWS.
 */
export class IotThingRegistry implements ThingDirectory {
  private readonly things = new Map<string, ThingRecord>();
  private readonly thingTypes = new Map<string, ThingTypeRecord>();
  private readonly groups = new Map<string, GroupMetadata>();
  private readonly members = new Map<string, Set<string>>();
  private readonly enabledEvents: Set<EventType>;
  private readonly eventConfigurationsCreated: number;
  private eventConfigurationsModified: number;
  private readonly clock: Clock;
  private readonly newId: () => string;

  constructor(private readonly options: ThingRegistryOptions) {
    this.clock = options.clock ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    const state = options.state;
    for (const thing of state?.things ?? []) this.things.set(thing.thingName, thing);
    for (const type of state?.thingTypes ?? []) this.thingTypes.set(type.thingTypeName, type);
    for (const { members, ...group } of state?.thingGroups ?? []) {
      this.groups.set(group.thingGroupName, group);
      this.members.set(group.thingGroupName, new Set(members));
    }
    this.enabledEvents = new Set(state?.eventConfigurations.enabled ?? []);
    this.eventConfigurationsCreated = state?.eventConfigurations.creationDate ?? this.clock();
    this.eventConfigurationsModified =
      state?.eventConfigurations.lastModifiedDate ?? this.eventConfigurationsCreated;
  }

  snapshot(): RegistryState {
    return {
      things: [...this.things.values()],
      thingTypes: [...this.thingTypes.values()],
      thingGroups: [...this.groups.values()].map((group) => ({
        ...group,
        members: [...(this.members.get(group.thingGroupName) ?? [])],
      })),
      eventConfigurations: {
        enabled: [...this.enabledEvents],
        creationDate: this.eventConfigurationsCreated,
        lastModifiedDate: this.eventConfigurationsModified,
      },
    };
  }

  // ThingDirectory, and what else local mode reads.

  hasThing(thingName: string): boolean {
    return this.things.has(thingName);
  }

  thingArn(thingName: string): string {
    return this.arn('thing', thingName);
  }

  /** Every thing in the group or its descendants (a job on a group reaches them all). */
  thingsInGroup(groupName: string): readonly string[] | undefined {
    if (!this.groups.has(groupName)) return undefined;
    return this.groupMembers(groupName, true);
  }

  eventEnabled(eventType: string): boolean {
    return isEventType(eventType) && this.enabledEvents.has(eventType);
  }

  get thingCount(): number {
    return this.things.size;
  }

  thingNames(): readonly string[] {
    return [...this.things.keys()];
  }

  describe(thingName: string): ThingDescription | undefined {
    const thing = this.things.get(thingName);
    if (thing === undefined) return undefined;
    return { ...thing, attributes: { ...thing.attributes }, thingArn: this.thingArn(thingName) };
  }

  /** `UpdateEventConfigurations` for one type, for local mode's own set-up. */
  setEventEnabled(eventType: EventType, enabled: boolean): void {
    if (this.enabledEvents.has(eventType) === enabled) return;
    if (enabled) this.enabledEvents.add(eventType);
    else this.enabledEvents.delete(eventType);
    this.eventConfigurationsModified = this.clock();
    this.changed();
  }

  // Things.

  async createThing(thingName: string, request: CreateThingRequest) {
    const thingTypeName = request.thingTypeName;
    this.requireThingType(thingTypeName);
    if (request.billingGroupName !== undefined) {
      throw resourceNotFound(`Billing group ${request.billingGroupName} does not exist`);
    }
    const attributes = { ...(request.attributePayload?.attributes ?? {}) };
    this.checkAttributeCount(attributes, thingTypeName);
    const existing = this.things.get(thingName);
    if (existing !== undefined) {
      // Idempotent for the same configuration, as AWS is.
      if (
        existing.thingTypeName === thingTypeName &&
        sameAttributes(existing.attributes, attributes)
      ) {
        return this.thingIdentity(existing);
      }
      throw alreadyExists(
        `Thing ${thingName} already exists in account with different attributes`,
        { resourceId: existing.thingId, resourceArn: this.thingArn(thingName) },
      );
    }
    const thing: ThingRecord = {
      thingName,
      thingId: this.newId(),
      ...(thingTypeName === undefined ? {} : { thingTypeName }),
      attributes,
      version: 1,
    };
    this.things.set(thingName, thing);
    this.changed();
    await this.publishThingEvent('CREATED', thing);
    return this.thingIdentity(thing);
  }

  describeThing(thingName: string) {
    const thing = this.requireThing(thingName);
    return {
      defaultClientId: thing.thingName,
      thingName: thing.thingName,
      thingId: thing.thingId,
      thingArn: this.thingArn(thing.thingName),
      ...(thing.thingTypeName === undefined ? {} : { thingTypeName: thing.thingTypeName }),
      attributes: thing.attributes,
      version: thing.version,
    };
  }

  /**
   * Attributes are replaced unless `merge` is set; with `merge`, an empty value removes that
   * attribute. Every update moves the version on by one.
   */
  async updateThing(thingName: string, request: UpdateThingRequest) {
    const thing = this.requireThing(thingName);
    this.checkExpectedVersion(thing, request.expectedVersion);
    if (request.removeThingType === true && request.thingTypeName !== undefined) {
      throw invalidRequest('Cannot set thingTypeName and removeThingType in the same request');
    }
    this.requireThingType(request.thingTypeName);
    const thingTypeName =
      request.removeThingType === true ? undefined : (request.thingTypeName ?? thing.thingTypeName);
    const given = request.attributePayload?.attributes;
    let attributes = thing.attributes;
    if (given !== undefined) {
      const next: Record<string, string> =
        request.attributePayload?.merge === true ? { ...thing.attributes } : {};
      for (const [name, value] of Object.entries(given)) {
        if (value === '') delete next[name];
        else next[name] = value;
      }
      attributes = next;
    }
    this.checkAttributeCount(attributes, thingTypeName);
    const { thingTypeName: _previousType, ...rest } = thing;
    const updated: ThingRecord = {
      ...rest,
      ...(thingTypeName === undefined ? {} : { thingTypeName }),
      attributes,
      version: thing.version + 1,
    };
    this.things.set(thingName, updated);
    this.changed();
    await this.publishThingEvent('UPDATED', updated);
    return {};
  }

  /**
   * Deleting a thing that does not exist succeeds, as in AWS; one with certificates attached is
   * refused until they are detached.
   */
  async deleteThing(thingName: string, expectedVersion: number | undefined) {
    const thing = this.things.get(thingName);
    if (thing === undefined) return {};
    this.checkExpectedVersion(thing, expectedVersion);
    if (this.options.hasPrincipals?.(thingName) === true) {
      throw invalidRequest(
        `Cannot delete. Thing ${thingName} is still attached to one or more principals`,
      );
    }
    this.things.delete(thingName);
    for (const members of this.members.values()) members.delete(thingName);
    this.changed();
    await this.publishThingEvent('DELETED', thing);
    return {};
  }

  listThings(query: ListThingsQuery) {
    const { attributeName, attributeValue, thingTypeName } = query;
    if (attributeValue !== undefined && attributeName === undefined) {
      throw invalidRequest('attributeValue can only be used together with attributeName');
    }
    const prefix = query.usePrefixAttributeValue === true;
    const listing = JSON.stringify([
      'ListThings',
      attributeName,
      attributeValue,
      thingTypeName,
      prefix,
    ]);
    const after = pagePosition(query.nextToken, listing, () => invalidPageToken('nextToken'));
    const matches = (thing: ThingRecord) => {
      if (thingTypeName !== undefined && thing.thingTypeName !== thingTypeName) return false;
      if (attributeName === undefined) return true;
      const value = thing.attributes[attributeName];
      if (value === undefined) return false;
      if (attributeValue === undefined) return true;
      return prefix ? value.startsWith(attributeValue) : value === attributeValue;
    };
    const sorted = [...this.things.values()]
      .filter(matches)
      .sort((a, b) => compareKeys(a.thingName, b.thingName));
    const page = pageAfter(
      sorted,
      (t) => t.thingName,
      after,
      query.maxResults ?? DEFAULT_PAGE_SIZE,
    );
    return {
      things: page.items.map((thing) => ({
        thingName: thing.thingName,
        ...(thing.thingTypeName === undefined ? {} : { thingTypeName: thing.thingTypeName }),
        thingArn: this.thingArn(thing.thingName),
        attributes: thing.attributes,
        version: thing.version,
      })),
      ...nextPageMember('nextToken', listing, page.lastKey),
    };
  }

  // Thing types.

  createThingType(thingTypeName: string, request: CreateThingTypeRequest) {
    const existing = this.thingTypes.get(thingTypeName);
    if (existing !== undefined) {
      throw alreadyExists(`Thing type ${thingTypeName} already exists`, {
        resourceId: existing.thingTypeId,
        resourceArn: this.arn('thingtype', thingTypeName),
      });
    }
    const properties = request.thingTypeProperties;
    const type: ThingTypeRecord = {
      thingTypeName,
      thingTypeId: this.newId(),
      ...(properties?.thingTypeDescription === undefined
        ? {}
        : { description: properties.thingTypeDescription }),
      ...(properties?.searchableAttributes === undefined
        ? {}
        : { searchableAttributes: [...properties.searchableAttributes] }),
      creationDate: this.clock(),
    };
    this.thingTypes.set(thingTypeName, type);
    this.changed();
    return {
      thingTypeName,
      thingTypeArn: this.arn('thingtype', thingTypeName),
      thingTypeId: type.thingTypeId,
    };
  }

  describeThingType(thingTypeName: string) {
    const type = this.thingTypes.get(thingTypeName);
    if (type === undefined) throw resourceNotFound(`Thing type ${thingTypeName} does not exist`);
    return {
      thingTypeName,
      thingTypeId: type.thingTypeId,
      thingTypeArn: this.arn('thingtype', thingTypeName),
      thingTypeProperties: {
        ...(type.description === undefined ? {} : { thingTypeDescription: type.description }),
        ...(type.searchableAttributes === undefined
          ? {}
          : { searchableAttributes: type.searchableAttributes }),
      },
      thingTypeMetadata: { deprecated: false, creationDate: epochSeconds(type.creationDate) },
    };
  }

  // Thing groups.

  createThingGroup(thingGroupName: string, request: CreateThingGroupRequest) {
    const parentGroupName = request.parentGroupName;
    if (parentGroupName !== undefined) {
      if (!this.groups.has(parentGroupName)) {
        throw resourceNotFound(`Thing group ${parentGroupName} does not exist`);
      }
      if (this.ancestry(parentGroupName).length + 1 >= MAX_GROUP_DEPTH) {
        throw invalidRequest(
          `A thing group hierarchy can be at most ${MAX_GROUP_DEPTH} levels deep`,
        );
      }
    }
    const description = request.thingGroupProperties?.thingGroupDescription;
    const attributes = { ...(request.thingGroupProperties?.attributePayload?.attributes ?? {}) };
    const existing = this.groups.get(thingGroupName);
    if (existing !== undefined) {
      if (
        existing.parentGroupName === parentGroupName &&
        existing.description === description &&
        sameAttributes(existing.attributes, attributes)
      ) {
        return this.groupIdentity(existing);
      }
      throw alreadyExists(
        `Thing group ${thingGroupName} already exists with different properties`,
        { resourceId: existing.thingGroupId, resourceArn: this.arn('thinggroup', thingGroupName) },
      );
    }
    const group: GroupMetadata = {
      thingGroupName,
      thingGroupId: this.newId(),
      ...(description === undefined ? {} : { description }),
      attributes,
      ...(parentGroupName === undefined ? {} : { parentGroupName }),
      creationDate: this.clock(),
      version: 1,
    };
    this.groups.set(thingGroupName, group);
    this.members.set(thingGroupName, new Set());
    this.changed();
    return this.groupIdentity(group);
  }

  describeThingGroup(thingGroupName: string) {
    const group = this.requireGroup(thingGroupName);
    const ancestors = this.ancestry(thingGroupName).slice(1).reverse();
    return {
      thingGroupName,
      thingGroupId: group.thingGroupId,
      thingGroupArn: this.arn('thinggroup', thingGroupName),
      version: group.version,
      thingGroupProperties: {
        ...(group.description === undefined ? {} : { thingGroupDescription: group.description }),
        attributePayload: { attributes: group.attributes },
      },
      thingGroupMetadata: {
        ...(group.parentGroupName === undefined ? {} : { parentGroupName: group.parentGroupName }),
        ...(ancestors.length === 0
          ? {}
          : {
              rootToParentThingGroups: ancestors.map((name) => ({
                groupName: name,
                groupArn: this.arn('thinggroup', name),
              })),
            }),
        creationDate: epochSeconds(group.creationDate),
      },
    };
  }

  async addThingToThingGroup(request: AddThingToThingGroupRequest) {
    const groupName = this.resolveName('thinggroup', request.thingGroupName, request.thingGroupArn);
    const thingName = this.resolveName('thing', request.thingName, request.thingArn);
    const group = this.requireGroup(groupName);
    const thing = this.requireThing(thingName);
    const members = this.members.get(groupName) ?? new Set<string>();
    if (members.has(thingName)) return {};
    members.add(thingName);
    this.members.set(groupName, members);
    this.changed();
    if (this.enabledEvents.has('THING_GROUP_MEMBERSHIP')) {
      await this.publish(
        membershipEventTopic(groupName, thingName, 'ADDED'),
        membershipEvent(this.eventContext(), 'ADDED', {
          groupArn: this.arn('thinggroup', groupName),
          groupId: group.thingGroupId,
          thingArn: this.thingArn(thingName),
          thingId: thing.thingId,
          membershipId: this.newId(),
        }),
      );
    }
    return {};
  }

  listThingsInThingGroup(thingGroupName: string, query: ListThingsInThingGroupQuery) {
    this.requireGroup(thingGroupName);
    const recursive = query.recursive === true;
    const listing = JSON.stringify(['ListThingsInThingGroup', thingGroupName, recursive]);
    const after = pagePosition(query.nextToken, listing, () => invalidPageToken('nextToken'));
    const names = this.groupMembers(thingGroupName, recursive);
    const page = pageAfter(names, (name) => name, after, query.maxResults ?? DEFAULT_PAGE_SIZE);
    return { things: page.items, ...nextPageMember('nextToken', listing, page.lastKey) };
  }

  // Event configurations.

  updateEventConfigurations(request: UpdateEventConfigurationsRequest) {
    const entries = Object.entries(request.eventConfigurations ?? {});
    const unknown = entries.map(([type]) => type).filter((type) => !isEventType(type));
    if (unknown.length > 0) {
      throw invalidRequest(
        `Unknown event type ${unknown.join(', ')}; event types are ${EVENT_TYPES.join(', ')}`,
      );
    }
    for (const [type, configuration] of entries) {
      if (configuration.Enabled === true) this.enabledEvents.add(type as EventType);
      else this.enabledEvents.delete(type as EventType);
    }
    this.eventConfigurationsModified = this.clock();
    this.changed();
    return {};
  }

  describeEventConfigurations() {
    return {
      eventConfigurations: Object.fromEntries(
        EVENT_TYPES.map((type) => [type, { Enabled: this.enabledEvents.has(type) }]),
      ),
      creationDate: epochSeconds(this.eventConfigurationsCreated),
      lastModifiedDate: epochSeconds(this.eventConfigurationsModified),
    };
  }

  // Helpers.

  private arn(kind: IotResourceKind, name: string): string {
    return iotArn(this.options, kind, name);
  }

  private changed(): void {
    this.options.onChange?.();
  }

  private thingIdentity(thing: ThingRecord) {
    return {
      thingName: thing.thingName,
      thingArn: this.thingArn(thing.thingName),
      thingId: thing.thingId,
    };
  }

  private groupIdentity(group: GroupMetadata) {
    return {
      thingGroupName: group.thingGroupName,
      thingGroupArn: this.arn('thinggroup', group.thingGroupName),
      thingGroupId: group.thingGroupId,
    };
  }

  private requireThing(thingName: string): ThingRecord {
    const thing = this.things.get(thingName);
    if (thing === undefined) throw resourceNotFound(`Thing ${thingName} cannot be found.`);
    return thing;
  }

  private requireGroup(thingGroupName: string): GroupMetadata {
    const group = this.groups.get(thingGroupName);
    if (group === undefined) throw resourceNotFound(`Thing group ${thingGroupName} does not exist`);
    return group;
  }

  private requireThingType(thingTypeName: string | undefined): void {
    if (thingTypeName !== undefined && !this.thingTypes.has(thingTypeName)) {
      throw resourceNotFound(`Thing type ${thingTypeName} does not exist`);
    }
  }

  private checkAttributeCount(attributes: Record<string, string>, thingTypeName?: string): void {
    const limit = thingTypeName === undefined ? UNTYPED_ATTRIBUTE_LIMIT : TYPED_ATTRIBUTE_LIMIT;
    const count = Object.keys(attributes).length;
    if (count > limit) {
      throw invalidRequest(
        thingTypeName === undefined
          ? `A thing without a thing type can have at most ${limit} attributes, not ${count}`
          : `A thing can have at most ${limit} attributes, not ${count}`,
      );
    }
  }

  private checkExpectedVersion(thing: ThingRecord, expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && expectedVersion !== thing.version) {
      throw new AwsServiceError(
        'VersionConflictException',
        `The version for thing ${thing.thingName} does not match the expected version.`,
        409,
      );
    }
  }

  /** A name given directly or inside one of our ARNs; both must agree when both are given. */
  private resolveName(kind: 'thing' | 'thinggroup', name?: string, arn?: string): string {
    const what = kind === 'thing' ? 'thing' : 'thing group';
    const field = kind === 'thing' ? 'thing' : 'thingGroup';
    let fromArn: string | undefined;
    if (arn !== undefined) {
      fromArn = nameFromArn(this.options, kind, arn);
      if (fromArn === undefined)
        throw invalidRequest(`${arn} is not a ${what} ARN of this account`);
    }
    if (name !== undefined && fromArn !== undefined && name !== fromArn) {
      throw invalidRequest(`${field}Name ${name} and ${field}Arn ${arn} name different ${what}s`);
    }
    const resolved = name ?? fromArn;
    if (resolved === undefined) throw invalidRequest(`Specify ${field}Name or ${field}Arn`);
    return resolved;
  }

  /** The group and its ancestors, the group first. */
  private ancestry(thingGroupName: string): string[] {
    const chain: string[] = [];
    for (let name: string | undefined = thingGroupName; name !== undefined;) {
      chain.push(name);
      name = this.groups.get(name)?.parentGroupName;
    }
    return chain;
  }

  /** Members, sorted; with `recursive`, also those of every descendant group. */
  private groupMembers(thingGroupName: string, recursive: boolean): string[] {
    const names = new Set(this.members.get(thingGroupName) ?? []);
    if (recursive) {
      for (const group of this.groups.values()) {
        if (
          group.thingGroupName !== thingGroupName &&
          this.ancestry(group.thingGroupName).includes(thingGroupName)
        ) {
          for (const name of this.members.get(group.thingGroupName) ?? []) names.add(name);
        }
      }
    }
    return [...names].sort(compareKeys);
  }

  private eventContext() {
    return { eventId: randomUUID(), timestamp: this.clock(), accountId: this.options.accountId };
  }

  private async publishThingEvent(operation: ThingOperation, thing: ThingRecord): Promise<void> {
    if (!this.enabledEvents.has('THING')) return;
    await this.publish(
      thingEventTopic(thing.thingName, operation),
      thingEvent(this.eventContext(), operation, thing),
    );
  }

  /**
   * Issued in the order of the changes; awaited so a caller sees its event published when the
   * call returns. A failing broker is logged, never turned into a failed registry call.
   */
  private async publish(topic: string, payload: unknown): Promise<void> {
    try {
      await this.options.publish(topic, payload);
    } catch (err) {
      this.options.log?.(`registry event on ${topic} not published: ${String(err)}`);
    }
  }
}
