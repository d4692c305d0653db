import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { DEFAULT_FLEET_SETTINGS } from '@fleet/fleet-config';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import type { Config } from '../support/responses';
import { FIXTURE_NOW } from '../support/fleet-fixture';
import { startTestAws } from '../support/local-aws';

let aws: Awaited<ReturnType<typeof startTestAws>>;
let api: ApiHarness;
beforeAll(async () => {
  aws = await startTestAws();
  api = await startApiHarness({ awsEndpoint: aws.url, withFixture: false });
});
afterAll(async () => {
  await api.close();
  await aws.dispose();
});

const admin = { groups: ['admin'] };

describe('GET /config and PUT /config', () => {
  it('reads the defaults before anyone configured anything', async () => {
    const { status, body } = await api.call<Config>('GET', '/config', admin);
    expect(status).toBe(200);
    expect(body).toEqual({ settings: DEFAULT_FLEET_SETTINGS, audit: { changes: [] } });
  });

  it('changes some settings, keeps the rest, stores them in SSM as ingest reads them, and audits', async () => {
    const put = await api.call<Config>('PUT', '/config', {
      ...admin,
      body: { anomalyThresholds: { overSpeedKmh: 110 }, consoleRefreshIntervalSeconds: 5 },
    });
    expect(put.status).toBe(200);
    expect(put.body.settings).toEqual({
      ...DEFAULT_FLEET_SETTINGS,
      anomalyThresholds: { ...DEFAULT_FLEET_SETTINGS.anomalyThresholds, overSpeedKmh: 110 },
      consoleRefreshIntervalSeconds: 5,
    });
    expect(put.body.audit.changes).toEqual([
      {
        changedBy: 'admin@fleet.local',
        changedAt: new Date(FIXTURE_NOW).toISOString(),
        settings: ['anomalyThresholds', 'consoleRefreshIntervalSeconds'],
      },
    ]);
    // Ingest reads this parameter (a JSON object of thresholds) through the same SDK call.
    const stored = await api.deps.ssm.send(
      new GetParameterCommand({ Name: '/fleet/config/anomalyThresholds' }),
    );
    expect(JSON.parse(stored.Parameter!.Value!)).toMatchObject({
      overSpeedKmh: 110,
      lowFuelPercent: 10,
    });
    expect((await api.call<Config>('GET', '/config', admin)).body).toEqual(put.body);
  });

  it('writes nothing and adds no audit entry when nothing changes', async () => {
    const before = (await api.call<Config>('GET', '/config', admin)).body;
    const put = await api.call<Config>('PUT', '/config', {
      ...admin,
      body: { consoleRefreshIntervalSeconds: 5 },
    });
    expect(put.body).toEqual(before);
  });

  it('sets and clears the map token', async () => {
    const token = 'pk.eyJ1IjoiZmxlZXQifQ.abc_DEF-123';
    expect(
      (await api.call<Config>('PUT', '/config', { ...admin, body: { mapboxAccessToken: token } }))
        .body.settings.mapboxAccessToken,
    ).toBe(token);
    expect(
      (await api.call<Config>('PUT', '/config', { ...admin, body: { mapboxAccessToken: null } }))
        .body.settings.mapboxAccessToken,
    ).toBeNull();
  });

  it('answers 400 naming the field for bad settings, and stores nothing', async () => {
    const cases: [unknown, string][] = [
      [{ anomalyThresholds: { overSpeedKmh: -5 } }, 'anomalyThresholds.overSpeedKmh'],
      [{ anomalyThresholds: { overSpeedMph: 80 } }, 'anomalyThresholds.overSpeedMph'],
      [{ mapboxAccessToken: 'sk.secret.key' }, 'mapboxAccessToken'],
      [{ consoleRefreshIntervalSeconds: 1 }, 'consoleRefreshIntervalSeconds'],
      [{ refresh: 3 }, 'refresh'],
      [{}, 'body'],
      [[1, 2], 'body'],
    ];
    const before = (await api.call<Config>('GET', '/config', admin)).body;
    for (const [body, field] of cases) {
      const reply = await api.call<Config>('PUT', '/config', { ...admin, body });
      expect({ body, status: reply.status }).toEqual({ body, status: 400 });
      expect(reply.body.error.issues.map((i) => i.field)).toContain(field);
    }
    const malformed = await api.call<Config>('PUT', '/config', {
      ...admin,
      rawBody: '{"anomalyThresholds":',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues[0]!).toEqual({
      field: 'body',
      in: 'body',
      message: 'is not valid JSON',
    });
    const oversized = await api.call<Config>('PUT', '/config', {
      ...admin,
      rawBody: `"${'x'.repeat(1_100_000)}"`,
    });
    expect(oversized.status).toBe(413);
    expect((await api.call<Config>('GET', '/config', admin)).body).toEqual(before);
  });

  it('reads a hand-edited, unreadable parameter as its default instead of failing', async () => {
    await api.deps.ssm.send(
      new PutParameterCommand({
        Name: '/fleet/config/consoleRefreshIntervalSeconds',
        Value: 'not json',
        Type: 'String',
        Overwrite: true,
      }),
    );
    const { status, body } = await api.call<Config>('GET', '/config', admin);
    expect(status).toBe(200);
    expect(body.settings.consoleRefreshIntervalSeconds).toBe(
      DEFAULT_FLEET_SETTINGS.consoleRefreshIntervalSeconds,
    );
    expect(body.settings.anomalyThresholds.overSpeedKmh).toBe(110);
  });

  it('is for admins only', async () => {
    for (const groups of [['viewer'], ['engineer'], []]) {
      expect((await api.call<Config>('GET', '/config', { groups })).status).toBe(403);
      expect(
        (
          await api.call<Config>('PUT', '/config', {
            groups,
            body: { consoleRefreshIntervalSeconds: 9 },
          })
        ).status,
      ).toBe(403);
    }
    expect((await api.call<Config>('GET', '/config', { groups: null })).status).toBe(401);
  });
});
