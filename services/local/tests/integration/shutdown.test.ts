import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { IoTClient } from '@aws-sdk/client-iot';
import { iotRegistryProvisioner } from '@fleet/simulator';
import mqtt from 'mqtt';
import { startLocalStack } from '../../src/start-local-stack';
import { localAwsClientConfig } from '../../src/local-aws-client-config';
import { testConfig } from '../support/local-stack-harness';

const quiet = { log: () => undefined };

describe('local stack shutdown', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fleet-shutdown-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('ingests every message the broker acknowledged before it stopped', async () => {
    const stack = await startLocalStack(testConfig(dataDir), quiet);
    const thing = {
      thingName: 'tcu-9',
      attributes: {
        vin: '1HGCM82633A004352',
        make: 'Honda',
        model: 'Accord',
        year: '2019',
        colour: 'blue',
        softwareVersion: '1.0.0',
      },
    };
    const iot = new IoTClient(localAwsClientConfig(stack.aws.url));
    await iotRegistryProvisioner({ client: iot }).provision([thing]);
    iot.destroy();
    const device = await mqtt.connectAsync(stack.mqttUrl, {
      clientId: 'tcu-9',
      protocolVersion: 4,
    });
    const acked = 300;
    await Promise.all(
      Array.from({ length: acked }, (_, i) =>
        device.publishAsync(
          'dt/cvra/tcu-9/cardata',
          JSON.stringify({
            MessageId: `m-${i}`,
            SendTimeStamp: new Date(Date.now() - 60_000 + i).toISOString(),
            VIN: '1HGCM82633A004352',
            GeoLocation: { Latitude: 52.5, Longitude: 13.4 },
          }),
          { qos: 1 },
        ),
      ),
    );
    // Close at once: whatever is still queued in the rules engine must reach the index.
    await device.endAsync(true);
    await stack.close();

    const restarted = await startLocalStack(testConfig(dataDir), quiet);
    const client = new Client({ node: restarted.searchUrl });
    try {
      await client.indices.refresh({ index: 'cardata' });
      const { body } = await client.count({ index: 'cardata' });
      expect(body.count).toBe(acked);
    } finally {
      await client.close();
      await restarted.close();
    }
  });
});
