import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AddThingToThingGroupCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  CreateThingTypeCommand,
  DescribeEventConfigurationsCommand,
  DescribeThingCommand,
  DescribeThingTypeCommand,
  IoTClient,
  ListThingsInThingGroupCommand,
  UpdateEventConfigurationsCommand,
  UpdateThingCommand,
} from '@aws-sdk/client-iot';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { z } from 'zod';
import { CoalescedJsonWriter, readJsonState } from '../../src/persistence/json-state-file';
import { openParameterStore } from '../../src/ssm/open-parameter-store';
import { type LocalAws, startLocalAws } from '../../src/start-local-aws';
import { ManualClock, clientConfig, tempDir } from '../support/aws-test-kit';

describe('CoalescedJsonWriter', () => {
  const data = tempDir('writer');
  afterAll(() => data.remove());

  it('writes a burst of changes once, atomically, leaving no temp file', async () => {
    const file = join(data.dir, 'burst', 'state.json');
    let state = 0;
    const writer = new CoalescedJsonWriter(file, () => ({ state }), { delayMs: 20 });
    for (let i = 0; i < 500; i++) {
      state = i;
      writer.markDirty();
    }
    await writer.flush();
    expect(writer.writeCount).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ state: 499 });
    expect(readdirSync(join(data.dir, 'burst'))).toEqual(['state.json']);
  });

  it('writes on its own after the delay, and not at all without changes', async () => {
    const file = join(data.dir, 'timer.json');
    const writer = new CoalescedJsonWriter(file, () => ({ ok: true }), { delayMs: 10 });
    await writer.flush();
    expect(writer.writeCount).toBe(0);
    expect(existsSync(file)).toBe(false);
    writer.markDirty();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(writer.writeCount).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ok: true });
  });

  it('picks up changes made while a write is under way', async () => {
    const file = join(data.dir, 'during.json');
    let state = 'first';
    const writer = new CoalescedJsonWriter(file, () => state);
    writer.markDirty();
    const flushing = writer.flush();
    state = 'second';
    writer.markDirty();
    await flushing;
    await writer.flush();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toBe('second');
  });

  it('reports a failed write and retries it on the next flush', async () => {
    const blocker = join(data.dir, 'blocker');
    writeFileSync(blocker, 'a file where a directory should be');
    const errors: unknown[] = [];
    const writer = new CoalescedJsonWriter(join(blocker, 'state.json'), () => ({ v: 1 }), {
      delayMs: 5,
      onError: (err) => errors.push(err),
    });
    writer.markDirty();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors).toHaveLength(1);
    expect((errors[0] as NodeJS.ErrnoException).code).toMatch(/ENOTDIR|EEXIST/);
    await expect(writer.flush()).rejects.toMatchObject({
      code: expect.stringMatching(/ENOTDIR|EEXIST/),
    });
    rmSync(blocker);
    await writer.flush();
    expect(JSON.parse(readFileSync(join(blocker, 'state.json'), 'utf8'))).toEqual({ v: 1 });
  });
});

describe('readJsonState', () => {
  const data = tempDir('read-state');
  afterAll(() => data.remove());
  const schema = z.object({ n: z.number() });

  it('reads a valid file and reports none as undefined', async () => {
    writeFileSync(join(data.dir, 'ok.json'), '{"n":1}');
    await expect(readJsonState(join(data.dir, 'ok.json'), schema)).resolves.toEqual({ n: 1 });
    await expect(readJsonState(join(data.dir, 'missing.json'), schema)).resolves.toBeUndefined();
  });

  it('fails loudly on a corrupt or foreign file instead of starting empty', async () => {
    writeFileSync(join(data.dir, 'corrupt.json'), '{"n":');
    await expect(readJsonState(join(data.dir, 'corrupt.json'), schema)).rejects.toThrow(
      /corrupt\.json is not valid JSON/,
    );
    writeFileSync(join(data.dir, 'foreign.json'), '{"n":"one"}');
    await expect(readJsonState(join(data.dir, 'foreign.json'), schema)).rejects.toThrow(
      /foreign\.json does not hold emulator state/,
    );
  });
});

describe('Parameter Store persistence', () => {
  it('coalesces a burst of puts into one write of ssm.json', async () => {
    const data = tempDir('ssm-burst');
    try {
      const { store, writer } = await openParameterStore({
        dataDir: data.dir,
        region: 'us-east-1',
        accountId: '000000000000',
      });
      for (let i = 0; i < 200; i++) {
        store.putParameter({ Name: `/burst/p${i}`, Value: String(i), Type: 'String' });
      }
      await writer.flush();
      expect(writer.writeCount).toBe(1);
      const saved = JSON.parse(readFileSync(join(data.dir, 'ssm.json'), 'utf8'));
      expect(saved.parameters).toHaveLength(200);
    } finally {
      data.remove();
    }
  });
});

describe('startLocalAws across a restart', () => {
  const data = tempDir('restart');
  const clock = new ManualClock();
  const start = () =>
    startLocalAws({
      host: '127.0.0.1',
      port: 0,
      dataDir: data.dir,
      clock: clock.read,
      publish: () => undefined,
    });
  afterAll(() => data.remove());

  it('keeps things, types, groups, event configurations and parameters', async () => {
    let aws: LocalAws = await start();
    let iot = new IoTClient(clientConfig(aws.url));
    let ssm = new SSMClient(clientConfig(aws.url));
    await iot.send(new CreateThingTypeCommand({ thingTypeName: 'fleet-vehicle' }));
    const created = await iot.send(
      new CreateThingCommand({
        thingName: 'car-1',
        thingTypeName: 'fleet-vehicle',
        attributePayload: { attributes: { vin: 'VIN1', make: 'Volvo' } },
      }),
    );
    await iot.send(
      new UpdateThingCommand({
        thingName: 'car-1',
        attributePayload: { attributes: { model: 'XC40' }, merge: true },
      }),
    );
    await iot.send(new CreateThingGroupCommand({ thingGroupName: 'europe' }));
    await iot.send(
      new CreateThingGroupCommand({ thingGroupName: 'sweden', parentGroupName: 'europe' }),
    );
    await iot.send(
      new AddThingToThingGroupCommand({ thingGroupName: 'sweden', thingName: 'car-1' }),
    );
    await iot.send(
      new UpdateEventConfigurationsCommand({ eventConfigurations: { THING: { Enabled: true } } }),
    );
    await ssm.send(
      new PutParameterCommand({ Name: '/fleet/config/x', Value: 'one', Type: 'String' }),
    );
    clock.advance(90_000);
    await ssm.send(
      new PutParameterCommand({ Name: '/fleet/config/x', Value: 'two', Overwrite: true }),
    );
    const writtenAt = clock.now;
    const type = await iot.send(new DescribeThingTypeCommand({ thingTypeName: 'fleet-vehicle' }));
    iot.destroy();
    ssm.destroy();
    await aws.close();
    expect(readdirSync(data.dir).sort()).toEqual(['iot-registry.json', 'ssm.json']);

    clock.advance(3_600_000);
    aws = await start();
    iot = new IoTClient(clientConfig(aws.url));
    ssm = new SSMClient(clientConfig(aws.url));
    try {
      expect(await iot.send(new DescribeThingCommand({ thingName: 'car-1' }))).toMatchObject({
        thingId: created.thingId,
        thingTypeName: 'fleet-vehicle',
        attributes: { vin: 'VIN1', make: 'Volvo', model: 'XC40' },
        version: 2,
      });
      expect(
        await iot.send(new DescribeThingTypeCommand({ thingTypeName: 'fleet-vehicle' })),
      ).toMatchObject({
        thingTypeId: type.thingTypeId,
        thingTypeMetadata: type.thingTypeMetadata,
      });
      const members = await iot.send(
        new ListThingsInThingGroupCommand({ thingGroupName: 'europe', recursive: true }),
      );
      expect(members.things).toEqual(['car-1']);
      const events = await iot.send(new DescribeEventConfigurationsCommand({}));
      expect(events.eventConfigurations?.THING).toEqual({ Enabled: true });
      const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/fleet/config/x' }));
      expect(Parameter).toMatchObject({
        Value: 'two',
        Version: 2,
        LastModifiedDate: new Date(writtenAt),
      });

      // Versions carry on from where they were.
      await iot.send(new UpdateThingCommand({ thingName: 'car-1' }));
      expect((await iot.send(new DescribeThingCommand({ thingName: 'car-1' }))).version).toBe(3);
      await expect(
        ssm.send(
          new PutParameterCommand({ Name: '/fleet/config/x', Value: 'three', Overwrite: true }),
        ),
      ).resolves.toMatchObject({ Version: 3 });
    } finally {
      iot.destroy();
      ssm.destroy();
      await aws.close();
    }
  });

  it('refuses to start on a corrupt state file rather than lose it', async () => {
    const corrupt = tempDir('corrupt');
    try {
      mkdirSync(corrupt.dir, { recursive: true });
      writeFileSync(join(corrupt.dir, 'iot-registry.json'), '{"things": [');
      await expect(
        startLocalAws({
          host: '127.0.0.1',
          port: 0,
          dataDir: corrupt.dir,
          publish: () => undefined,
        }),
      ).rejects.toThrow(/iot-registry\.json is not valid JSON/);
    } finally {
      corrupt.remove();
    }
  });
});
