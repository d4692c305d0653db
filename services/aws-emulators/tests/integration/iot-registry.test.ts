import {
  AddThingToThingGroupCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  CreateThingTypeCommand,
  DeleteThingCommand,
  DescribeEventConfigurationsCommand,
  DescribeThingCommand,
  DescribeThingGroupCommand,
  DescribeThingTypeCommand,
  IoTClient,
  ListThingsCommand,
  type ListThingsCommandInput,
  ListThingsInThingGroupCommand,
  UpdateEventConfigurationsCommand,
  UpdateThingCommand,
} from '@aws-sdk/client-iot';
import { type LocalAws, startLocalAws } from '../../src/start-local-aws';
import { ManualClock, clientConfig, expectAwsError, tempDir } from '../support/aws-test-kit';
import { ingestRejection } from '../support/ingest-thing-event';

interface Published {
  readonly topic: string;
  readonly payload: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARN = (kind: string, name: string) => `arn:aws:iot:us-east-1:000000000000:${kind}/${name}`;

const clock = new ManualClock();
const published: Published[] = [];
const data = tempDir('iot-registry');
let aws: LocalAws;
let iot: IoTClient;

beforeAll(async () => {
  aws = await startLocalAws({
    host: '127.0.0.1',
    port: 0,
    dataDir: data.dir,
    clock: clock.read,
    publish: (topic, payload) => {
      published.push({ topic, payload: payload as Record<string, unknown> });
    },
  });
  iot = new IoTClient(clientConfig(aws.url));
});

afterAll(async () => {
  iot.destroy();
  await aws.close();
  data.remove();
});

const createThing = (
  thingName: string,
  attributes?: Record<string, string>,
  thingTypeName?: string,
) =>
  iot.send(
    new CreateThingCommand({
      thingName,
      thingTypeName,
      ...(attributes === undefined ? {} : { attributePayload: { attributes } }),
    }),
  );
const describeThing = (thingName: string) => iot.send(new DescribeThingCommand({ thingName }));
const eventsFor = (thingName: string) =>
  published.filter((event) => event.topic.startsWith(`$aws/events/thing/${thingName}/`));

describe('event configurations', () => {
  it('start with every event type off, as in a new AWS account', async () => {
    const result = await iot.send(new DescribeEventConfigurationsCommand({}));
    expect(Object.keys(result.eventConfigurations ?? {}).sort()).toEqual([
      'CA_CERTIFICATE',
      'CERTIFICATE',
      'JOB',
      'JOB_EXECUTION',
      'POLICY',
      'THING',
      'THING_GROUP',
      'THING_GROUP_HIERARCHY',
      'THING_GROUP_MEMBERSHIP',
      'THING_TYPE',
      'THING_TYPE_ASSOCIATION',
    ]);
    expect(Object.values(result.eventConfigurations ?? {}).every((c) => c.Enabled === false)).toBe(
      true,
    );
    expect(result.creationDate).toEqual(new Date(clock.now));
    expect(aws.registry.eventEnabled('THING')).toBe(false);
  });

  it('publish no registry events while THING is off', async () => {
    await createThing('quiet-1', { vin: 'QUIET1' });
    await iot.send(
      new UpdateThingCommand({
        thingName: 'quiet-1',
        attributePayload: { attributes: { vin: 'QUIET2' } },
      }),
    );
    await iot.send(new DeleteThingCommand({ thingName: 'quiet-1' }));
    expect(published).toEqual([]);
  });

  it('switch event types on and off with UpdateEventConfigurations', async () => {
    clock.advance(1_000);
    await iot.send(
      new UpdateEventConfigurationsCommand({
        eventConfigurations: {
          THING: { Enabled: true },
          THING_GROUP_MEMBERSHIP: { Enabled: true },
          JOB: { Enabled: false },
        },
      }),
    );
    const result = await iot.send(new DescribeEventConfigurationsCommand({}));
    expect(result.eventConfigurations?.THING).toEqual({ Enabled: true });
    expect(result.eventConfigurations?.THING_GROUP_MEMBERSHIP).toEqual({ Enabled: true });
    expect(result.eventConfigurations?.JOB).toEqual({ Enabled: false });
    expect(result.lastModifiedDate).toEqual(new Date(clock.now));
    expect(aws.registry.eventEnabled('THING')).toBe(true);
    expect(aws.registry.eventEnabled('NOT_A_TYPE')).toBe(false);
  });

  it('refuse an unknown event type', async () => {
    const error = await expectAwsError(
      iot.send(
        new UpdateEventConfigurationsCommand({
          // An event type the SDK's types do not know, as a hand-written caller might send.
          eventConfigurations: { THINGS: { Enabled: true } } as Record<
            string,
            { Enabled: boolean }
          >,
        }),
      ),
      'InvalidRequestException',
    );
    expect(error.message).toMatch(/Unknown event type THINGS/);
  });
});

describe('CreateThing and DescribeThing', () => {
  it('creates a thing with a UUID id and an ARN of the configured account', async () => {
    const created = await createThing('car-create', { vin: 'VINCREATE1' });
    expect(created.thingName).toBe('car-create');
    expect(created.thingArn).toBe(ARN('thing', 'car-create'));
    expect(created.thingId).toMatch(UUID);
    const described = await describeThing('car-create');
    expect(described).toMatchObject({
      thingName: 'car-create',
      thingId: created.thingId,
      thingArn: created.thingArn,
      defaultClientId: 'car-create',
      attributes: { vin: 'VINCREATE1' },
      version: 1,
    });
    expect(described.thingTypeName).toBeUndefined();
    expect(aws.registry.hasThing('car-create')).toBe(true);
    expect(aws.registry.thingArn('car-create')).toBe(created.thingArn);
  });

  it('publishes the created event in the registry shape ingest accepts', async () => {
    clock.advance(5);
    const created = await createThing('car-event', { vin: 'VINEVENT1', make: 'Volvo' });
    const [event] = eventsFor('car-event');
    expect(event).toEqual({
      topic: '$aws/events/thing/car-event/created',
      payload: {
        eventType: 'THING_EVENT',
        eventId: expect.stringMatching(UUID),
        timestamp: clock.now,
        operation: 'CREATED',
        accountId: '000000000000',
        thingId: created.thingId,
        thingName: 'car-event',
        versionNumber: 1,
        thingTypeName: null,
        attributes: { vin: 'VINEVENT1', make: 'Volvo' },
      },
    });
    expect(ingestRejection(event!.topic, event!.payload)).toBeUndefined();
  });

  it('is idempotent for the same configuration: same id, no second event', async () => {
    const first = await createThing('car-twice', { vin: 'VINTWICE1' });
    const again = await createThing('car-twice', { vin: 'VINTWICE1' });
    expect(again).toMatchObject({ thingId: first.thingId, thingArn: first.thingArn });
    expect(eventsFor('car-twice').map((e) => e.topic)).toEqual([
      '$aws/events/thing/car-twice/created',
    ]);
  });

  it('refuses the same name with another configuration, naming the existing thing', async () => {
    const first = await createThing('car-clash', { vin: 'VINCLASH1' });
    const error = await expectAwsError(
      createThing('car-clash', { vin: 'VINCLASH2' }),
      'ResourceAlreadyExistsException',
    );
    expect(error.resourceArn).toBe(first.thingArn);
    expect(error.resourceId).toBe(first.thingId);
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(409);
    expect((await describeThing('car-clash')).attributes).toEqual({ vin: 'VINCLASH1' });
  });

  it('refuses invalid names and attributes with InvalidRequestException', async () => {
    await expectAwsError(createThing('bad name'), 'InvalidRequestException');
    await expectAwsError(createThing('x'.repeat(129)), 'InvalidRequestException');
    await expectAwsError(
      createThing('car-bad-attr', { colour: 'dark blue' }),
      'InvalidRequestException',
    );
    await expectAwsError(createThing('car-bad-key', { 'my key': 'v' }), 'InvalidRequestException');
    expect(aws.registry.hasThing('car-bad-attr')).toBe(false);
  });

  it('allows three attributes on an untyped thing, fifty on a typed one', async () => {
    const four = { a: '1', b: '2', c: '3', d: '4' };
    const error = await expectAwsError(createThing('car-untyped', four), 'InvalidRequestException');
    expect(error.message).toMatch(/at most 3 attributes/);
    await iot.send(new CreateThingTypeCommand({ thingTypeName: 'limits-type' }));
    await expect(createThing('car-typed', four, 'limits-type')).resolves.toBeDefined();
  });

  it('refuses a thing type or billing group that does not exist', async () => {
    await expectAwsError(
      createThing('car-no-type', {}, 'no-such-type'),
      'ResourceNotFoundException',
    );
    await expectAwsError(
      iot.send(new CreateThingCommand({ thingName: 'car-billing', billingGroupName: 'b' })),
      'ResourceNotFoundException',
    );
  });

  it('answers DescribeThing for a missing thing with ResourceNotFoundException', async () => {
    const error = await expectAwsError(describeThing('car-never'), 'ResourceNotFoundException');
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(404);
  });
});

describe('UpdateThing', () => {
  it('replaces attributes unless merge is set, and moves the version on', async () => {
    await createThing('car-replace', { vin: 'VINREPLACE', make: 'Volvo' });
    await iot.send(
      new UpdateThingCommand({
        thingName: 'car-replace',
        attributePayload: { attributes: { model: 'XC40' } },
      }),
    );
    expect(await describeThing('car-replace')).toMatchObject({
      attributes: { model: 'XC40' },
      version: 2,
    });
  });

  it('merges with merge, where an empty value removes an attribute', async () => {
    await createThing('car-merge', { vin: 'VINMERGE', make: 'Volvo', colour: 'red' });
    await iot.send(
      new UpdateThingCommand({
        thingName: 'car-merge',
        attributePayload: { attributes: { colour: '', model: 'XC60' }, merge: true },
      }),
    );
    expect(await describeThing('car-merge')).toMatchObject({
      attributes: { vin: 'VINMERGE', make: 'Volvo', model: 'XC60' },
      version: 2,
    });
  });

  it('leaves attributes alone without an attribute payload', async () => {
    await createThing('car-same', { vin: 'VINSAME' });
    await iot.send(new UpdateThingCommand({ thingName: 'car-same' }));
    expect(await describeThing('car-same')).toMatchObject({
      attributes: { vin: 'VINSAME' },
      version: 2,
    });
  });

  it('publishes updated events with the new version, in order', async () => {
    await createThing('car-updates', { vin: 'VINUPDATES' });
    for (const model of ['A', 'B']) {
      await iot.send(
        new UpdateThingCommand({
          thingName: 'car-updates',
          attributePayload: { attributes: { model }, merge: true },
        }),
      );
    }
    const events = eventsFor('car-updates');
    expect(events.map((e) => [e.topic, e.payload.operation, e.payload.versionNumber])).toEqual([
      ['$aws/events/thing/car-updates/created', 'CREATED', 1],
      ['$aws/events/thing/car-updates/updated', 'UPDATED', 2],
      ['$aws/events/thing/car-updates/updated', 'UPDATED', 3],
    ]);
    expect(events[2]?.payload.attributes).toEqual({ vin: 'VINUPDATES', model: 'B' });
    for (const event of events) expect(ingestRejection(event.topic, event.payload)).toBeUndefined();
  });

  it('refuses a stale expectedVersion with VersionConflictException and changes nothing', async () => {
    await createThing('car-version', { vin: 'VINVERSION' });
    await iot.send(new UpdateThingCommand({ thingName: 'car-version', expectedVersion: 1 }));
    const before = published.length;
    const error = await expectAwsError(
      iot.send(
        new UpdateThingCommand({
          thingName: 'car-version',
          expectedVersion: 1,
          attributePayload: { attributes: { vin: 'STALE' } },
        }),
      ),
      'VersionConflictException',
    );
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(409);
    expect(await describeThing('car-version')).toMatchObject({
      attributes: { vin: 'VINVERSION' },
      version: 2,
    });
    expect(published.length).toBe(before);
    await iot.send(new UpdateThingCommand({ thingName: 'car-version', expectedVersion: 2 }));
    expect((await describeThing('car-version')).version).toBe(3);
  });

  it('sets and removes the thing type', async () => {
    await iot.send(new CreateThingTypeCommand({ thingTypeName: 'update-type' }));
    await createThing('car-retype', { vin: 'VINRETYPE' });
    await iot.send(
      new UpdateThingCommand({ thingName: 'car-retype', thingTypeName: 'update-type' }),
    );
    expect((await describeThing('car-retype')).thingTypeName).toBe('update-type');
    expect(eventsFor('car-retype').at(-1)?.payload.thingTypeName).toBe('update-type');
    await iot.send(new UpdateThingCommand({ thingName: 'car-retype', removeThingType: true }));
    expect((await describeThing('car-retype')).thingTypeName).toBeUndefined();
  });

  it('refuses removing the type of a thing with more than three attributes', async () => {
    await iot.send(new CreateThingTypeCommand({ thingTypeName: 'wide-type' }));
    await createThing('car-wide', { a: '1', b: '2', c: '3', d: '4' }, 'wide-type');
    await expectAwsError(
      iot.send(new UpdateThingCommand({ thingName: 'car-wide', removeThingType: true })),
      'InvalidRequestException',
    );
  });

  it('refuses contradictory or impossible updates', async () => {
    await createThing('car-contradict');
    await expectAwsError(
      iot.send(
        new UpdateThingCommand({
          thingName: 'car-contradict',
          thingTypeName: 'update-type',
          removeThingType: true,
        }),
      ),
      'InvalidRequestException',
    );
    await expectAwsError(
      iot.send(
        new UpdateThingCommand({ thingName: 'car-contradict', thingTypeName: 'no-such-type' }),
      ),
      'ResourceNotFoundException',
    );
    await expectAwsError(
      iot.send(new UpdateThingCommand({ thingName: 'car-missing' })),
      'ResourceNotFoundException',
    );
  });
});

describe('DeleteThing', () => {
  it('refuses a stale expectedVersion, then deletes with the current one', async () => {
    await createThing('car-delete', { vin: 'VINDELETE' });
    await iot.send(new UpdateThingCommand({ thingName: 'car-delete' }));
    await expectAwsError(
      iot.send(new DeleteThingCommand({ thingName: 'car-delete', expectedVersion: 1 })),
      'VersionConflictException',
    );
    expect(aws.registry.hasThing('car-delete')).toBe(true);
    await iot.send(new DeleteThingCommand({ thingName: 'car-delete', expectedVersion: 2 }));
    expect(aws.registry.hasThing('car-delete')).toBe(false);
    await expectAwsError(describeThing('car-delete'), 'ResourceNotFoundException');
    const deleted = eventsFor('car-delete').at(-1)!;
    expect(deleted.topic).toBe('$aws/events/thing/car-delete/deleted');
    expect(deleted.payload).toMatchObject({
      operation: 'DELETED',
      versionNumber: 2,
      attributes: { vin: 'VINDELETE' },
    });
    expect(ingestRejection(deleted.topic, deleted.payload)).toBeUndefined();
  });

  it('succeeds for a thing that does not exist, publishing nothing', async () => {
    const before = published.length;
    await expect(
      iot.send(new DeleteThingCommand({ thingName: 'car-not-there' })),
    ).resolves.toBeDefined();
    expect(published.length).toBe(before);
  });

  it('lets a deleted name be created again as a new thing', async () => {
    const first = await createThing('car-reborn');
    await iot.send(new DeleteThingCommand({ thingName: 'car-reborn' }));
    const second = await createThing('car-reborn', { vin: 'VINREBORN' });
    expect(second.thingId).not.toBe(first.thingId);
    expect((await describeThing('car-reborn')).version).toBe(1);
  });
});

describe('ListThings', () => {
  beforeAll(async () => {
    await iot.send(new CreateThingTypeCommand({ thingTypeName: 'list-type' }));
    for (let i = 0; i < 7; i++) {
      await createThing(
        `list-${i}`,
        { fleet: i % 2 === 0 ? 'north' : 'south', vin: `LISTVIN${i}` },
        i < 3 ? 'list-type' : undefined,
      );
    }
  });

  async function listAll(input: ListThingsCommandInput) {
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await iot.send(new ListThingsCommand({ ...input, nextToken }));
      names.push(...(page.things ?? []).map((t) => t.thingName!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken !== undefined);
    return { names, pages };
  }

  it('pages through every thing in name order, maxResults at a time', async () => {
    const { names, pages } = await listAll({ maxResults: 3 });
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(aws.registry.thingCount);
    expect(pages).toBe(Math.ceil(names.length / 3));
  });

  it('filters by attribute, attribute prefix and thing type', async () => {
    expect((await listAll({ attributeName: 'fleet', attributeValue: 'north' })).names).toEqual([
      'list-0',
      'list-2',
      'list-4',
      'list-6',
    ]);
    expect(
      (
        await listAll({
          attributeName: 'vin',
          attributeValue: 'LISTVIN',
          usePrefixAttributeValue: true,
        })
      ).names,
    ).toHaveLength(7);
    expect((await listAll({ thingTypeName: 'list-type', maxResults: 2 })).names).toEqual([
      'list-0',
      'list-1',
      'list-2',
    ]);
    expect(
      (
        await listAll({
          attributeName: 'fleet',
          attributeValue: 'south',
          thingTypeName: 'list-type',
        })
      ).names,
    ).toEqual(['list-1']);
  });

  it('returns each thing with its ARN, type, attributes and version', async () => {
    const page = await iot.send(
      new ListThingsCommand({ attributeName: 'vin', attributeValue: 'LISTVIN0' }),
    );
    expect(page.things).toEqual([
      {
        thingName: 'list-0',
        thingTypeName: 'list-type',
        thingArn: ARN('thing', 'list-0'),
        attributes: { fleet: 'north', vin: 'LISTVIN0' },
        version: 1,
      },
    ]);
    expect(page.nextToken).toBeUndefined();
  });

  it.each([0, 251])('refuses maxResults %d', async (maxResults) => {
    await expectAwsError(
      iot.send(new ListThingsCommand({ maxResults })),
      'InvalidRequestException',
    );
  });

  it('refuses a nextToken that is not ours or belongs to another filter', async () => {
    const page = await iot.send(new ListThingsCommand({ maxResults: 1 }));
    await expectAwsError(
      iot.send(new ListThingsCommand({ nextToken: page.nextToken, thingTypeName: 'list-type' })),
      'InvalidRequestException',
    );
    await expectAwsError(
      iot.send(new ListThingsCommand({ nextToken: 'nonsense' })),
      'InvalidRequestException',
    );
  });

  it('refuses attributeValue without attributeName', async () => {
    await expectAwsError(
      iot.send(new ListThingsCommand({ attributeValue: 'north' })),
      'InvalidRequestException',
    );
  });
});

describe('thing types', () => {
  it('creates and describes a thing type', async () => {
    clock.advance(10);
    const created = await iot.send(
      new CreateThingTypeCommand({
        thingTypeName: 'described-type',
        thingTypeProperties: {
          thingTypeDescription: 'A type',
          searchableAttributes: ['vin', 'make'],
        },
      }),
    );
    expect(created).toMatchObject({
      thingTypeName: 'described-type',
      thingTypeArn: ARN('thingtype', 'described-type'),
      thingTypeId: expect.stringMatching(UUID),
    });
    const described = await iot.send(
      new DescribeThingTypeCommand({ thingTypeName: 'described-type' }),
    );
    expect(described).toMatchObject({
      thingTypeName: 'described-type',
      thingTypeId: created.thingTypeId,
      thingTypeArn: created.thingTypeArn,
      thingTypeProperties: {
        thingTypeDescription: 'A type',
        searchableAttributes: ['vin', 'make'],
      },
      thingTypeMetadata: { deprecated: false, creationDate: new Date(clock.now) },
    });
  });

  it('refuses a second thing type of the same name', async () => {
    const first = await iot.send(new CreateThingTypeCommand({ thingTypeName: 'dup-type' }));
    const error = await expectAwsError(
      iot.send(new CreateThingTypeCommand({ thingTypeName: 'dup-type' })),
      'ResourceAlreadyExistsException',
    );
    expect(error.resourceArn).toBe(first.thingTypeArn);
  });

  it('refuses more than three searchable attributes, and unknown types', async () => {
    await expectAwsError(
      iot.send(
        new CreateThingTypeCommand({
          thingTypeName: 'searchable-type',
          thingTypeProperties: { searchableAttributes: ['a', 'b', 'c', 'd'] },
        }),
      ),
      'InvalidRequestException',
    );
    await expectAwsError(
      iot.send(new DescribeThingTypeCommand({ thingTypeName: 'no-such-type' })),
      'ResourceNotFoundException',
    );
  });

  it("serves the simulator's provisioning: ensure fleet-vehicle, create, then update on conflict", async () => {
    // The calls of simulators/src/iot-registry-provisioner.ts, run twice as a restart would.
    const provision = async (attributes: Record<string, string>) => {
      try {
        await iot.send(
          new CreateThingTypeCommand({
            thingTypeName: 'fleet-vehicle',
            thingTypeProperties: {
              thingTypeDescription: 'A vehicle telematics unit (Fleet Manager)',
              searchableAttributes: ['vin', 'make', 'model'],
            },
          }),
        );
      } catch (err) {
        if ((err as Error).name !== 'ResourceAlreadyExistsException') throw err;
      }
      try {
        await iot.send(
          new CreateThingCommand({
            thingName: 'sim-vehicle-1',
            thingTypeName: 'fleet-vehicle',
            attributePayload: { attributes },
          }),
        );
      } catch (err) {
        if ((err as Error).name !== 'ResourceAlreadyExistsException') throw err;
        await iot.send(
          new UpdateThingCommand({
            thingName: 'sim-vehicle-1',
            thingTypeName: 'fleet-vehicle',
            attributePayload: { attributes, merge: true },
          }),
        );
      }
    };
    const vehicle = {
      vin: 'WVWZZZ1JZXW000001',
      make: 'Volkswagen',
      model: 'Golf',
      year: '2021',
      colour: 'blue',
      softwareVersion: '1.4.2',
    };
    await provision(vehicle);
    await provision(vehicle);
    expect((await describeThing('sim-vehicle-1')).version).toBe(1);
    await provision({ ...vehicle, softwareVersion: '1.5.0' });
    expect(await describeThing('sim-vehicle-1')).toMatchObject({
      thingTypeName: 'fleet-vehicle',
      attributes: { ...vehicle, softwareVersion: '1.5.0' },
      version: 2,
    });
    for (const event of eventsFor('sim-vehicle-1')) {
      expect(ingestRejection(event.topic, event.payload)).toBeUndefined();
      expect(event.payload.thingTypeName).toBe('fleet-vehicle');
    }
  });
});

describe('thing groups', () => {
  beforeAll(async () => {
    for (const name of ['grp-a', 'grp-b', 'grp-c', 'grp-d']) await createThing(name);
  });

  it('creates groups, idempotently for the same properties', async () => {
    const created = await iot.send(
      new CreateThingGroupCommand({
        thingGroupName: 'europe',
        thingGroupProperties: {
          thingGroupDescription: 'EU fleet',
          attributePayload: { attributes: { region: 'eu' } },
        },
      }),
    );
    expect(created).toMatchObject({
      thingGroupName: 'europe',
      thingGroupArn: ARN('thinggroup', 'europe'),
      thingGroupId: expect.stringMatching(UUID),
    });
    const again = await iot.send(
      new CreateThingGroupCommand({
        thingGroupName: 'europe',
        thingGroupProperties: {
          thingGroupDescription: 'EU fleet',
          attributePayload: { attributes: { region: 'eu' } },
        },
      }),
    );
    expect(again.thingGroupId).toBe(created.thingGroupId);
    const error = await expectAwsError(
      iot.send(new CreateThingGroupCommand({ thingGroupName: 'europe' })),
      'ResourceAlreadyExistsException',
    );
    expect(error.resourceArn).toBe(created.thingGroupArn);
  });

  it('nests groups under an existing parent only', async () => {
    await iot.send(
      new CreateThingGroupCommand({ thingGroupName: 'sweden', parentGroupName: 'europe' }),
    );
    await iot.send(
      new CreateThingGroupCommand({ thingGroupName: 'stockholm', parentGroupName: 'sweden' }),
    );
    await expectAwsError(
      iot.send(
        new CreateThingGroupCommand({ thingGroupName: 'orphan', parentGroupName: 'atlantis' }),
      ),
      'ResourceNotFoundException',
    );
    const described = await iot.send(
      new DescribeThingGroupCommand({ thingGroupName: 'stockholm' }),
    );
    expect(described).toMatchObject({
      thingGroupName: 'stockholm',
      thingGroupArn: ARN('thinggroup', 'stockholm'),
      version: 1,
      thingGroupMetadata: {
        parentGroupName: 'sweden',
        rootToParentThingGroups: [
          { groupName: 'europe', groupArn: ARN('thinggroup', 'europe') },
          { groupName: 'sweden', groupArn: ARN('thinggroup', 'sweden') },
        ],
        creationDate: new Date(clock.now),
      },
    });
    const root = await iot.send(new DescribeThingGroupCommand({ thingGroupName: 'europe' }));
    expect(root.thingGroupProperties).toEqual({
      thingGroupDescription: 'EU fleet',
      attributePayload: { attributes: { region: 'eu' } },
    });
    expect(root.thingGroupMetadata?.parentGroupName).toBeUndefined();
  });

  it('answers DescribeThingGroup for a missing group with ResourceNotFoundException', async () => {
    await expectAwsError(
      iot.send(new DescribeThingGroupCommand({ thingGroupName: 'atlantis' })),
      'ResourceNotFoundException',
    );
  });

  it('adds things by name or by ARN, once, announcing membership when enabled', async () => {
    const before = published.length;
    await iot.send(
      new AddThingToThingGroupCommand({ thingGroupName: 'europe', thingName: 'grp-a' }),
    );
    await iot.send(
      new AddThingToThingGroupCommand({
        thingGroupArn: ARN('thinggroup', 'sweden'),
        thingArn: ARN('thing', 'grp-b'),
      }),
    );
    await iot.send(
      new AddThingToThingGroupCommand({
        thingGroupName: 'stockholm',
        thingArn: ARN('thing', 'grp-c'),
      }),
    );
    await iot.send(
      new AddThingToThingGroupCommand({ thingGroupName: 'europe', thingName: 'grp-a' }),
    );
    const membership = published.slice(before);
    expect(membership.map((e) => e.topic)).toEqual([
      '$aws/events/thingGroupMembership/thingGroup/europe/thing/grp-a/added',
      '$aws/events/thingGroupMembership/thingGroup/sweden/thing/grp-b/added',
      '$aws/events/thingGroupMembership/thingGroup/stockholm/thing/grp-c/added',
    ]);
    expect(membership[0]?.payload).toMatchObject({
      eventType: 'THING_GROUP_MEMBERSHIP_EVENT',
      operation: 'ADDED',
      accountId: '000000000000',
      groupArn: ARN('thinggroup', 'europe'),
      thingArn: ARN('thing', 'grp-a'),
      thingId: (await describeThing('grp-a')).thingId,
    });
  });

  it('lists direct members, or the whole subtree when recursive', async () => {
    const direct = await iot.send(new ListThingsInThingGroupCommand({ thingGroupName: 'europe' }));
    expect(direct.things).toEqual(['grp-a']);
    const all = await iot.send(
      new ListThingsInThingGroupCommand({ thingGroupName: 'europe', recursive: true }),
    );
    expect(all.things).toEqual(['grp-a', 'grp-b', 'grp-c']);
    expect(aws.registry.thingsInGroup('europe')).toEqual(['grp-a', 'grp-b', 'grp-c']);
    expect(aws.registry.thingsInGroup('stockholm')).toEqual(['grp-c']);
    expect(aws.registry.thingsInGroup('atlantis')).toBeUndefined();
  });

  it('pages group members', async () => {
    const first = await iot.send(
      new ListThingsInThingGroupCommand({
        thingGroupName: 'europe',
        recursive: true,
        maxResults: 2,
      }),
    );
    expect(first.things).toEqual(['grp-a', 'grp-b']);
    const second = await iot.send(
      new ListThingsInThingGroupCommand({
        thingGroupName: 'europe',
        recursive: true,
        maxResults: 2,
        nextToken: first.nextToken,
      }),
    );
    expect(second).toMatchObject({ things: ['grp-c'] });
    expect(second.nextToken).toBeUndefined();
    await expectAwsError(
      iot.send(
        new ListThingsInThingGroupCommand({ thingGroupName: 'europe', nextToken: first.nextToken }),
      ),
      'InvalidRequestException',
    );
  });

  it('refuses missing groups and things, and requests naming neither', async () => {
    await expectAwsError(
      iot.send(new AddThingToThingGroupCommand({ thingGroupName: 'atlantis', thingName: 'grp-d' })),
      'ResourceNotFoundException',
    );
    await expectAwsError(
      iot.send(new AddThingToThingGroupCommand({ thingGroupName: 'europe', thingName: 'nobody' })),
      'ResourceNotFoundException',
    );
    await expectAwsError(
      iot.send(new AddThingToThingGroupCommand({ thingGroupName: 'europe' })),
      'InvalidRequestException',
    );
    await expectAwsError(
      iot.send(
        new AddThingToThingGroupCommand({
          thingGroupName: 'europe',
          thingArn: 'arn:aws:iot:eu-west-1:111111111111:thing/grp-d',
        }),
      ),
      'InvalidRequestException',
    );
    await expectAwsError(
      iot.send(new ListThingsInThingGroupCommand({ thingGroupName: 'atlantis' })),
      'ResourceNotFoundException',
    );
  });

  it('drops a deleted thing from its groups', async () => {
    await iot.send(
      new AddThingToThingGroupCommand({ thingGroupName: 'sweden', thingName: 'grp-d' }),
    );
    expect(aws.registry.thingsInGroup('sweden')).toContain('grp-d');
    await iot.send(new DeleteThingCommand({ thingName: 'grp-d' }));
    expect(aws.registry.thingsInGroup('sweden')).not.toContain('grp-d');
  });
});
