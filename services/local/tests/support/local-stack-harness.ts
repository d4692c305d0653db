import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IotErrorActionRecord } from '@fleet/iot-rules';
import { IoTClient } from '@aws-sdk/client-iot';
import {
  type ThingAttributes,
  type VehicleSimulationOptions,
  iotRegistryProvisioner,
} from '@fleet/simulator';
import { Client } from '@opensearch-project/opensearch';
import mqtt, { type MqttClient } from 'mqtt';
import { type LocalStackConfig, ephemeralConfig } from '../../src/config';
import { localAwsClientConfig } from '../../src/local-aws-client-config';
import { type LocalStack, startLocalStack } from '../../src/start-local-stack';

/** Polls until `check` returns a value (or true); a wait, not a timing assertion. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A whole local stack on ephemeral ports, with short OTA installs for the simulated fleet. */
export function testConfig(
  dataDir: string,
  fleet: Partial<LocalStackConfig['simulatedFleet']> = {},
): LocalStackConfig {
  return ephemeralConfig(dataDir, {
    demoPassword: 'Test-Demo-Pass-1!',
    fleet: { ota: { failureRate: 0, durationMs: 300 }, ...fleet },
  });
}

export interface Harness {
  readonly stack: LocalStack;
  readonly search: Client;
  readonly logs: string[];
  /** Registers things the way provisioning does: CreateThing against the local IoT registry. */
  provision(thingName: string, attributes: ThingAttributes): Promise<void>;
  device(thingName: string, options?: { ws?: boolean }): Promise<MqttClient>;
  errorRecords(): IotErrorActionRecord[];
  count(index: string): Promise<number>;
  close(): Promise<void>;
}

export async function startHarness(
  overrides: Partial<LocalStackConfig['simulatedFleet']> = {},
  fleetSimulation?: VehicleSimulationOptions,
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-stack-'));
  const logs: string[] = [];
  const stack = await startLocalStack(testConfig(dataDir, overrides), {
    batching: { maxBatchSize: 200, maxDelayMs: 20, maxConcurrentFlushes: 2 },
    log: (m) => logs.push(m),
    fleetSimulation,
  });
  const search = new Client({ node: stack.searchUrl });
  const clients: MqttClient[] = [];
  const iot = new IoTClient(localAwsClientConfig(stack.aws.url));
  const provisioner = iotRegistryProvisioner({ client: iot });
  return {
    stack,
    search,
    logs,
    async provision(thingName, attributes) {
      await provisioner.provision([{ thingName, attributes }]);
    },
    async device(thingName, options = {}) {
      const client = await mqtt.connectAsync(options.ws ? stack.mqttWsUrl : stack.mqttUrl, {
        clientId: thingName,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      clients.push(client);
      return client;
    },
    errorRecords() {
      const records: IotErrorActionRecord[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else if (name.endsWith('.json'))
            records.push(JSON.parse(readFileSync(path, 'utf8')) as IotErrorActionRecord);
        }
      };
      try {
        walk(stack.errorDir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      return records;
    },
    async count(index) {
      await search.indices.refresh({ index });
      const { body } = await search.count({ index });
      return body.count;
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true)));
      iot.destroy();
      await search.close();
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
