import { IoTJobsDataPlaneClient } from '@aws-sdk/client-iot-jobs-data-plane';
import { connectAsync, type MqttClient } from 'mqtt';
import { createLimiter, settlesWithin } from './concurrency';
import type { DeviceCertificateProvisioner } from './device-certificate-provisioner';
import { deviceConnections, type FleetTarget } from './device-connection';
import { FleetCounters, type FleetStats } from './fleet-stats';
import type { OutgoingMessage } from './outgoing-message';
import type { JobsDataPlaneSender } from './ota/jobs-http-client';
import { resolveOtaOptions, type OtaOptions, type ResolvedOtaOptions } from './ota/ota-options';
import { startHttpOta, startMqttOta, type AgentSettings, type VehicleOta } from './ota/vehicle-ota';
import { createRandom, deriveSeed } from './random';
import { createVehicle, type SimulatedVehicle } from './simulated-vehicle';
import type { VehicleSimulationOptions } from './simulation-options';
import { thingRegistration, type ThingProvisioner } from './thing-provisioner';
import { createTickScheduler } from './tick-scheduler';
import { planFleet } from './vehicle-profile';

export const DEFAULT_BROKER_URL = 'mqtt://127.0.0.1:1883';

/** How to run a simulated fleet. Only `vehicles` is required. */
export interface FleetOptions {
  /** Number of vehicles; thing names are `sim-{seed}-00000` onwards. */
  readonly vehicles: number;
  /** How often a driving vehicle reports, ms. Default 2000. */
  readonly intervalMs?: number;
  /** Everything random derives from it: the same seed gives the same fleet. Default 1. */
  readonly seed?: number;
  /** Local mode's broker. Default `mqtt://127.0.0.1:1883`; ignored when `aws` is set. */
  readonly brokerUrl?: string;
  /** Connect to AWS IoT Core instead: mqtts on 8883 with per-thing X.509 files in `certDir`. */
  readonly aws?: { readonly endpoint: string; readonly certDir: string };
  /** Registers the things before any device connects; omit when they are registered already. */
  readonly provisioner?: ThingProvisioner;
  /**
   * With `aws`: creates the certificates things lack in `aws.certDir`, once `provisioner` has
   * registered them (certificates are attached to things) and before any device connects.
   */
  readonly deviceCertificates?: DeviceCertificateProvisioner;
  /** Connection attempts in flight at once. Default 100. */
  readonly connectConcurrency?: number;
  /** Unacknowledged publishes per vehicle before further messages are dropped. Default 20. */
  readonly maxInFlightPerVehicle?: number;
  /** Delay before an automatic reconnect, ms (jittered per vehicle). Default 5000. */
  readonly reconnectPeriodMs?: number;
  readonly simulation?: VehicleSimulationOptions;
  /**
   * Each vehicle's OTA agent, which carries out IoT Jobs OTA updates. Default: on, over MQTT
   * with 20 s installs that never fail; `false` switches it off.
   */
  readonly ota?: OtaOptions | false;
  /** Told about every error the fleet absorbs (it never throws them); default: ignored. */
  readonly onError?: (event: FleetErrorEvent) => void;
}

export interface FleetErrorEvent {
  readonly thingName: string;
  readonly stage: 'connect' | 'connection' | 'publish' | 'simulation' | 'ota';
  readonly error: unknown;
}

export interface Fleet {
  readonly vehicles: readonly SimulatedVehicle[];
  /** Resolves once every vehicle's first connection attempt has settled, successful or not. */
  readonly ready: Promise<void>;
  stats(): FleetStats;
  /** Stops ticking, lets in-flight publishes finish (briefly) and disconnects every vehicle. */
  stop(): Promise<void>;
}

interface VehicleLink {
  readonly vehicle: SimulatedVehicle;
  readonly thingName: string;
  /** Position in the fleet: seeds the vehicle's own random streams. */
  readonly index: number;
  /** In [0, 1): spreads reconnects and retries. */
  readonly jitter: number;
  client: MqttClient | undefined;
  /** The connection attempt under way, if any. */
  connecting: Promise<void> | undefined;
  lastTickMs: number | undefined;
  failures: number;
  retryAtMs: number;
  readonly inFlight: Set<Promise<void>>;
  /** Started with the first connection, as the vehicle's clock is. */
  ota: VehicleOta | undefined;
}

/** How long `stop` waits for PUBACKs, and then for a graceful disconnect, per vehicle. */
const STOP_GRACE_MS = 5_000;
const MAX_RETRY_DELAY_MS = 60_000;

async function validate(options: FleetOptions) {
  const { vehicles, intervalMs = 2_000, seed = 1 } = options;
  if (!Number.isInteger(vehicles) || vehicles < 1) {
    throw new RangeError(`vehicles must be a positive integer, not ${vehicles}`);
  }
  if (!Number.isFinite(intervalMs) || intervalMs < 10) {
    throw new RangeError(`intervalMs must be at least 10, not ${intervalMs}`);
  }
  if (!Number.isInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be a non-negative integer, not ${seed}`);
  }
  if (options.deviceCertificates && !options.aws) {
    throw new RangeError('deviceCertificates needs aws: certificates are for AWS IoT Core');
  }
  if (options.deviceCertificates && options.deviceCertificates.certDir !== options.aws?.certDir) {
    throw new RangeError(
      `deviceCertificates writes to ${options.deviceCertificates.certDir}, but devices read ${options.aws?.certDir}`,
    );
  }
  const ota = resolveOtaOptions(options.ota);
  // Before any thing is registered: a fleet whose devices could never connect creates nothing.
  await options.deviceCertificates?.preflight();
  return { vehicles, intervalMs, seed, ota };
}

/** The HTTPS jobs data plane client the fleet's agents share, and whether the fleet owns it. */
function jobsDataPlane(ota: ResolvedOtaOptions | undefined) {
  if (ota?.transport !== 'http') return { sender: undefined, owned: undefined };
  if (ota.dataPlaneClient) return { sender: ota.dataPlaneClient, owned: undefined };
  const { endpoint, region, credentials } = ota.dataPlane;
  const owned = new IoTJobsDataPlaneClient({
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
    ...(credentials === undefined ? {} : { credentials }),
  });
  return { sender: owned as JobsDataPlaneSender, owned };
}

/**
 * Starts a simulated fleet: provisions its things, connects one MQTT client per vehicle in
 * bounded waves, and ticks every vehicle from one fleet-wide scheduler, publishing what it says
 * with QoS 1. Errors are counted (and reported to `onError`), never thrown: a refused connection
 * is retried, a dropped one reconnects, a failed publish is only counted.
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const { vehicles: count, intervalMs, seed, ota } = await validate(options);
  const target: FleetTarget = options.aws
    ? { kind: 'aws-iot', ...options.aws }
    : { kind: 'broker', brokerUrl: options.brokerUrl ?? DEFAULT_BROKER_URL };
  const maxInFlight = options.maxInFlightPerVehicle ?? 20;
  const reconnectPeriodMs = options.reconnectPeriodMs ?? 5_000;
  const report = options.onError ?? (() => undefined);
  const counters = new FleetCounters();

  const profiles = planFleet(seed, count);
  const things = profiles.map((profile) => thingRegistration(profile.identity));
  await options.provisioner?.provision(things);
  await options.deviceCertificates?.ensure(things.map((thing) => thing.thingName));

  const dataPlane = jobsDataPlane(ota);

  const jitters = createRandom(deriveSeed(seed, 'jitter'));
  const links: VehicleLink[] = profiles.map((profile) => ({
    vehicle: createVehicle(profile, options.simulation),
    thingName: profile.identity.thingName,
    index: profile.identity.index,
    jitter: jitters.next(),
    client: undefined,
    connecting: undefined,
    lastTickMs: undefined,
    failures: 0,
    retryAtMs: 0,
    inFlight: new Set(),
    ota: undefined,
  }));
  const connection = deviceConnections(target, reconnectPeriodMs);
  const limit = createLimiter(options.connectConcurrency ?? 100);
  let stopping = false;

  const startOta = (link: VehicleLink, client: MqttClient) => {
    if (!ota || link.ota) return;
    const { provisioner } = options;
    const settings: AgentSettings = {
      vehicle: link.vehicle,
      random: createRandom(deriveSeed(seed, link.index, 'ota')),
      durationMs: ota.durationMs,
      failureRate: ota.failureRate,
      stepTimeoutInMinutes: ota.stepTimeoutInMinutes,
      onInstalled: provisioner
        ? (version) => provisioner.reportSoftwareVersion(link.thingName, version)
        : undefined,
      onOutcome: (outcome) => {
        counters.ota[outcome] += 1;
      },
      onError: (error) => {
        counters.ota.errors += 1;
        report({ thingName: link.thingName, stage: 'ota', error });
      },
    };
    link.ota = dataPlane.sender
      ? startHttpOta(
          dataPlane.sender,
          link.thingName,
          settings,
          ota.pollIntervalMs,
          createRandom(deriveSeed(seed, link.index, 'ota-poll')),
        )
      : startMqttOta(client, link.thingName, settings, ota.requestTimeoutMs);
  };

  const attach = (link: VehicleLink, client: MqttClient) => {
    link.client = client;
    link.failures = 0;
    client.on('error', (error) => {
      counters.connectionErrors += 1;
      report({ thingName: link.thingName, stage: 'connection', error });
    });
    client.on('reconnect', () => {
      counters.reconnects += 1;
    });
    startOta(link, client);
  };

  const attempt = async (link: VehicleLink): Promise<void> => {
    try {
      await limit(async () => {
        if (stopping) return;
        const { url, options: mqttOptions } = await connection(link.thingName, link.jitter);
        const client = await connectAsync(url, mqttOptions);
        if (stopping) await client.endAsync(true);
        else attach(link, client);
      });
    } catch (error) {
      counters.connectionErrors += 1;
      link.failures += 1;
      // Exponential back-off, jittered, so a broker that refuses everyone is not hammered.
      const delay = Math.min(MAX_RETRY_DELAY_MS, reconnectPeriodMs * 2 ** (link.failures - 1));
      link.retryAtMs = Date.now() + delay * (1 + link.jitter);
      report({ thingName: link.thingName, stage: 'connect', error });
    } finally {
      link.connecting = undefined;
    }
  };
  const connect = (link: VehicleLink): Promise<void> => {
    if (link.client || stopping) return Promise.resolve();
    link.connecting ??= attempt(link);
    return link.connecting;
  };

  const publish = (link: VehicleLink, message: OutgoingMessage) => {
    const client = link.client;
    if (!client?.connected || link.inFlight.size >= maxInFlight) {
      counters.dropped += 1;
      return;
    }
    const pending = client
      .publishAsync(message.topic, JSON.stringify(message.payload), { qos: 1 })
      .then(
        () => {
          counters.sent[message.kind] += 1;
        },
        (error: unknown) => {
          counters.publishErrors += 1;
          report({ thingName: link.thingName, stage: 'publish', error });
        },
      )
      .finally(() => link.inFlight.delete(pending));
    link.inFlight.add(pending);
  };

  const tick = (link: VehicleLink, nowMs: number) => {
    if (!link.client) {
      // Never connected yet: a vehicle's clock starts with its first connection.
      if (!link.connecting && link.failures > 0 && nowMs >= link.retryAtMs) void connect(link);
      return;
    }
    const dtSeconds = link.lastTickMs === undefined ? 0 : (nowMs - link.lastTickMs) / 1000;
    link.lastTickMs = nowMs;
    let messages: OutgoingMessage[];
    try {
      messages = link.vehicle.tick(nowMs, dtSeconds);
    } catch (error) {
      report({ thingName: link.thingName, stage: 'simulation', error });
      return;
    }
    for (const message of messages) publish(link, message);
  };

  const scheduler = createTickScheduler({
    intervalMs,
    slots: count,
    onSlot(slot, nowMs, slots) {
      for (let index = slot; index < links.length; index += slots) {
        tick(links[index] as VehicleLink, nowMs);
      }
    },
  });
  scheduler.start();
  const ready = Promise.all(links.map(connect)).then(() => undefined);

  const disconnect = async (link: VehicleLink) => {
    const client = link.client;
    if (!client) return;
    const acknowledged = await settlesWithin(Promise.allSettled(link.inFlight), STOP_GRACE_MS);
    // A clean DISCONNECT when nothing is outstanding; otherwise drop the socket.
    const ended = client.endAsync(!acknowledged || !client.connected);
    if (!(await settlesWithin(ended, STOP_GRACE_MS))) client.stream.destroy();
    await ended.catch(() => undefined);
  };

  let stopped: Promise<void> | undefined;
  return {
    vehicles: links.map((link) => link.vehicle),
    ready,
    stats: () =>
      counters.snapshot(count, links.filter((link) => link.client?.connected === true).length),
    stop() {
      stopped ??= (async () => {
        stopping = true;
        scheduler.stop();
        await ready;
        // Attempts under way end their client themselves once they see `stopping`.
        await Promise.all(links.flatMap((link) => link.connecting ?? []));
        // Installs stop where they are; their executions stay IN_PROGRESS, as a powered-off
        // vehicle's would, until they are resumed or time out.
        await Promise.all(
          links.flatMap((link) => (link.ota ? settlesWithin(link.ota.stop(), STOP_GRACE_MS) : [])),
        );
        await Promise.all(links.map(disconnect));
        dataPlane.owned?.destroy();
        await options.provisioner?.close?.().catch(() => undefined);
      })();
      return stopped;
    },
  };
}
