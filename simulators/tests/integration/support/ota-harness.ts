import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoTClient } from '@aws-sdk/client-iot';
import { startLocalAws, type LocalAws } from '@fleet/aws-emulators';
import { startTestBroker, type TestBroker } from './test-broker';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
/** The broker's privileged identity, for registry events. */
export const INTERNAL = { username: 'fleet-internal', password: 'not-a-real-secret' };

/** A device's message to IoT Jobs. */
const JOBS_REQUEST = /^\$aws\/things\/[^/]+\/jobs\//;

export interface OtaHarness {
  readonly broker: TestBroker;
  readonly aws: LocalAws;
  /** The control plane, as fleet engineers (and the API) reach it. */
  readonly iot: IoTClient;
  close(): Promise<void>;
}

/**
 * Local mode's IoT in miniature: an Aedes broker and the AWS emulators, wired as local mode
 * wires them. IoT Jobs publishes its replies and notifications through the broker, devices'
 * messages on `$aws/things/{thing}/jobs/…` go to the emulator, and the broker admits the things
 * the emulated registry holds.
 */
export async function startOtaHarness(): Promise<OtaHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-simulator-ota-'));
  // The emulator publishes through the broker, which starts second: it admits what the
  // emulator's registry holds.
  const via: { broker?: TestBroker } = {};
  const aws = await startLocalAws({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    region: REGION,
    publish: (topic, payload) => via.broker?.publish(topic, payload),
  });
  const broker = await startTestBroker(INTERNAL.username, INTERNAL.password, {
    isRegistered: (thingName) => aws.registry.hasThing(thingName),
  });
  via.broker = broker;
  broker.onClientPublish((topic, payload) => {
    if (JOBS_REQUEST.test(topic)) aws.jobs.handleDeviceMessage(topic, payload);
  });
  const iot = new IoTClient({ endpoint: aws.url, region: REGION, credentials: CREDENTIALS });
  return {
    broker,
    aws,
    iot,
    async close() {
      iot.destroy();
      await aws.close();
      await broker.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
