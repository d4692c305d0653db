import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreatePolicyCommand,
  IoTClient,
  ListAttachedPoliciesCommand,
  ListThingPrincipalsCommand,
} from '@aws-sdk/client-iot';
import { startLocalAws } from '@fleet/aws-emulators';
import { startTestBroker } from './support/test-broker';

const MAIN = join(__dirname, '..', '..', 'src', 'main.ts');

/** Runs the CLI; `whenOutput` is called on each chunk of stdout with the process. */
function simulate(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('simulate command', () => {
  it('exits with 2 and says why on a bad flag', async () => {
    const run = simulate(['--vehicles', '0', '--no-provision']);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toContain('--vehicles must be at least 1');
    expect(run.output().stderr).toContain('Usage:');
  });

  it('registers its things in the local AWS registry, runs, and stops gracefully on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
    const aws = await startLocalAws({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      publish: () => undefined,
    });
    // The broker admits exactly the things the registry knows, as local mode's does.
    const broker = await startTestBroker('internal', 'pw', {
      isRegistered: (thingName) => aws.registry.hasThing(thingName),
    });
    try {
      const run = simulate([
        '--vehicles',
        '3',
        '--interval',
        '200ms',
        '--broker',
        broker.url,
        '--local-aws',
        aws.url,
        '--no-ota',
      ]);
      await broker.until(
        (reports) =>
          new Set(
            reports.flatMap((r) =>
              r.type === 'publish' && r.topic.startsWith('dt/') ? r.clientId : [],
            ),
          ).size === 3,
      );
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      const { stdout } = run.output();
      expect(stdout).toContain('Simulating 3 vehicles (seed 1, every 200 ms)');
      expect(stdout).toMatch(/SIGTERM: disconnecting 3 vehicles/);
      expect(stdout).toMatch(/connected 0\/3 \| .* \| sent \d+/);
      expect(aws.registry.thingNames()).toEqual(['sim-1-00000', 'sim-1-00001', 'sim-1-00002']);
    } finally {
      await broker.close();
      await aws.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  it('refuses --device-policy without AmazonRootCA1.pem before registering anything', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'simulate-cli-no-ca-'));
    try {
      const run = simulate([
        '--endpoint',
        'abc123-ats.iot.eu-west-1.amazonaws.com',
        '--cert-dir',
        certDir,
        '--region',
        'eu-west-1',
        '--device-policy',
        'fleet-devices',
      ]);
      expect(await run.exited).toBe(2);
      const { stderr } = run.output();
      expect(stderr).toContain(`${join(certDir, 'AmazonRootCA1.pem')} is missing`);
      expect(stderr).toContain('https://www.amazontrust.com/repository/AmazonRootCA1.pem');
    } finally {
      rmSync(certDir, { recursive: true, force: true });
    }
  });

  it('gives AWS things their certificates with --device-policy, then connects', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'simulate-cli-aws-'));
    const certDir = mkdtempSync(join(tmpdir(), 'simulate-cli-certs-'));
    writeFileSync(join(certDir, 'AmazonRootCA1.pem'), 'Amazon Root CA 1 would be here\n');
    const aws = await startLocalAws({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      publish: () => undefined,
    });
    const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
    const iot = new IoTClient({ endpoint: aws.url, region: 'us-east-1', credentials });
    try {
      await iot.send(
        new CreatePolicyCommand({
          policyName: 'FleetStack-DevicePolicy',
          policyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}',
        }),
      );
      // The emulators stand in for AWS through the SDK's own endpoint setting; devices are sent
      // to 127.0.0.1:8883, where nothing listens.
      const run = simulate(
        [
          '--vehicles',
          '2',
          '--endpoint',
          '127.0.0.1',
          '--cert-dir',
          certDir,
          '--region',
          'us-east-1',
          '--device-policy',
          'FleetStack-DevicePolicy',
          '--no-ota',
        ],
        {
          AWS_ENDPOINT_URL_IOT: aws.url,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        },
      );
      const deadline = Date.now() + 60_000;
      while (!run.output().stdout.includes('Device certificates in') && Date.now() < deadline) {
        if (run.child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      const { stdout } = run.output();
      expect(stdout).toContain('; creating missing device certificates');
      expect(stdout).toContain(
        `Device certificates in ${certDir}: 2 created with policy FleetStack-DevicePolicy, 0 already there`,
      );
      for (const thingName of ['sim-1-00000', 'sim-1-00001']) {
        expect(existsSync(join(certDir, `${thingName}.private.key`))).toBe(true);
        const { principals } = await iot.send(new ListThingPrincipalsCommand({ thingName }));
        expect(principals).toHaveLength(1);
        const { policies } = await iot.send(
          new ListAttachedPoliciesCommand({ target: principals![0] }),
        );
        expect(policies?.map((policy) => policy.policyName)).toEqual(['FleetStack-DevicePolicy']);
      }
    } finally {
      iot.destroy();
      await aws.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(certDir, { recursive: true, force: true });
    }
  });
});
