import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INGEST_HANDLER_NAMES } from '@fleet/iot-rules';

const run = promisify(execFile);
const INFRA = join(__dirname, '../..');
const CDK = require.resolve('aws-cdk/bin/cdk');

/** The environment of a machine with no AWS account: no credentials, no profile, no metadata. */
function offlineEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(AWS_|CDK_|FLEET_)/.test(key)) env[key] = value;
  }
  return { ...env, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', CI: 'true' };
}

describe('npx cdk synth', () => {
  const work = mkdtempSync(join(tmpdir(), 'fleet-synth-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('synthesises the app with no AWS credentials, bundling every function', async () => {
    const out = join(work, 'cdk.out');
    await run(process.execPath, [CDK, 'synth', '--quiet', '--output', out], {
      cwd: INFRA,
      env: offlineEnv(work),
      maxBuffer: 64 * 1024 * 1024,
    });
    const template = JSON.parse(readFileSync(join(out, 'Fleet-dev.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const functions = Object.values(template.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Function',
    );
    // Ingest handlers, API, index bootstrap and its provider, retention, AwsCustomResource.
    expect(functions.length).toBeGreaterThanOrEqual(INGEST_HANDLER_NAMES.length + 3);
    const assets = JSON.parse(readFileSync(join(out, 'Fleet-dev.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };
    // Our functions, bundled by esbuild with source maps (CDK's own providers ship without).
    const bundles = Object.values(assets.files)
      .map((file) => join(out, file.source.path, 'index.js'))
      .filter((path) => existsSync(`${path}.map`));
    expect(bundles.length).toBeGreaterThanOrEqual(INGEST_HANDLER_NAMES.length + 3);
    for (const bundle of bundles) {
      expect(readFileSync(bundle, 'utf8')).toMatch(/sourceMappingURL=index\.js\.map/);
    }
  }, 180_000);

  it('fails with the setting named when a value is wrong', async () => {
    const failure = run(
      process.execPath,
      [CDK, 'synth', '--quiet', '--output', join(work, 'bad.out'), '-c', 'ingestMode=firehose'],
      { cwd: INFRA, env: offlineEnv(work) },
    );
    await expect(failure).rejects.toMatchObject({
      stderr: expect.stringMatching(/ingestMode \(FLEET_INGEST_MODE\)/) as unknown,
    });
  }, 120_000);
});
