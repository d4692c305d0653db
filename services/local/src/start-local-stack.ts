import { join } from 'node:path';
import { IoTClient } from '@aws-sdk/client-iot';
import { SSMClient } from '@aws-sdk/client-ssm';
import { API_ROUTES, createApiHandler } from '@fleet/api';
import { type LocalAws, startLocalAws } from '@fleet/aws-emulators';
import { DEFAULT_CONFIG_PATH } from '@fleet/fleet-config';
import { type EnsureIndicesReport, ensureIndices } from '@fleet/index-mappings';
import {
  createAnomalyThresholdSource,
  createIngestHandlers,
  createJobDocumentSource,
} from '@fleet/ingest';
import { IOT_RULES } from '@fleet/iot-rules';
import { startSearchEngineThread } from '@fleet/search-engine';
import {
  type Fleet,
  type OtaOptions,
  type VehicleSimulationOptions,
  iotRegistryProvisioner,
  startFleet,
} from '@fleet/simulator';
import { Client } from '@opensearch-project/opensearch';
import { startApiGateway } from './api-gateway/api-gateway';
import { startCognitoLocal } from './cognito/cognito-local';
import { type SeededUserPool, seedUserPool } from './cognito/seed-user-pool';
import type { LocalStackConfig } from './config';
import { errorActionRecord, createFileErrorSink } from './iot-core/file-error-sink';
import { loadInternalIdentity } from './iot-core/internal-identity';
import { type MqttBroker, startMqttBroker } from './iot-core/mqtt-broker';
import { BackpressureGate } from './iot-core/backpressure-gate';
import { LOCAL_AWS_REGION, localAwsClientConfig } from './local-aws-client-config';
import { writeLocalStackManifest } from './local-stack-manifest';
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
  /** The AWS emulators' edge (IoT registry and Jobs, the jobs data plane, SSM). */
  readonly aws: Pick<LocalAws, 'url' | 'region' | 'accountId' | 'registry'>;
  /** cognito-local with the seeded pool, console client and demo users. */
  readonly cognito: SeededUserPool & { readonly endpoint: string };
  /** The local API Gateway in front of the API Lambda. */
  readonly apiUrl: string;
  /** `.data/local-stack.json`, with every endpoint and id above. */
  readonly manifestFile: string;
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
  /** The simulated vehicles' OTA agents; defaults to the config's failure rate and duration. */
  readonly fleetOta?: OtaOptions | false;
}

/**
 * Batches of up to 1,000 with four in flight: measured (bench:ingest) to sustain about a fifth
 * more than 500 with two, since the engine, on its own thread, indexes one while the next is built.
 */
/** `$aws/things/{thing}/jobs/...` requests a device sends to IoT Jobs. */
const JOBS_REQUEST = /^\$aws\/things\/[^/]+\/jobs\//;

/** How IoT itself publishes (registry and job events, job replies): server-side, QoS 1. */
function publishFromIot(broker: MqttBroker | undefined, topic: string, payload: unknown) {
  if (!broker) return Promise.reject(new Error(`broker not up for ${topic}`));
  return new Promise<void>((resolve, reject) => {
    broker.aedes.publish(
      {
        cmd: 'publish',
        topic,
        payload: Buffer.from(JSON.stringify(payload)),
        qos: 1,
        retain: false,
        dup: false,
      },
      (err) => (err ? reject(err) : resolve()),
    );
  });
}

const DEFAULT_BATCHING: RuleBatching = {
  maxBatchSize: 1000,
  maxDelayMs: 50,
  maxConcurrentFlushes: 4,
};

/** A vehicle silent this long shows as offline on the map. */
const OFFLINE_AFTER_MS = 15 * 60_000;

/**
 * Boots local mode: the search engine with every index, the AWS emulators, the MQTT broker under
 * the device policy, the rules engine feeding the ingest handlers in-process, cognito-local, the
 * API behind a local API Gateway, and a simulated fleet.
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

    // Registry and job events go to the broker once it is up; nothing publishes before that.
    const started: { broker?: MqttBroker; rulesEngine?: RulesEngine } = {};
    const aws = await startLocalAws({
      host: config.host,
      port: config.awsEdgePort,
      dataDir: join(config.dataDir, 'aws'),
      region: LOCAL_AWS_REGION,
      // As the deployment does with UpdateEventConfigurations: ingest needs both.
      enableEvents: ['THING', 'JOB_EXECUTION'],
      publish: (topic, payload) => publishFromIot(started.broker, topic, payload),
      log,
    });
    closers.push(() => aws.close());
    const awsClientConfig = localAwsClientConfig(aws.url);
    const iot = new IoTClient(awsClientConfig);
    const ssm = new SSMClient(awsClientConfig);
    closers.push(() => Promise.resolve(iot.destroy()));
    closers.push(() => Promise.resolve(ssm.destroy()));

    // Drained after the broker stops taking messages, so none is acknowledged and then dropped.
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
      isRegisteredThing: (name) => aws.registry.hasThing(name),
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
    started.broker = broker;
    closers.push(() => broker.close());
    closers.push(() => Promise.resolve(gate.release()));
    // Devices' jobs requests (start-next, update, get) go to IoT Jobs, as in AWS IoT Core.
    broker.aedes.on('publish', (packet, client) => {
      if (client && JOBS_REQUEST.test(packet.topic)) {
        aws.jobs.handleDeviceMessage(packet.topic, packet.payload);
      }
    });

    const handlers = createIngestHandlers({
      search: client,
      anomalyThresholds: createAnomalyThresholdSource({
        ssm,
        configPath: DEFAULT_CONFIG_PATH,
        ttlMs: 10_000,
        onError: (message) => log(message),
      }),
      jobDocuments: createJobDocumentSource({ iot }),
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

    const cognitoLocal = await startCognitoLocal({
      host: config.host,
      port: config.cognitoPort,
      dataDir: join(config.dataDir, 'cognito'),
      log,
    });
    closers.push(() => cognitoLocal.close());
    const pool = await seedUserPool({
      endpoint: cognitoLocal.endpoint,
      demoPassword: config.demoPassword,
      region: LOCAL_AWS_REGION,
    });
    const api = createApiHandler({
      routes: API_ROUTES,
      deps: {
        search: client,
        ssm,
        iot,
        configPath: DEFAULT_CONFIG_PATH,
        offlineAfterMs: OFFLINE_AFTER_MS,
        now: Date.now,
        iotArnPrefix: `arn:aws:iot:${aws.region}:${aws.accountId}`,
      },
      corsOrigins: config.consoleOrigins,
      // Locally every response is checked against its documented schema.
      validateResponses: true,
      onError: (message, error) => log(`api: ${message}: ${String(error)}`),
    });
    const gateway = await startApiGateway({
      host: config.host,
      port: config.apiPort,
      handler: (event) => api(event),
      verifier: { issuer: pool.issuer, jwksUri: pool.jwksUri, clientId: pool.clientId },
      corsOrigins: config.consoleOrigins,
      log,
    });
    closers.push(() => gateway.close());

    let fleet: Fleet | undefined;
    if (config.simulatedFleet.vehicles > 0) {
      fleet = await startFleet({
        brokerUrl: broker.tcpUrl,
        vehicles: config.simulatedFleet.vehicles,
        intervalMs: config.simulatedFleet.intervalMs,
        seed: config.simulatedFleet.seed,
        simulation: options.fleetSimulation,
        ota: options.fleetOta ?? config.simulatedFleet.ota,
        onError: (event) =>
          log(`fleet ${event.stage} error (${event.thingName}): ${String(event.error)}`),
        provisioner: iotRegistryProvisioner({ client: iot }),
      });
      const running = fleet;
      closers.push(() => running.stop());
    }

    const cognito = { ...pool, endpoint: cognitoLocal.endpoint };
    const manifestFile = join(config.dataDir, 'local-stack.json');
    await writeLocalStackManifest(manifestFile, {
      searchUrl: search.url,
      mqttUrl: broker.tcpUrl,
      mqttWsUrl: broker.wsUrl,
      awsEndpoint: aws.url,
      apiUrl: gateway.url,
      region: aws.region,
      cognito: {
        endpoint: cognito.endpoint,
        userPoolId: cognito.userPoolId,
        clientId: cognito.clientId,
        issuer: cognito.issuer,
      },
      demoUsers: cognito.users.map(({ username, group }) => ({ username, group })),
      startedAt: new Date().toISOString(),
    });

    return {
      searchUrl: search.url,
      indices,
      mqttUrl: broker.tcpUrl,
      mqttWsUrl: broker.wsUrl,
      errorDir: errorSink.directory,
      internalIdentity,
      rulesEngine,
      aws,
      cognito,
      apiUrl: gateway.url,
      manifestFile,
      fleet,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
