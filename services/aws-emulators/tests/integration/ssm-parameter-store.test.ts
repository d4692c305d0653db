import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  type GetParametersByPathCommandInput,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { type AwsEdge, startAwsEdge } from '../../src/edge/edge-server';
import { ParameterStore } from '../../src/ssm/parameter-store';
import { ssmService } from '../../src/ssm/ssm-service';
import {
  ManualClock,
  authorization,
  clientConfig,
  expectAwsError,
  rawRequest,
} from '../support/aws-test-kit';

const clock = new ManualClock();
let edge: AwsEdge;
let ssm: SSMClient;
let changes = 0;

beforeAll(async () => {
  const store = new ParameterStore({
    region: 'us-east-1',
    accountId: '000000000000',
    clock: clock.read,
    onChange: () => changes++,
  });
  edge = await startAwsEdge({ host: '127.0.0.1', port: 0, services: [ssmService(store)] });
  ssm = new SSMClient(clientConfig(edge.url));
});

afterAll(async () => {
  ssm.destroy();
  await edge.close();
});

const put = (Name: string, Value: string, extra: Partial<PutParameterCommand['input']> = {}) =>
  ssm.send(new PutParameterCommand({ Name, Value, Type: 'String', ...extra }));
const get = (Name: string, WithDecryption?: boolean) =>
  ssm.send(new GetParameterCommand({ Name, WithDecryption }));

/** Raw awsJson1_1, for bodies the SDK would never build. */
const rawCall = (operation: string, body: unknown) =>
  rawRequest(edge.url, {
    method: 'POST',
    path: '/',
    headers: {
      authorization: authorization('ssm'),
      'x-amz-target': `AmazonSSM.${operation}`,
      'content-type': 'application/x-amz-json-1.1',
    },
    body: JSON.stringify(body),
  });

describe('PutParameter and GetParameter', () => {
  it('creates version 1 and reads it back with its metadata', async () => {
    const before = changes;
    await expect(
      put('/fleet/config/anomalyThresholds', '{"maxSpeedKmh":130}'),
    ).resolves.toMatchObject({
      Version: 1,
      Tier: 'Standard',
    });
    expect(changes).toBe(before + 1);
    const { Parameter } = await get('/fleet/config/anomalyThresholds');
    expect(Parameter).toEqual({
      Name: '/fleet/config/anomalyThresholds',
      Type: 'String',
      Value: '{"maxSpeedKmh":130}',
      Version: 1,
      LastModifiedDate: new Date(clock.now),
      ARN: 'arn:aws:ssm:us-east-1:000000000000:parameter/fleet/config/anomalyThresholds',
      DataType: 'text',
    });
  });

  it('refuses to replace a parameter without Overwrite, and keeps the old value', async () => {
    await put('/put/dup', 'one');
    const error = await expectAwsError(put('/put/dup', 'two'), 'ParameterAlreadyExists');
    expect(error.message).toMatch(/set the overwrite option/);
    expect((await get('/put/dup')).Parameter?.Value).toBe('one');
  });

  it('overwrites with Overwrite, moving the version and LastModifiedDate on', async () => {
    await put('/put/over', 'one');
    clock.advance(60_000);
    await expect(put('/put/over', 'two', { Overwrite: true })).resolves.toMatchObject({
      Version: 2,
    });
    clock.advance(1_500);
    // Type may be left out when overwriting; the parameter keeps its own.
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/put/over', Value: 'three', Overwrite: true })),
    ).resolves.toMatchObject({ Version: 3 });
    const { Parameter } = await get('/put/over');
    expect(Parameter).toMatchObject({ Value: 'three', Version: 3, Type: 'String' });
    expect(Parameter?.LastModifiedDate).toEqual(new Date(clock.now));
  });

  it('requires a Type for a new parameter', async () => {
    const error = await expectAwsError(
      ssm.send(new PutParameterCommand({ Name: '/put/untyped', Value: 'x' })),
      'ValidationException',
    );
    expect(error.message).toBe('A parameter type is required when you create a parameter.');
  });

  it('refuses a Type outside String, StringList and SecureString', async () => {
    const error = await expectAwsError(
      put('/put/badtype', 'x', { Type: 'Number' as 'String' }),
      'ValidationException',
    );
    expect(error.message).toContain(
      'Member must satisfy enum value set: [String, StringList, SecureString]',
    );
  });

  it('keeps StringList values as given', async () => {
    await put('/put/list', 'a,b,c', { Type: 'StringList' });
    expect((await get('/put/list')).Parameter).toMatchObject({
      Type: 'StringList',
      Value: 'a,b,c',
    });
  });

  it('returns a SecureString in plain text only WithDecryption', async () => {
    await put('/put/secret', 'hunter2', { Type: 'SecureString' });
    expect((await get('/put/secret', true)).Parameter).toMatchObject({
      Type: 'SecureString',
      Value: 'hunter2',
    });
    const encrypted = (await get('/put/secret')).Parameter?.Value;
    expect(encrypted).toBeDefined();
    expect(encrypted).not.toContain('hunter2');
  });

  it('enforces the 4 KB standard-tier value limit, and 8 KB advanced', async () => {
    await expect(put('/put/size/standard', 'x'.repeat(4096))).resolves.toMatchObject({
      Tier: 'Standard',
    });
    const error = await expectAwsError(
      put('/put/size/too-big', 'x'.repeat(4097)),
      'ValidationException',
    );
    expect(error.message).toMatch(
      /^Standard tier parameters support a maximum parameter value of 4096/,
    );
    await expect(
      put('/put/size/advanced', 'x'.repeat(8192), { Tier: 'Advanced' }),
    ).resolves.toMatchObject({ Tier: 'Advanced' });
    await expectAwsError(
      put('/put/size/advanced-too-big', 'x'.repeat(8193), { Tier: 'Advanced' }),
      'ValidationException',
    );
    await expect(
      put('/put/size/intelligent', 'x'.repeat(5000), { Tier: 'Intelligent-Tiering' }),
    ).resolves.toMatchObject({ Tier: 'Advanced' });
  });

  it('never downgrades an advanced parameter', async () => {
    await put('/put/tier', 'x', { Tier: 'Advanced' });
    await expectAwsError(
      put('/put/tier', 'y', { Tier: 'Standard', Overwrite: true }),
      'ValidationException',
    );
    await expect(put('/put/tier', 'y', { Overwrite: true })).resolves.toMatchObject({
      Tier: 'Advanced',
      Version: 2,
    });
  });

  it('refuses an empty value', async () => {
    const error = await expectAwsError(put('/put/empty', ''), 'ValidationException');
    expect(error.message).toContain("at 'value' failed to satisfy constraint");
  });

  it.each([
    ['a slash without a leading one', 'fleet/config'],
    ['an empty level', '/fleet//config'],
    ['a space', '/fleet/my param'],
    ['the reserved aws prefix', '/aws/x'],
    ['the reserved ssm prefix', 'ssm-x'],
  ])('refuses a name with %s with ValidationException', async (_case, name) => {
    await expectAwsError(put(name, 'x'), 'ValidationException');
  });

  it('allows fifteen levels and refuses sixteen', async () => {
    const levels = (n: number) => Array.from({ length: n }, (_, i) => `/l${i}`).join('');
    await expect(put(levels(15), 'x')).resolves.toMatchObject({ Version: 1 });
    await expectAwsError(put(levels(16), 'x'), 'HierarchyLevelLimitExceededException');
  });

  it('checks values against AllowedPattern, which later puts keep', async () => {
    await put('/put/pattern', '42', { AllowedPattern: '^\\d+$' });
    await expectAwsError(
      put('/put/pattern', 'forty-two', { Overwrite: true }),
      'ParameterPatternMismatchException',
    );
    await expectAwsError(
      put('/put/pattern-list', '1,b', { Type: 'StringList', AllowedPattern: '^\\d+$' }),
      'ParameterPatternMismatchException',
    );
    await expectAwsError(
      put('/put/bad-pattern', 'x', { AllowedPattern: '([' }),
      'InvalidAllowedPatternException',
    );
  });

  it('refuses Tags together with Overwrite, and Policies', async () => {
    await expectAwsError(
      put('/put/tags', 'x', { Overwrite: true, Tags: [{ Key: 'k', Value: 'v' }] }),
      'ValidationException',
    );
    await expectAwsError(
      put('/put/policies', 'x', { Policies: '[]', Tier: 'Advanced' }),
      'ValidationException',
    );
  });

  it('reads a parameter by ARN', async () => {
    await put('/get/by-arn', 'v');
    const { Parameter } = await get('arn:aws:ssm:us-east-1:000000000000:parameter/get/by-arn');
    expect(Parameter).toMatchObject({ Name: '/get/by-arn', Value: 'v' });
  });

  it('answers an unknown parameter with ParameterNotFound', async () => {
    const error = await expectAwsError(get('/get/missing'), 'ParameterNotFound');
    expect(error.message).toBe('Parameter /get/missing not found.');
  });

  it('refuses version and label selectors it does not keep history for', async () => {
    await expectAwsError(get('/get/by-arn:1'), 'ValidationException');
  });

  it('refuses members of the wrong type with SerializationException, missing ones with ValidationException', async () => {
    const wrongType = await rawCall('GetParameter', { Name: 5 });
    expect(wrongType.status).toBe(400);
    expect(JSON.parse(wrongType.body).__type).toBe('SerializationException');
    const missing = await rawCall('PutParameter', { Value: 'x', Type: 'String' });
    expect(JSON.parse(missing.body)).toEqual({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
  });
});

describe('GetParameters', () => {
  it('returns found parameters and lists the rest as InvalidParameters', async () => {
    await put('/many/a', 'A');
    await put('/many/b', 'B');
    const result = await ssm.send(
      new GetParametersCommand({ Names: ['/many/a', '/many/missing', '/many/b', '/many/a'] }),
    );
    expect(result.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/many/a', 'A'],
      ['/many/b', 'B'],
    ]);
    expect(result.InvalidParameters).toEqual(['/many/missing']);
  });

  it('takes one to ten names', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `/many/n${i}`);
    const error = await expectAwsError(
      ssm.send(new GetParametersCommand({ Names: names })),
      'ValidationException',
    );
    expect(error.message).toContain('Member must have length less than or equal to 10');
    await expectAwsError(ssm.send(new GetParametersCommand({ Names: [] })), 'ValidationException');
  });
});

describe('GetParametersByPath', () => {
  beforeAll(async () => {
    for (const name of [
      '/tree/b',
      '/tree/a',
      '/tree/sub/c',
      '/tree/sub/deep/d',
      '/treetop/x',
      '/tree-other/y',
    ]) {
      await put(name, name);
    }
  });

  const names = async (input: GetParametersByPathCommandInput) =>
    (await ssm.send(new GetParametersByPathCommand(input))).Parameters?.map((p) => p.Name);

  it('returns one level below the path unless Recursive', async () => {
    expect(await names({ Path: '/tree' })).toEqual(['/tree/a', '/tree/b']);
    expect(await names({ Path: '/tree', Recursive: true })).toEqual([
      '/tree/a',
      '/tree/b',
      '/tree/sub/c',
      '/tree/sub/deep/d',
    ]);
    expect(await names({ Path: '/tree/', Recursive: false })).toEqual(['/tree/a', '/tree/b']);
    expect(await names({ Path: '/tree/sub/deep' })).toEqual(['/tree/sub/deep/d']);
    expect(await names({ Path: '/nothing/here' })).toEqual([]);
  });

  it('pages with an opaque NextToken, MaxResults at a time', async () => {
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ssm.send(
        new GetParametersByPathCommand({
          Path: '/tree',
          Recursive: true,
          MaxResults: 3,
          NextToken,
        }),
      );
      expect(page.Parameters!.length).toBeLessThanOrEqual(3);
      seen.push(...page.Parameters!.map((p) => p.Name!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken !== undefined);
    expect(pages).toBe(2);
    expect(seen).toEqual(['/tree/a', '/tree/b', '/tree/sub/c', '/tree/sub/deep/d']);
  });

  it('neither repeats nor skips when parameters change between pages', async () => {
    await put('/paging/b', 'b');
    await put('/paging/d', 'd');
    await put('/paging/f', 'f');
    const first = await ssm.send(
      new GetParametersByPathCommand({ Path: '/paging', MaxResults: 2 }),
    );
    expect(first.Parameters?.map((p) => p.Name)).toEqual(['/paging/b', '/paging/d']);
    // Out of order: one lands before the position, one after; the one read is deleted.
    await put('/paging/a', 'a');
    await put('/paging/e', 'e');
    await ssm.send(new DeleteParameterCommand({ Name: '/paging/d' }));
    const second = await ssm.send(
      new GetParametersByPathCommand({
        Path: '/paging',
        MaxResults: 2,
        NextToken: first.NextToken,
      }),
    );
    expect(second.Parameters?.map((p) => p.Name)).toEqual(['/paging/e', '/paging/f']);
    expect(second.NextToken).toBeUndefined();
  });

  it.each([0, 11])(
    'refuses MaxResults %d with the service validation error',
    async (MaxResults) => {
      const error = await expectAwsError(
        ssm.send(new GetParametersByPathCommand({ Path: '/tree', MaxResults })),
        'ValidationException',
      );
      expect(error.message).toBe(
        MaxResults === 0
          ? "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"
          : "1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
      );
    },
  );

  it('refuses a NextToken from another listing or not from us', async () => {
    const first = await ssm.send(
      new GetParametersByPathCommand({ Path: '/tree', Recursive: true, MaxResults: 1 }),
    );
    await expectAwsError(
      ssm.send(new GetParametersByPathCommand({ Path: '/tree', NextToken: first.NextToken })),
      'InvalidNextToken',
    );
    await expectAwsError(
      ssm.send(new GetParametersByPathCommand({ Path: '/tree', NextToken: 'not-a-token' })),
      'InvalidNextToken',
    );
  });

  it('refuses a path without a leading slash, and filters it does not emulate', async () => {
    await expectAwsError(
      ssm.send(new GetParametersByPathCommand({ Path: 'tree' })),
      'ValidationException',
    );
    await expectAwsError(
      ssm.send(
        new GetParametersByPathCommand({
          Path: '/tree',
          ParameterFilters: [{ Key: 'Type', Values: ['String'] }],
        }),
      ),
      'ValidationException',
    );
  });
});

describe('DeleteParameter', () => {
  it('deletes a parameter, after which it is not found', async () => {
    await put('/delete/me', 'x');
    await expect(
      ssm.send(new DeleteParameterCommand({ Name: '/delete/me' })),
    ).resolves.toBeDefined();
    await expectAwsError(get('/delete/me'), 'ParameterNotFound');
  });

  it('answers deleting a missing parameter with ParameterNotFound', async () => {
    await expectAwsError(
      ssm.send(new DeleteParameterCommand({ Name: '/delete/never-was' })),
      'ParameterNotFound',
    );
  });

  it('lets a deleted name be created afresh at version 1', async () => {
    await put('/delete/again', 'x');
    await put('/delete/again', 'y', { Overwrite: true });
    await ssm.send(new DeleteParameterCommand({ Name: '/delete/again' }));
    await expect(put('/delete/again', 'z')).resolves.toMatchObject({ Version: 1 });
  });
});
