import { join } from 'node:path';
import { IoTClient } from '@aws-sdk/client-iot';
import { type EnsureIndicesReport, ensureIndices } from '@fleet/index-mappings';
import { DEFAULT_ANOMALY_THRESHOLDS } from '@fleet/fleet-config';
import { createIngestHandlers, createJobDocumentSource } from '@fleet/ingest';
import { IOT_RULES } from '@fleet/iot-rules';
import { startSearchEngineThread } from '@fleet/search-engine';
import {
  type Fleet,
  type VehicleSimulationOptions,
  registryEventProvisioner,
  startFleet,
} from '@fleet/simulator';
import { Client } from '@opensearch-project/opensearch';
import type { LocalStackConfig } from './config';
import { errorActionRecord, createFileErrorSink } from './iot-core/file-error-sink';
import { loadInternalIdentity } from './iot-core/internal-identity';
import { type MqttBroker, startMqttBroker } from './iot-core/mqtt-broker';
import { BackpressureGate } from './iot-core/backpressure-gate';
import { LocalThingRegistry } from './iot-core/thing-registry';
import { type RulesEngine, type RuleBatching, startRulesEngine } from './rules-engine/rules-engine';

export interface LocalStack {
  readonly searchUrl: string;
  readonly indices: EnsureIndicesReport;
  readonly mqttUrl: string;
  readonly mqttWsUrl: string;
  /** Where rejected and undeliverable messages land (the rules' error action). */
  readonly errorDir: string;
  /** The privileged MQTT identity of local components (and of `npm run simulate`). */
  readonly internalIdentity: { readonly username: string; readonly password: string };
  readonly rulesEngine: RulesEngine;
  readonly things: LocalThingRegistry;
  /** The simulated fleet, when the config asks for one. */
  readonly fleet?: Fleet;
  close(): Promise<void>;
}

export interface LocalStackOptions {
  /** Per-rule micro-batching: up to N records or T ms, a few batches in flight. */
  readonly batching?: RuleBatching;
  readonly log?: (message: string) => void;
  /** How the simulated fleet behaves (tests use short trips); realistic defaults otherwise. */
  readonly fleetSimulation?: VehicleSimulationOptions;
}

/**
 * Batches of up to 1,000 with four in flight: measured (bench:ingest) to sustain about a fifth
 * more than 500 with two, since the engine, on its own thread, indexes one while the next is built.
 */
const DEFAULT_BATCHING: RuleBatching = {
  maxBatchSize: 1000,
  maxDelayMs: 50,
  maxConcurrentFlushes: 4,
};

/**
 * Boots local mode: the search engine with every index, the MQTT broker under the device policy,
 * the rules engine feeding the ingest handlers in-process, and a simulated fleet.
 */
export async function startLocalStack(
  config: LocalStackConfig,
  options: LocalStackOptions = {},
): Promise<LocalStack> {
  const log = options.log ?? ((message: string) => console.log(`[local] ${message}`));
  // Run in reverse on close: fleet, held publishes released, broker (no more intake), rules
  // drained into the handlers, error records written, then the registry file and the engine.
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse())
      await closer().catch((err: unknown) => log(String(err)));
  };
  try {
    // On its own thread: indexing then runs beside the broker and the handlers, not between them.
    const search = await startSearchEngineThread({
      dataDir: join(config.dataDir, 'search'),
      host: config.host,
      port: config.searchPort,
    });
    closers.push(() => search.close());
    const client = new Client({ node: search.url });
    closers.push(() => client.close());
    // One node cannot hold replicas; the production domain keeps the files' replica count.
    const indices = await ensureIndices(client, { replicas: 0 });

    const errorSink = createFileErrorSink(join(config.dataDir, 'iot-errors'));
    closers.push(() => errorSink.flush());
    const things = new LocalThingRegistry(join(config.dataDir, 'iot', 'things.json'), (err) =>
      log(`thing registry not saved: ${String(err)}`),
    );
    closers.push(() => things.flush());
    // Drained after the broker stops taking messages, so none is acknowledged and then dropped.
    const started: { rulesEngine?: RulesEngine } = {};
    closers.push(() => started.rulesEngine?.close() ?? Promise.resolve());
    const internalIdentity = loadInternalIdentity(
      join(config.dataDir, 'iot', 'internal-identity.json'),
    );
    const batching = options.batching ?? DEFAULT_BATCHING;
    // Hold devices once two rounds of full batches are queued; let them go at half that.
    const highWater = batching.maxBatchSize * batching.maxConcurrentFlushes * 2;
    const gate = new BackpressureGate(highWater, highWater / 2);
    const broker: MqttBroker = await startMqttBroker({
      backpressure: gate,
      host: config.host,
      tcpPort: config.mqttPort,
      wsPort: config.mqttWsPort,
      internal: internalIdentity,
      isRegisteredThing: (name) => things.has(name),
      onRefused(refusal) {
        log(`refused publish from ${refusal.clientId}: ${refusal.reason}`);
        errorSink
          .write([
            errorActionRecord({
              ruleName: 'broker',
              topic: refusal.topic,
              clientId: refusal.clientId,
              payload: refusal.payload,
              failedAction: 'Publish',
              failedResource: 'mqtt-broker',
              errorMessage: refusal.reason,
            }),
          ])
          .catch((err: unknown) => log(`error sink write failed: ${String(err)}`));
      },
      log,
    });
    closers.push(() => broker.close());
    closers.push(() => Promise.resolve(gate.release()));
    // The registry stand-in learns things before any rule sees the event.
    broker.aedes.on('publish', (packet) => things.applyEvent(packet.topic));

    const handlers = createIngestHandlers({
      search: client,
      // Local SSM arrives with the AWS emulators; until then the default thresholds apply.
      anomalyThresholds: () => Promise.resolve(DEFAULT_ANOMALY_THRESHOLDS),
      jobDocuments: createJobDocumentSource({ iot: new IoTClient({}) }),
    });
    const rulesEngine = startRulesEngine({
      aedes: broker.aedes,
      rules: IOT_RULES,
      handlers,
      errorSink,
      batching,
      log,
      onBacklog: (backlog) => gate.update(backlog),
    });
    started.rulesEngine = rulesEngine;

    let fleet: Fleet | undefined;
    if (config.simulatedFleet.vehicles > 0) {
      fleet = await startFleet({
        brokerUrl: broker.tcpUrl,
        vehicles: config.simulatedFleet.vehicles,
        intervalMs: config.simulatedFleet.intervalMs,
        seed: config.simulatedFleet.seed,
        simulation: options.fleetSimulation,
        onError: (event) =>
          log(`fleet ${event.stage} error (${event.thingName}): ${String(event.error)}`),
        provisioner: registryEventProvisioner({
          brokerUrl: broker.tcpUrl,
          username: internalIdentity.username,
          password: internalIdentity.password,
        }),
      });
      const running = fleet;
      closers.push(() => running.stop());
    }

    return {
      searchUrl: search.url,
      indices,
      mqttUrl: broker.tcpUrl,
      mqttWsUrl: broker.wsUrl,
      errorDir: errorSink.directory,
      internalIdentity,
      rulesEngine,
      things,
      fleet,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
