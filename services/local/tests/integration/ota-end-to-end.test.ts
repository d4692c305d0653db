import { IoTClient } from '@aws-sdk/client-iot';
import type { SharedCardataDocument } from '@fleet/index-mappings';
import { type Fleet, iotRegistryProvisioner, startFleet } from '@fleet/simulator';
import { signIn } from '../../src/cognito/sign-in';
import { localAwsClientConfig } from '../../src/local-aws-client-config';
import { type Harness, startHarness, testConfig, waitFor } from '../support/local-stack-harness';

/**
 * The whole local stack in-process: an engineer signs in through cognito-local, previews and
 * creates OTA jobs through the local API Gateway, IoT Jobs rolls them out to simulated vehicles
 * over MQTT, and ingest records the results the API then shows.
 */
let h: Harness;
let failingFleet: Fleet;
let iot: IoTClient;
let token: string;

const DEMO_PASSWORD = testConfig('unused').demoPassword;

interface JobDetail {
  jobId: string;
  status: string;
  reasonCode: string | null;
  counts: Record<string, number>;
  total: number;
}

async function api<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${h.stack.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Each vehicle's devices and their versions, as ingest stored them. */
async function vehicles(): Promise<SharedCardataDocument[]> {
  await h.search.indices.refresh({ index: 'shared_cardata' });
  const { body } = await h.search.search({
    index: 'shared_cardata',
    body: { size: 1_000, query: { match_all: {} } },
  });
  return (body.hits.hits as unknown as { _source: SharedCardataDocument }[]).map(
    (hit) => hit._source,
  );
}

beforeAll(async () => {
  h = await startHarness({ vehicles: 12, intervalMs: 300, seed: 1 });
  iot = new IoTClient(localAwsClientConfig(h.stack.aws.url));
  // A second fleet whose every install fails, for the abort criteria.
  failingFleet = await startFleet({
    brokerUrl: h.stack.mqttUrl,
    vehicles: 4,
    intervalMs: 300,
    seed: 2,
    provisioner: iotRegistryProvisioner({ client: iot }),
    ota: { failureRate: 1, durationMs: 300 },
  });
  await waitFor(
    async () =>
      (await vehicles()).filter((v) => v.devices?.[0]?.softwareversion).length === 16 || undefined,
    'all 16 vehicles registered',
  );
  const signedIn = await signIn({
    endpoint: h.stack.cognito.endpoint,
    clientId: h.stack.cognito.clientId,
    username: 'engineer@fleet.local',
    password: DEMO_PASSWORD,
  });
  token = signedIn.idToken;
});

afterAll(async () => {
  await failingFleet.stop();
  iot.destroy();
  await h.close();
});

describe('OTA end to end', () => {
  it('updates exactly the vehicles matching {make, year}, at a rollout rate, to COMPLETED', async () => {
    const all = await vehicles();
    const failing = new Set(
      all.filter((v) => v.devices?.some((d) => d.deviceid.startsWith('sim-2-'))).map((v) => v.vin),
    );
    // A make and year found in the healthy fleet only.
    const key = (v: SharedCardataDocument) => `${v.make}|${v.year}`;
    const failingKeys = new Set(all.filter((v) => failing.has(v.vin)).map(key));
    const target = all.find((v) => !failing.has(v.vin) && !failingKeys.has(key(v)))!;
    const matching = all.filter((v) => key(v) === key(target));
    const filters = { make: [target.make], year: [target.year] };

    const preview = await api<{ devices: number; items: { deviceId: string }[] }>(
      'POST',
      '/ota/jobs/preview',
      {
        filters,
        desiredVersion: '9.0.0',
      },
    );
    expect(preview.status).toBe(200);
    const targets = matching.flatMap((v) => v.devices!.map((d) => d.deviceid)).sort();
    expect(preview.body.items.map((d) => d.deviceId).sort()).toEqual(targets);

    const created = await api<JobDetail>('POST', '/ota/jobs', {
      desiredVersion: '9.0.0',
      filters,
      rollout: { maximumPerMinute: 100 },
    });
    expect(created.status).toBe(201);
    const done = await waitFor(
      async () => {
        const job = await api<JobDetail>('GET', `/ota/jobs/${created.body.jobId}`);
        return job.body.status === 'COMPLETED' ? job.body : undefined;
      },
      'the job to complete',
      60_000,
    );
    expect(done.counts.succeeded).toBe(targets.length);
    expect(done.total).toBe(targets.length);
    const executions = await api<{ items: { deviceId: string; status: string }[] }>(
      'GET',
      `/ota/jobs/${created.body.jobId}/devices/status`,
    );
    expect(executions.body.items.map((e) => [e.deviceId, e.status]).sort()).toEqual(
      targets.map((id) => [id, 'SUCCEEDED']),
    );

    // Ingest saw the SUCCEEDED events; the API shows the new version on exactly those vehicles.
    for (const vehicle of matching) {
      await waitFor(async () => {
        const detail = await api<{ devices: { softwareVersion: string | null }[] }>(
          'GET',
          `/vehicles/${vehicle.vin}`,
        );
        return detail.body.devices.every((d) => d.softwareVersion === '9.0.0') || undefined;
      }, `${vehicle.vin} on 9.0.0`);
    }
    for (const vehicle of all.filter((v) => key(v) !== key(target))) {
      const detail = await api<{ devices: { softwareVersion: string | null }[] }>(
        'GET',
        `/vehicles/${vehicle.vin}`,
      );
      expect(detail.body.devices.map((d) => d.softwareVersion)).not.toContain('9.0.0');
    }
  });

  it('cancels a job whose installs all fail once its abort criteria are met', async () => {
    const failingDevices = (await vehicles())
      .flatMap((v) => v.devices ?? [])
      .map((d) => d.deviceid)
      .filter((id) => id.startsWith('sim-2-'));
    expect(failingDevices).toHaveLength(4);
    const created = await api<JobDetail>('POST', '/ota/jobs', {
      desiredVersion: '9.1.0',
      deviceIds: failingDevices,
      // Two at a time, so the abort lands before every device was tried.
      rollout: { maximumPerMinute: 2 },
      abort: { failureThresholdPercentage: 50, minNumberOfExecutedThings: 2 },
    });
    expect(created.status).toBe(201);
    const aborted = await waitFor(
      async () => {
        const job = await api<JobDetail>('GET', `/ota/jobs/${created.body.jobId}`);
        return job.body.status === 'CANCELED' ? job.body : undefined;
      },
      'the abort',
      60_000,
    );
    expect(aborted.reasonCode).toMatch(/ABORT/);
    expect(aborted.counts.failed).toBeGreaterThanOrEqual(2);
    expect(aborted.counts.succeeded).toBe(0);
    const after = (await vehicles())
      .flatMap((v) => v.devices ?? [])
      .filter((d) => d.deviceid.startsWith('sim-2-'));
    expect(after.map((d) => d.softwareversion)).not.toContain('9.1.0');
  });
});
