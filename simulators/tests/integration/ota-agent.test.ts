import {
  CancelJobCommand,
  CreateJobCommand,
  DescribeJobCommand,
  DescribeJobExecutionCommand,
  DescribeThingCommand,
} from '@aws-sdk/client-iot';
import type { CardataPayload } from '@fleet/device-contract';
import { iotRegistryProvisioner } from '../../src/iot-registry-provisioner';
import type { OtaOptions } from '../../src/ota/ota-options';
import { registryEventProvisioner } from '../../src/registry-event-provisioner';
import { startFleet, type Fleet, type FleetErrorEvent } from '../../src/start-fleet';
import { thingRegistration, type ThingProvisioner } from '../../src/thing-provisioner';
import { planFleet } from '../../src/vehicle-profile';
import {
  CREDENTIALS,
  INTERNAL,
  REGION,
  startOtaHarness,
  waitFor,
  type OtaHarness,
} from './support/ota-harness';

const SEED = 7;
const VEHICLES = 4;
const profiles = planFleet(SEED, VEHICLES);
const thingNames = profiles.map((profile) => profile.identity.thingName);
const initialVersion = (index: number) => profiles[index]!.identity.softwareVersion;
/** No simulated vehicle starts on it. */
const NEW_VERSION = '9.9.0';
const otaDocument = (desiredVersion: string) => ({ operation: 'ota_update', desiredVersion });

interface UpdateRequest {
  readonly status: string;
  readonly statusDetails?: Record<string, string>;
  readonly expectedVersion?: number;
}

let h: OtaHarness;
let fleet: Fleet | undefined;
let errors: FleetErrorEvent[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));

beforeEach(async () => {
  h = await startOtaHarness();
  errors = [];
});

afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
  await h.close();
  expect(unhandled).toEqual([]);
});

async function startOtaFleet(
  ota: OtaOptions,
  provisioner: ThingProvisioner = iotRegistryProvisioner({ client: h.iot }),
): Promise<Fleet> {
  const started = await startFleet({
    brokerUrl: h.broker.url,
    vehicles: VEHICLES,
    intervalMs: 100,
    seed: SEED,
    simulation: { startDriving: true },
    provisioner,
    ota,
    onError: (event) => errors.push(event),
  });
  fleet = started;
  await started.ready;
  expect(started.stats().connected).toBe(VEHICLES);
  return started;
}

const httpTransport = (): OtaOptions => ({
  transport: 'http',
  pollIntervalMs: 200,
  dataPlane: { endpoint: h.aws.url, region: REGION, credentials: CREDENTIALS },
});

async function createJob(jobId: string, document: unknown, targets: readonly string[]) {
  await h.iot.send(
    new CreateJobCommand({
      jobId,
      targets: targets.map((name) => h.aws.registry.thingArn(name)),
      document: JSON.stringify(document),
    }),
  );
}

async function describeJob(jobId: string) {
  const { job } = await h.iot.send(new DescribeJobCommand({ jobId }));
  return job;
}

async function completed(jobId: string) {
  await waitFor(async () => (await describeJob(jobId))?.status === 'COMPLETED', `${jobId} done`);
}

/** IoT completes a job on the final update; the agent acts once the reply reaches it. */
async function settled(fleetRunning: Fleet, outcomes: number) {
  await waitFor(() => {
    const { succeeded, failed, rejected, cancelled } = fleetRunning.stats().ota;
    return succeeded + failed + rejected + cancelled >= outcomes;
  }, `${outcomes} executions settled on the vehicles`);
}

async function execution(jobId: string, thingName: string) {
  const { execution: found } = await h.iot.send(
    new DescribeJobExecutionCommand({ jobId, thingName }),
  );
  return { status: found?.status, details: found?.statusDetails?.detailsMap ?? {} };
}

async function softwareAttribute(thingName: string) {
  const { attributes } = await h.iot.send(new DescribeThingCommand({ thingName }));
  return attributes?.softwareVersion;
}

/** `SoftwareVersion` of each cardata the vehicle published, from report `from` on. */
function cardataVersions(thingName: string, from = 0): (string | undefined)[] {
  return h.broker.reports
    .slice(from)
    .flatMap((report) =>
      report.type === 'publish' && report.topic === `dt/cvra/${thingName}/cardata`
        ? [(JSON.parse(report.payload) as CardataPayload).SoftwareVersion]
        : [],
    );
}

/** The UpdateJobExecution requests the vehicle published for a job, in order. */
function updatesOf(thingName: string, jobId: string): UpdateRequest[] {
  return h.broker.reports.flatMap((report) =>
    report.type === 'publish' && report.topic === `$aws/things/${thingName}/jobs/${jobId}/update`
      ? [JSON.parse(report.payload) as UpdateRequest]
      : [],
  );
}

const jobsTraffic = () =>
  h.broker.reports.filter(
    (report) => report.type === 'publish' && report.topic.startsWith('$aws/things/'),
  );

describe('the OTA agent against the IoT Jobs emulator', () => {
  it('updates every targeted vehicle over MQTT: new version in cardata and the registry', async () => {
    const running = await startOtaFleet({ durationMs: 300 });
    const targets = thingNames.slice(0, 3);
    await waitFor(
      () => thingNames.every((name, i) => cardataVersions(name).includes(initialVersion(i))),
      'cardata carrying each initial version',
    );
    const mark = h.broker.reports.length;

    await createJob('ota-mqtt', otaDocument(NEW_VERSION), targets);
    await completed('ota-mqtt');
    await settled(running, 3);
    for (const name of targets) {
      expect(await execution('ota-mqtt', name)).toEqual({
        status: 'SUCCEEDED',
        details: { step: 'done', progress: '100', softwareVersion: NEW_VERSION },
      });
    }
    expect((await describeJob('ota-mqtt'))?.jobProcessDetails?.numberOfSucceededThings).toBe(3);
    expect(running.vehicles.map((vehicle) => vehicle.softwareVersion)).toEqual([
      NEW_VERSION,
      NEW_VERSION,
      NEW_VERSION,
      initialVersion(3),
    ]);

    await waitFor(
      () => targets.every((name) => cardataVersions(name, mark).includes(NEW_VERSION)),
      'cardata carrying the new version',
    );
    await waitFor(
      async () =>
        (await Promise.all(targets.map(softwareAttribute))).every((v) => v === NEW_VERSION),
      'the softwareVersion attributes',
    );
    expect(await softwareAttribute(thingNames[3]!)).toBe(initialVersion(3));
    expect(cardataVersions(thingNames[3]!, mark).every((v) => v === initialVersion(3))).toBe(true);

    // Progress went out a few times, strings only, each update expecting the version before it.
    const updates = updatesOf(targets[0]!, 'ota-mqtt');
    const progress = updates.filter((update) => update.status === 'IN_PROGRESS');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress[0]?.statusDetails).toEqual({ step: 'downloading', progress: '0' });
    expect(progress.map((update) => update.statusDetails?.step)).toContain('installing');
    expect(updates.at(-1)?.status).toBe('SUCCEEDED');
    const versions = updates.map((update) => update.expectedVersion!);
    expect(versions).toEqual(versions.map((_, i) => versions[0]! + i));

    expect(running.stats().ota).toEqual({
      started: 3,
      succeeded: 3,
      failed: 0,
      rejected: 0,
      cancelled: 0,
      errors: 0,
    });
    expect(errors).toEqual([]);
  });

  it('updates every targeted vehicle by polling the HTTP data plane', async () => {
    const running = await startOtaFleet({ ...httpTransport(), durationMs: 300 });
    const targets = thingNames.slice(1);
    const mark = h.broker.reports.length;

    await createJob('ota-http', otaDocument(NEW_VERSION), targets);
    await completed('ota-http');
    await settled(running, 3);
    for (const name of targets) {
      expect(await execution('ota-http', name)).toMatchObject({
        status: 'SUCCEEDED',
        details: { softwareVersion: NEW_VERSION },
      });
    }
    expect(running.vehicles[0]!.softwareVersion).toBe(initialVersion(0));
    expect(running.vehicles.slice(1).every((v) => v.softwareVersion === NEW_VERSION)).toBe(true);
    await waitFor(
      () => targets.every((name) => cardataVersions(name, mark).includes(NEW_VERSION)),
      'cardata carrying the new version',
    );
    await waitFor(
      async () =>
        (await Promise.all(targets.map(softwareAttribute))).every((v) => v === NEW_VERSION),
      'the softwareVersion attributes',
    );
    expect(jobsTraffic()).toEqual([]);
    expect(running.stats().ota).toMatchObject({ started: 3, succeeded: 3, errors: 0 });
    expect(errors).toEqual([]);
  });

  it('fails installs at failure rate 1, rejects what is not an OTA job, skips a current version', async () => {
    const running = await startOtaFleet({ durationMs: 300, failureRate: 1 });
    const [a, b] = [thingNames[0]!, thingNames[1]!];

    await createJob('ota-fails', otaDocument(NEW_VERSION), [a, b]);
    await completed('ota-fails');
    await settled(running, 2);
    for (const [index, name] of [a, b].entries()) {
      const { status, details } = await execution('ota-fails', name);
      expect(status).toBe('FAILED');
      expect(details.reason).toEqual(expect.stringMatching(/\w+/));
      expect(details.softwareVersion).toBe(initialVersion(index));
      expect(running.vehicles[index]!.softwareVersion).toBe(initialVersion(index));
    }
    const updates = updatesOf(a, 'ota-fails');
    expect(updates[0]).toMatchObject({
      status: 'IN_PROGRESS',
      statusDetails: { step: 'downloading', progress: '0' },
    });
    expect(updates.at(-1)).toMatchObject({ status: 'FAILED' });

    await createJob('not-ota', { operation: 'reboot' }, [a]);
    await createJob('no-version', { operation: 'ota_update' }, [a]);
    await createJob('already-current', otaDocument(initialVersion(1)), [b]);
    await Promise.all(['not-ota', 'no-version', 'already-current'].map(completed));
    await settled(running, 5);
    expect(await execution('not-ota', a)).toEqual({
      status: 'REJECTED',
      details: { reason: expect.stringContaining('operation') as string },
    });
    expect(await execution('no-version', a)).toEqual({
      status: 'REJECTED',
      details: { reason: expect.stringContaining('desiredVersion') as string },
    });
    expect(await execution('already-current', b)).toMatchObject({
      status: 'SUCCEEDED',
      details: { softwareVersion: initialVersion(1), note: 'already installed' },
    });
    expect(updatesOf(b, 'already-current').map((update) => update.status)).toEqual(['SUCCEEDED']);

    expect(running.stats().ota).toEqual({
      started: 2,
      succeeded: 1,
      failed: 2,
      rejected: 2,
      cancelled: 0,
      errors: 0,
    });
    expect(errors).toEqual([]);
  });

  it.each(['mqtt', 'http'] as const)(
    'stops an install whose job is force-cancelled (%s), and takes the next job',
    async (transport) => {
      const running = await startOtaFleet({
        ...(transport === 'http' ? httpTransport() : {}),
        durationMs: 1_500,
      });
      const target = thingNames[0]!;

      await createJob('to-cancel', otaDocument(NEW_VERSION), [target]);
      await waitFor(async () => {
        const { status, details } = await execution('to-cancel', target);
        return status === 'IN_PROGRESS' && details.step !== undefined;
      }, 'the install to report progress');
      await h.iot.send(new CancelJobCommand({ jobId: 'to-cancel', force: true }));
      await waitFor(() => running.stats().ota.cancelled === 1, 'the agent to stop the install');
      expect((await execution('to-cancel', target)).status).toBe('CANCELED');
      expect(running.vehicles[0]!.softwareVersion).toBe(initialVersion(0));
      expect(
        updatesOf(target, 'to-cancel').filter((update) => update.status !== 'IN_PROGRESS'),
      ).toEqual([]);

      await createJob('after-cancel', otaDocument(NEW_VERSION), [target]);
      await completed('after-cancel');
      await settled(running, 2);
      expect((await execution('after-cancel', target)).status).toBe('SUCCEEDED');
      expect(running.vehicles[0]!.softwareVersion).toBe(NEW_VERSION);
      expect(running.stats().ota).toMatchObject({
        started: 2,
        succeeded: 1,
        cancelled: 1,
        failed: 0,
        errors: 0,
      });
      expect(errors).toEqual([]);
    },
  );

  it("reports the new version with the registry's updated event in local mode", async () => {
    // CreateJob needs the things in the registry; the fleet then announces them by events.
    const registrations = profiles.map((profile) => thingRegistration(profile.identity));
    await iotRegistryProvisioner({ client: h.iot }).provision(registrations);
    await startOtaFleet(
      { durationMs: 300 },
      registryEventProvisioner({ brokerUrl: h.broker.url, ...INTERNAL }),
    );
    const target = thingNames[2]!;
    await createJob('ota-local', otaDocument(NEW_VERSION), [target]);
    await completed('ota-local');

    const topic = `$aws/events/thing/${target}/updated`;
    await waitFor(
      () => h.broker.reports.some((report) => report.type === 'publish' && report.topic === topic),
      'the updated event',
    );
    const [event] = h.broker.reports.flatMap((report) =>
      report.type === 'publish' && report.topic === topic
        ? [JSON.parse(report.payload) as Record<string, unknown>]
        : [],
    );
    expect(event).toMatchObject({
      eventType: 'THING_EVENT',
      operation: 'UPDATED',
      thingName: target,
      attributes: { ...registrations[2]!.attributes, softwareVersion: NEW_VERSION },
    });
    expect(event!.versionNumber).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });
});
