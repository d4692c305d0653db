import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startTestBroker } from './support/test-broker';

const MAIN = join(__dirname, '..', '..', 'src', 'main.ts');

/** Runs the CLI; `whenOutput` is called on each chunk of stdout with the process. */
function simulate(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: join(__dirname, '..', '..'),
    env: {
      ...process.env,
      FLEET_MQTT_INTERNAL_USERNAME: '',
      FLEET_MQTT_INTERNAL_PASSWORD: '',
      ...env,
    },
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

  it('runs a fleet and stops it gracefully on SIGTERM', async () => {
    const broker = await startTestBroker('internal', 'pw');
    try {
      const run = simulate(['--vehicles', '3', '--interval', '200ms', '--broker', broker.url], {
        FLEET_MQTT_INTERNAL_USERNAME: 'internal',
        FLEET_MQTT_INTERNAL_PASSWORD: 'pw',
      });
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
    } finally {
      await broker.close();
    }
  });
});
