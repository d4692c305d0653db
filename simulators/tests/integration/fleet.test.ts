import { parseDeviceMessage, parseDeviceTopic } from '@fleet/device-contract';
import { registryEventProvisioner } from '../../src/registry-event-provisioner';
import { startFleet, type Fleet } from '../../src/start-fleet';
import { planFleet } from '../../src/vehicle-profile';
import { startTestBroker, type BrokerReport, type TestBroker } from './support/test-broker';

const USERNAME = 'fleet-internal';
const PASSWORD = 'not-a-real-secret';
const VEHICLES = 20;
const SEED = 31;
const thingNames = planFleet(SEED, VEHICLES).map((p) => p.identity.thingName);

type Publish = Extract<BrokerReport, { type: 'publish' }>;
const publishes = (reports: readonly BrokerReport[]) =>
  reports.filter((r): r is Publish => r.type === 'publish');
const devicePublishes = (reports: readonly BrokerReport[]) =>
  publishes(reports).filter((r) => r.topic.startsWith('dt/'));
/** Vehicles that have published at least `n` cardata. */
function reporting(reports: readonly BrokerReport[], n: number): number {
  const counts = new Map<string, number>();
  for (const r of devicePublishes(reports)) {
    if (r.topic.endsWith('/cardata')) counts.set(r.clientId, (counts.get(r.clientId) ?? 0) + 1);
  }
  return [...counts.values()].filter((count) => count >= n).length;
}

describe('a simulated fleet on a real MQTT broker', () => {
  let broker: TestBroker;
  let fleet: Fleet | undefined;

  beforeEach(async () => {
    broker = await startTestBroker(USERNAME, PASSWORD);
  });

  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
    await broker.close();
  });

  it('registers every thing, then each vehicle reports on its own topics as itself', async () => {
    fleet = await startFleet({
      brokerUrl: broker.url,
      vehicles: VEHICLES,
      intervalMs: 200,
      seed: SEED,
      provisioner: registryEventProvisioner({
        brokerUrl: broker.url,
        username: USERNAME,
        password: PASSWORD,
      }),
    });
    await fleet.ready;
    expect(fleet.stats().connected).toBe(VEHICLES);
    // Parked vehicles report every 10th tick: two reports each take about 2 s.
    await broker.until((reports) => reporting(reports, 2) === VEHICLES);
    await fleet.stop();
    const stats = fleet.stats();
    const { reports } = broker;

    // Registry events came first, for every thing, from the privileged identity.
    const events = publishes(reports).filter((r) => r.topic.startsWith('$aws/events/'));
    expect(events.map((e) => e.topic).sort()).toEqual(
      thingNames.map((name) => `$aws/events/thing/${name}/created`).sort(),
    );
    const firstDevice = reports.findIndex((r) => r.type === 'auth' && !r.privileged);
    expect(reports.indexOf(events.at(-1)!)).toBeLessThan(firstDevice);
    for (const event of events) {
      const body = JSON.parse(event.payload) as Record<string, unknown>;
      expect(body).toMatchObject({
        eventType: 'THING_EVENT',
        operation: 'CREATED',
        versionNumber: 1,
      });
      expect(body.attributes).toEqual(expect.objectContaining({ vin: expect.any(String) }));
    }

    // Devices connected as their thing names, without credentials, and were all admitted.
    const deviceAuths = reports.filter((r) => r.type === 'auth' && !r.privileged);
    expect(deviceAuths.every((r) => r.type === 'auth' && r.accepted)).toBe(true);
    expect(new Set(deviceAuths.map((r) => r.type === 'auth' && r.clientId))).toEqual(
      new Set(thingNames),
    );

    // Each vehicle published only on its own topics, valid payloads only.
    const failures: string[] = [];
    for (const publish of devicePublishes(reports)) {
      const topic = parseDeviceTopic(publish.topic);
      if (topic?.deviceId !== publish.clientId) {
        failures.push(`${publish.clientId} on ${publish.topic}`);
        continue;
      }
      const parsed = parseDeviceMessage(topic.kind, {
        ...(JSON.parse(publish.payload) as object),
        deviceid: topic.deviceId,
        receivedat: Date.now(),
      });
      if (!parsed.success) failures.push(parsed.reason);
    }
    expect(failures).toEqual([]);

    expect(stats.sent.cardata).toBeGreaterThanOrEqual(2 * VEHICLES);
    expect(stats.sentTotal).toBe(devicePublishes(reports).length);
    expect(stats).toMatchObject({ connected: 0, publishErrors: 0, connectionErrors: 0 });
  });

  it('reconnects every vehicle after the broker drops them, and keeps reporting', async () => {
    fleet = await startFleet({
      brokerUrl: broker.url,
      vehicles: 5,
      intervalMs: 100,
      seed: SEED,
      reconnectPeriodMs: 50,
      simulation: { startDriving: true },
      provisioner: registryEventProvisioner({
        brokerUrl: broker.url,
        username: USERNAME,
        password: PASSWORD,
      }),
    });
    await fleet.ready;
    await broker.until((reports) => reporting(reports, 3) === 5);
    const before = broker.reports.length;
    broker.dropDevices();
    // Three more reports from every vehicle, after the drop.
    await broker.until((reports) => reporting(reports.slice(before), 3) === 5);
    const stats = fleet.stats();
    expect(stats.reconnects).toBeGreaterThanOrEqual(5);
    expect(stats.connected).toBe(5);
    const reauthenticated = broker.reports
      .slice(before)
      .filter((r) => r.type === 'auth' && r.accepted);
    expect(reauthenticated).toHaveLength(5);
  });

  it('counts refused connections without crashing when things are not registered', async () => {
    const refused: string[] = [];
    fleet = await startFleet({
      brokerUrl: broker.url,
      vehicles: 3,
      intervalMs: 100,
      seed: SEED,
      reconnectPeriodMs: 50,
      onError: (event) => refused.push(`${event.stage} ${event.thingName}`),
    });
    await fleet.ready;
    // Refused vehicles retry with back-off: wait for a second round of refusals.
    await broker.until((reports) => reports.filter((r) => r.type === 'auth').length >= 6);
    const stats = fleet.stats();
    expect(stats.connected).toBe(0);
    expect(stats.connectionErrors).toBeGreaterThanOrEqual(3);
    expect(stats.sentTotal).toBe(0);
    expect(refused.slice(0, 3).sort()).toEqual(thingNames.slice(0, 3).map((n) => `connect ${n}`));
    expect(devicePublishes(broker.reports)).toEqual([]);
  });
});
