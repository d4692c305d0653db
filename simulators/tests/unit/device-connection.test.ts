import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateFiles, deviceConnections } from '../../src/device-connection';

describe('device connections', () => {
  it('connect to a local broker as the thing, over MQTT 3.1.1 with a clean session', async () => {
    const connection = deviceConnections(
      { kind: 'broker', brokerUrl: 'mqtt://127.0.0.1:1883' },
      4_000,
    );
    const { url, options } = await connection('sim-1-00003', 0.5);
    expect(url).toBe('mqtt://127.0.0.1:1883');
    expect(options).toMatchObject({
      clientId: 'sim-1-00003',
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 6_000,
    });
    expect(options.username).toBeUndefined();
  });

  it("connect to AWS IoT Core on 8883 with the thing's own certificate", async () => {
    const certDir = await mkdtemp(join(tmpdir(), 'fleet-certs-'));
    try {
      const files = certificateFiles(certDir, 'sim-1-00003');
      await writeFile(files.cert, 'CERT');
      await writeFile(files.key, 'KEY');
      await writeFile(files.ca, 'ROOT CA');
      const endpoint = 'abc123-ats.iot.eu-west-1.amazonaws.com';
      const connection = deviceConnections({ kind: 'aws-iot', endpoint, certDir }, 5_000);
      const { url, options } = await connection('sim-1-00003', 0);
      expect(url).toBe(`mqtts://${endpoint}:8883`);
      expect(options).toMatchObject({
        clientId: 'sim-1-00003',
        protocolVersion: 4,
        clean: true,
        servername: endpoint,
        rejectUnauthorized: true,
      });
      expect(String(options.cert)).toBe('CERT');
      expect(String(options.key)).toBe('KEY');
      expect(String(options.ca)).toBe('ROOT CA');
      await expect(connection('sim-1-00004', 0)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await rm(certDir, { recursive: true, force: true });
    }
  });
});
