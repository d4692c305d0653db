import {
  CreateThingCommand,
  CreateThingTypeCommand,
  ResourceAlreadyExistsException,
  UpdateThingCommand,
} from '@aws-sdk/client-iot';
import { iotRegistryProvisioner, type IotRegistryClient } from '../../src/iot-registry-provisioner';
import {
  stableThingId,
  thingCreatedEvent,
  thingCreatedTopic,
  thingUpdatedEvent,
  thingUpdatedTopic,
} from '../../src/registry-event-provisioner';
import { thingRegistration, type ThingRegistration } from '../../src/thing-provisioner';
import { planFleet } from '../../src/vehicle-profile';

const things: ThingRegistration[] = planFleet(1, 25).map((p) => thingRegistration(p.identity));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('registry events', () => {
  it("are AWS IoT's thing-created event, with the thing's attributes", () => {
    const thing = things[0]!;
    const event = thingCreatedEvent(thing, 1_767_600_000_000);
    expect(event).toEqual({
      eventType: 'THING_EVENT',
      eventId: expect.stringMatching(UUID),
      timestamp: 1_767_600_000_000,
      operation: 'CREATED',
      accountId: '000000000000',
      thingId: stableThingId(thing.thingName),
      thingName: thing.thingName,
      versionNumber: 1,
      thingTypeName: null,
      attributes: { ...thing.attributes },
    });
    expect(JSON.parse(JSON.stringify(event))).toHaveProperty('thingTypeName', null);
    expect(thingCreatedTopic('sim-1-00000')).toBe('$aws/events/thing/sim-1-00000/created');
  });

  it("are the registry's thing-updated event once an update changed the software version", () => {
    const thing = things[0]!;
    const attributes = { ...thing.attributes, softwareVersion: '2.4.0' };
    expect(thingUpdatedEvent(thing.thingName, attributes, 7, 1_767_600_000_000)).toEqual({
      eventType: 'THING_EVENT',
      eventId: expect.stringMatching(UUID) as string,
      timestamp: 1_767_600_000_000,
      operation: 'UPDATED',
      accountId: '000000000000',
      thingId: stableThingId(thing.thingName),
      thingName: thing.thingName,
      versionNumber: 7,
      thingTypeName: null,
      attributes,
    });
    expect(thingUpdatedTopic('sim-1-00000')).toBe('$aws/events/thing/sim-1-00000/updated');
  });

  it('keep one thing id per thing and a new event id per event', () => {
    const [a, b] = [thingCreatedEvent(things[0]!, 1), thingCreatedEvent(things[0]!, 2)];
    expect(a.thingId).toBe(b.thingId);
    expect(a.eventId).not.toBe(b.eventId);
    expect(stableThingId('sim-1-00000')).toMatch(UUID);
    expect(stableThingId('sim-1-00001')).not.toBe(stableThingId('sim-1-00000'));
  });
});

/** A stand-in for IoTClient that records calls and lets the test script its answers. */
function fakeRegistry(existing: ReadonlySet<string>, failFor?: string) {
  const calls: (CreateThingTypeCommand | CreateThingCommand | UpdateThingCommand)[] = [];
  let inFlight = 0;
  let peak = 0;
  const client: IotRegistryClient = {
    async send(command) {
      calls.push(command);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      const name = 'thingName' in command.input ? command.input.thingName : undefined;
      if (command instanceof CreateThingTypeCommand) {
        throw new ResourceAlreadyExistsException({ message: 'exists', $metadata: {} });
      }
      if (name === failFor) throw Object.assign(new Error('throttled'), { name: 'Throttling' });
      if (command instanceof CreateThingCommand && name && existing.has(name)) {
        throw new ResourceAlreadyExistsException({ message: 'exists', $metadata: {} });
      }
      return {};
    },
  };
  return { client, calls, peak: () => peak };
}

describe('iotRegistryProvisioner', () => {
  it('creates each thing with its type and attributes, at most 10 at a time', async () => {
    const registry = fakeRegistry(new Set());
    await iotRegistryProvisioner({ client: registry.client }).provision(things);
    const [typeCall, ...thingCalls] = registry.calls;
    expect(typeCall).toBeInstanceOf(CreateThingTypeCommand);
    expect((typeCall as CreateThingTypeCommand).input.thingTypeName).toBe('fleet-vehicle');
    expect(thingCalls).toHaveLength(things.length);
    for (const [i, call] of thingCalls.entries()) {
      expect(call).toBeInstanceOf(CreateThingCommand);
      expect(call.input).toEqual({
        thingName: things[i]!.thingName,
        thingTypeName: 'fleet-vehicle',
        attributePayload: { attributes: things[i]!.attributes },
      });
    }
    expect(registry.peak()).toBe(10);
  });

  it('updates the attributes of things that already exist', async () => {
    const existing = things[3]!;
    const registry = fakeRegistry(new Set([existing.thingName]));
    await iotRegistryProvisioner({ client: registry.client, concurrency: 3 }).provision(things);
    const updates = registry.calls.filter((call) => call instanceof UpdateThingCommand);
    expect(updates.map((call) => call.input)).toEqual([
      {
        thingName: existing.thingName,
        thingTypeName: 'fleet-vehicle',
        attributePayload: { attributes: existing.attributes, merge: true },
      },
    ]);
    expect(registry.peak()).toBeLessThanOrEqual(3);
  });

  it('merges a software version reported after an update into the attributes', async () => {
    const registry = fakeRegistry(new Set());
    const provisioner = iotRegistryProvisioner({ client: registry.client });
    await provisioner.reportSoftwareVersion('sim-1-00003', '2.4.0');
    expect(registry.calls).toHaveLength(1);
    expect(registry.calls[0]).toBeInstanceOf(UpdateThingCommand);
    expect(registry.calls[0]!.input).toEqual({
      thingName: 'sim-1-00003',
      attributePayload: { attributes: { softwareVersion: '2.4.0' }, merge: true },
    });
    await provisioner.close?.();
  });

  it('fails on any other registry error', async () => {
    const registry = fakeRegistry(new Set(), things[5]!.thingName);
    await expect(
      iotRegistryProvisioner({ client: registry.client }).provision(things),
    ).rejects.toThrow('throttled');
  });
});
