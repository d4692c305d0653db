import { CreateThingCommand } from '@aws-sdk/client-iot';
import {
  IoTJobsDataPlaneClient,
  StartNextPendingJobExecutionCommand,
  UpdateJobExecutionCommand,
} from '@aws-sdk/client-iot-jobs-data-plane';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { FIXTURE_VEHICLES } from '../support/fleet-fixture';
import { startTestAws } from '../support/local-aws';
import type { JobDetail, JobSummary } from '../support/responses';

let aws: Awaited<ReturnType<typeof startTestAws>>;
let api: ApiHarness;
let device: IoTJobsDataPlaneClient;
const engineer = { groups: ['engineer'] };

beforeAll(async () => {
  aws = await startTestAws();
  api = await startApiHarness({ awsEndpoint: aws.url });
  for (const vehicle of FIXTURE_VEHICLES) {
    await api.deps.iot.send(new CreateThingCommand({ thingName: vehicle.deviceId }));
  }
  device = new IoTJobsDataPlaneClient({
    endpoint: aws.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(async () => {
  device.destroy();
  await api.close();
  await aws.dispose();
});

interface Preview {
  vehicles: number;
  devices: number;
  upToDate: number;
  exceedsJobLimit: boolean;
  items: { deviceId: string; vin: string; softwareVersion: string | null }[];
  truncated: boolean;
}
interface Page<T> {
  items: T[];
  nextToken: string | null;
}

/** What a vehicle's OTA agent does: take the next job and report how it went. */
async function runNextJob(thingName: string, status: 'SUCCEEDED' | 'FAILED') {
  const { execution } = await device.send(new StartNextPendingJobExecutionCommand({ thingName }));
  if (!execution?.jobId) return undefined;
  await device.send(new UpdateJobExecutionCommand({ thingName, jobId: execution.jobId, status }));
  return execution.jobId;
}

describe('POST /ota/jobs/preview', () => {
  it('lists the devices the filters reach, leaving out those already on the version', async () => {
    const { status, body } = await api.call<Preview>('POST', '/ota/jobs/preview', {
      ...engineer,
      body: { filters: { make: ['Ford'], year: ['2018..2019', 2021] } },
    });
    expect(status).toBe(200);
    // Fords are vehicles 0, 3, 6, 9 with years 2018, 2021, 2018, 2021.
    expect(body.items.map((d) => d.deviceId)).toEqual(['tcu-0', 'tcu-3', 'tcu-6', 'tcu-9']);
    expect(body).toMatchObject({ vehicles: 4, devices: 4, upToDate: 0, truncated: false });
    const skipping = await api.call<Preview>('POST', '/ota/jobs/preview', {
      ...engineer,
      body: { filters: { make: ['Ford'] }, desiredVersion: '1.1.0' },
    });
    // tcu-9 already runs 1.1.0.
    expect(skipping.body).toMatchObject({ vehicles: 4, devices: 3, upToDate: 1 });
  });

  it('takes a bounding box as four numbers', async () => {
    const { body } = await api.call<Preview>('POST', '/ota/jobs/preview', {
      ...engineer,
      body: { filters: { bbox: [179, -17, -179, -16] } },
    });
    expect(body.items.map((d) => d.deviceId)).toEqual(['tcu-10', 'tcu-11']);
  });
});

describe('OTA jobs end to end through IoT Jobs', () => {
  let jobId: string;

  it('creates a job for the filtered devices, with rollout, abort and timeout', async () => {
    const { status, body } = await api.call<JobDetail>('POST', '/ota/jobs', {
      ...engineer,
      body: {
        desiredVersion: '2.0.0',
        filters: { make: ['Volvo'], year: [2019] },
        rollout: { maximumPerMinute: 50 },
        abort: { failureThresholdPercentage: 50, minNumberOfExecutedThings: 2 },
        timeoutMinutes: 30,
      },
    });
    expect(status).toBe(201);
    jobId = body.jobId;
    expect(jobId).toMatch(/^ota-2_0_0-/);
    expect(body).toMatchObject({
      status: 'IN_PROGRESS',
      desiredVersion: '2.0.0',
      timeoutMinutes: 30,
      rollout: { maximumPerMinute: 50 },
      targets: { things: ['tcu-1', 'tcu-7'], thingGroups: [] },
      description: 'Update to 2.0.0 (by engineer@fleet.local)',
    });
    expect(body.abort).toMatchObject({
      criteriaList: [
        expect.objectContaining({ thresholdPercentage: 50, minNumberOfExecutedThings: 2 }),
      ],
    });
  });

  it('follows the executions to completion', async () => {
    const queued = await api.call<Page<{ deviceId: string; status: string }>>(
      'GET',
      `/ota/jobs/${jobId}/devices/status`,
    );
    expect(queued.body.items.map((e) => [e.deviceId, e.status]).sort()).toEqual([
      ['tcu-1', 'QUEUED'],
      ['tcu-7', 'QUEUED'],
    ]);
    expect(await runNextJob('tcu-1', 'SUCCEEDED')).toBe(jobId);
    const half = await api.call<JobDetail>('GET', `/ota/jobs/${jobId}`);
    expect(half.body).toMatchObject({ status: 'IN_PROGRESS', progressPercent: 50 });
    expect(half.body.counts).toMatchObject({ succeeded: 1, queued: 1 });
    await runNextJob('tcu-7', 'SUCCEEDED');
    const done = await api.call<JobDetail>('GET', `/ota/jobs/${jobId}`);
    expect(done.body).toMatchObject({ status: 'COMPLETED', progressPercent: 100, total: 2 });
    expect(done.body.completedAt).toEqual(expect.any(String));
    const targets = await api.call<Page<{ deviceId: string }>>('GET', `/ota/jobs/${jobId}/devices`);
    expect(targets.body.items.map((d) => d.deviceId)).toEqual(['tcu-1', 'tcu-7']);
  });

  it('creates a job for listed devices, and one for a single device', async () => {
    const listed = await api.call<JobDetail>('POST', '/ota/jobs', {
      ...engineer,
      body: { desiredVersion: '2.0.1', deviceIds: ['tcu-2', 'tcu-2', 'tcu-5'] },
    });
    expect(listed.status).toBe(201);
    expect(listed.body.targets.things).toEqual(['tcu-2', 'tcu-5']);
    const single = await api.call<JobDetail>('POST', '/ota/jobs/device/tcu-8', {
      ...engineer,
      body: { desiredVersion: '2.0.1' },
    });
    expect(single.status).toBe(201);
    expect(single.body.targets.things).toEqual(['tcu-8']);
    expect(
      (
        await api.call('POST', '/ota/jobs/device/tcu-99', {
          ...engineer,
          body: { desiredVersion: '2.0.1' },
        })
      ).status,
    ).toBe(404);
  });

  it('cancels a job, and answers 404 for an unknown one', async () => {
    const created = await api.call<JobDetail>('POST', '/ota/jobs', {
      ...engineer,
      body: { desiredVersion: '3.0.0', deviceIds: ['tcu-4'] },
    });
    const canceled = await api.call<JobDetail>('POST', `/ota/jobs/${created.body.jobId}/cancel`, {
      ...engineer,
      body: { comment: 'wrong build' },
    });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({
      status: 'CANCELED',
      reasonCode: 'USER_CANCELED',
      comment: 'wrong build (canceled by engineer@fleet.local)',
    });
    expect((await api.call('GET', '/ota/jobs/no-such-job')).status).toBe(404);
    expect((await api.call('POST', '/ota/jobs/no-such-job/cancel', engineer)).status).toBe(404);
  });

  it('lists jobs a page at a time, and by status', async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const { status, body } = await api.call<Page<JobSummary>>('GET', '/ota/jobs', {
        query: { limit: '2', ...(nextToken ? { nextToken } : {}) },
      });
      expect(status).toBe(200);
      seen.push(...body.items.map((job) => job.jobId));
      nextToken = body.nextToken ?? undefined;
    } while (nextToken);
    expect(new Set(seen).size).toBe(4);
    expect(seen).toContain(jobId);
    const completed = await api.call<Page<JobSummary>>('GET', '/ota/jobs', {
      query: { status: 'COMPLETED' },
    });
    expect(completed.body.items.map((job) => job.jobId)).toEqual([jobId]);
  });
});

describe('large jobs', () => {
  it('targets a thing group made for the job past IoT’s 100-target limit', async () => {
    const many = Array.from({ length: 105 }, (_, n) => `bulk-${n}`);
    const body = many.flatMap((id, n) => [
      { index: { _index: 'devices', _id: id } },
      { deviceid: id, thingname: id, vin: `2FLEETBLK${String(n).padStart(8, '0')}` },
    ]);
    await api.search.bulk({ body, refresh: 'true' });
    for (const id of many) await api.deps.iot.send(new CreateThingCommand({ thingName: id }));
    const created = await api.call<JobDetail>('POST', '/ota/jobs', {
      ...engineer,
      body: { desiredVersion: '4.0.0', deviceIds: many },
    });
    expect(created.status).toBe(201);
    expect(created.body.targets).toEqual({ things: [], thingGroups: [created.body.jobId] });
    const members: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await api.call<Page<{ deviceId: string; via: string | null }>>(
        'GET',
        `/ota/jobs/${created.body.jobId}/devices`,
        { query: { limit: '50', ...(nextToken ? { nextToken } : {}) } },
      );
      members.push(...page.body.items.map((d) => d.deviceId));
      nextToken = page.body.nextToken ?? undefined;
    } while (nextToken);
    expect(members.sort()).toEqual([...many].sort());
  });
});

describe('bad OTA requests', () => {
  it('answers 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ filters: { make: ['Ford'] } }, 'desiredVersion'],
      [{ desiredVersion: '1 0', deviceIds: ['tcu-1'] }, 'desiredVersion'],
      [{ desiredVersion: '2.0.0' }, 'filters'],
      [{ desiredVersion: '2.0.0', filters: {}, deviceIds: ['tcu-1'] }, 'filters'],
      [{ desiredVersion: '2.0.0', deviceIds: [] }, 'deviceIds'],
      [{ desiredVersion: '2.0.0', deviceIds: ['has space'] }, 'deviceIds.0'],
      [{ desiredVersion: '2.0.0', deviceIds: ['tcu-1', 'ghost'] }, 'deviceIds'],
      [
        { desiredVersion: '2.0.0', deviceIds: ['tcu-1'], rollout: { maximumPerMinute: 0 } },
        'rollout.maximumPerMinute',
      ],
      [
        {
          desiredVersion: '2.0.0',
          deviceIds: ['tcu-1'],
          abort: { failureThresholdPercentage: 150, minNumberOfExecutedThings: 1 },
        },
        'abort.failureThresholdPercentage',
      ],
      [{ desiredVersion: '2.0.0', filters: { year: ['twenty'] } }, 'filters.year.0'],
      [{ desiredVersion: '2.0.0', filters: { bbox: [1, 2, 3] } }, 'filters.bbox'],
      [{ desiredVersion: '2.0.0', filters: { colour: ['red'] } }, 'filters.colour'],
    ];
    for (const [body, field] of cases) {
      const reply = await api.call('POST', '/ota/jobs', { ...engineer, body });
      expect({ body, status: reply.status }).toEqual({ body, status: 400 });
      expect(reply.body.error.issues.map((i) => i.field)).toContain(field);
    }
  });

  it('answers 409 when no device needs the update', async () => {
    const reply = await api.call('POST', '/ota/jobs', {
      ...engineer,
      body: { desiredVersion: '1.1.0', filters: { swVersion: '1.1.0' } },
    });
    expect(reply.status).toBe(409);
  });

  it('keeps creation and cancellation to engineers and admins', async () => {
    const viewer = { groups: ['viewer'] };
    expect(
      (await api.call('POST', '/ota/jobs/preview', { ...viewer, body: { filters: {} } })).status,
    ).toBe(403);
    expect(
      (
        await api.call('POST', '/ota/jobs', {
          ...viewer,
          body: { desiredVersion: '9', deviceIds: ['tcu-1'] },
        })
      ).status,
    ).toBe(403);
    expect((await api.call('POST', '/ota/jobs/x/cancel', viewer)).status).toBe(403);
    expect((await api.call('GET', '/ota/jobs', viewer)).status).toBe(200);
    expect(
      (await api.call('POST', '/ota/jobs/preview', { groups: ['admin'], body: { filters: {} } }))
        .status,
    ).toBe(200);
  });
});
