import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
