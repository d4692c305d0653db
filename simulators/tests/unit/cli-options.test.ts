import { CliUsageError, parseCli, parseDurationMs } from '../../src/cli-options';
import { loadConfig, type SimulatorConfig } from '../../src/config';

const noEnv: SimulatorConfig = { awsRegion: undefined };
const local: string[] = [];

function run(argv: string[], config = noEnv) {
  const command = parseCli(argv, config);
  if (command.kind !== 'run') throw new Error('expected a run command');
  return command;
}

function usageError(argv: string[], config = noEnv): string {
  try {
    parseCli(argv, config);
  } catch (error) {
    if (error instanceof CliUsageError) return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('command line', () => {
  it('defaults to 200 vehicles every 2 s with seed 1 on the local broker', () => {
    const { flags, fleet } = run(local);
    expect(flags).toMatchObject({ vehicles: 200, interval: 2_000, seed: 1 });
    expect(fleet).toMatchObject({
      vehicles: 200,
      intervalMs: 2_000,
      seed: 1,
      brokerUrl: 'mqtt://127.0.0.1:1883',
    });
    expect(fleet.provisioner).toBeDefined();
    expect(fleet.aws).toBeUndefined();
  });

  it('reads durations as 2s, 500ms, 1.5s, 1m or plain milliseconds', () => {
    expect(parseDurationMs('2s')).toBe(2_000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('1.5s')).toBe(1_500);
    expect(parseDurationMs('1m')).toBe(60_000);
    expect(parseDurationMs('2000')).toBe(2_000);
    expect(parseDurationMs('fast')).toBeUndefined();
    expect(run([...local, '--interval', '500ms']).fleet.intervalMs).toBe(500);
  });

  it('takes vehicles, seed and broker', () => {
    const { fleet } = run([
      ...local,
      '--vehicles',
      '500',
      '--seed',
      '42',
      '--broker',
      'mqtt://broker:1884',
    ]);
    expect(fleet).toMatchObject({ vehicles: 500, seed: 42, brokerUrl: 'mqtt://broker:1884' });
  });

  it.each([
    [['--vehicles', '0'], '--vehicles must be at least 1'],
    [['--vehicles', 'many'], '--vehicles must be a whole number'],
    [['--interval', 'soon'], '--interval must look like 2s, 500ms or 2000'],
    [['--interval', '10ms'], '--interval must be at least 50ms'],
    [['--broker', 'http://x'], '--broker must be an mqtt://'],
    [['--speed', '3'], "Unknown option '--speed'"],
    [['--ota-transport', 'udp'], '--ota-transport must be mqtt or http'],
    [['--ota-duration', '5ms'], '--ota-duration must be at least 10ms'],
    [['--ota-failure-rate', '1.5'], '--ota-failure-rate must be at most 1'],
    [['--ota-failure-rate', 'often'], '--ota-failure-rate must be a number between 0 and 1'],
    [['--ota-failure-rate=-0.1'], '--ota-failure-rate must be a number between 0 and 1'],
    [['--ota-poll-interval', '10ms'], '--ota-poll-interval must be at least 100ms'],
    [['--jobs-endpoint', 'ftp://x'], '--jobs-endpoint must be an http:// or https:// URL'],
    [['extra'], 'Unexpected argument'],
  ])('rejects %j', (argv, message) => {
    expect(usageError([...local, ...argv])).toContain(message);
  });

  it('registers things in the local AWS emulators, on another address if asked', () => {
    expect(run([]).flags['local-aws']).toBe('http://127.0.0.1:4566');
    expect(run(['--local-aws', 'http://10.0.0.5:4566']).flags['local-aws']).toBe(
      'http://10.0.0.5:4566',
    );
    expect(usageError(['--local-aws', 'localhost:4566'])).toContain(
      '--local-aws must be an http:// or https:// URL',
    );
    expect(run([]).fleet.provisioner).toBeDefined();
    expect(run(['--no-provision']).fleet.provisioner).toBeUndefined();
  });

  it('polls the local jobs data plane over HTTP without an AWS region', () => {
    const { fleet } = run(['--ota-transport', 'http']);
    expect(fleet.ota).toMatchObject({
      transport: 'http',
      dataPlane: { endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' },
    });
  });

  it('switches to AWS IoT Core with an endpoint and a certificate directory', () => {
    const aws = ['--endpoint', 'abc123-ats.iot.eu-west-1.amazonaws.com', '--cert-dir', '/certs'];
    const { fleet } = run([...aws, '--region', 'eu-west-1']);
    expect(fleet.aws).toEqual({
      endpoint: 'abc123-ats.iot.eu-west-1.amazonaws.com',
      certDir: '/certs',
    });
    expect(fleet.provisioner).toBeDefined();
    expect(run(aws, { ...noEnv, awsRegion: 'us-east-1' }).fleet.provisioner).toBeDefined();
    expect(usageError(aws)).toContain('--region');
    expect(run([...aws, '--no-provision']).fleet.provisioner).toBeUndefined();
    expect(usageError(aws.slice(0, 2))).toContain('--endpoint and --cert-dir go together');
    expect(usageError(['--endpoint', 'https://x', '--cert-dir', '/c'])).toContain('host name');
  });

  describe('--device-policy', () => {
    // Never read here: the fleet checks the directory before it registers anything.
    const certs = '/certs';
    const inAws = (certDir: string) => [
      '--endpoint',
      'abc123-ats.iot.eu-west-1.amazonaws.com',
      '--cert-dir',
      certDir,
      '--region',
      'eu-west-1',
    ];

    it('creates certificates with the policy in the certificate directory', () => {
      const { fleet } = run([...inAws(certs), '--device-policy', 'FleetStack-DevicePolicy-1A2B']);
      expect(fleet.deviceCertificates).toMatchObject({
        certDir: certs,
        policyName: 'FleetStack-DevicePolicy-1A2B',
      });
      expect(fleet.provisioner).toBeDefined();
      // Things that exist already can get certificates too.
      const existing = run([...inAws(certs), '--no-provision', '--device-policy', 'p']);
      expect(existing.fleet.provisioner).toBeUndefined();
      expect(existing.fleet.deviceCertificates).toBeDefined();
      // Without the flag nothing changes: the files must be there.
      expect(run(inAws(certs)).fleet.deviceCertificates).toBeUndefined();
    });

    it('is for AWS IoT Core mode only', () => {
      expect(usageError(['--device-policy', 'fleet-devices'])).toBe(
        '--device-policy is for AWS IoT Core mode (--endpoint and --cert-dir)',
      );
      expect(
        usageError(['--broker', 'mqtt://broker:1883', '--device-policy', 'fleet-devices']),
      ).toContain('--device-policy is for AWS IoT Core mode');
    });

    it('takes IoT policy names only', () => {
      expect(usageError([...inAws(certs), '--device-policy', 'fleet devices'])).toContain(
        '--device-policy must be an IoT policy name',
      );
      expect(usageError([...inAws(certs), '--device-policy', 'x'.repeat(129)])).toContain(
        '--device-policy must be an IoT policy name',
      );
    });

    it('needs a region to reach the IoT registry', () => {
      const noRegion = inAws(certs).slice(0, 4);
      expect(usageError([...noRegion, '--no-provision', '--device-policy', 'p'])).toBe(
        '--device-policy needs --region (or AWS_REGION) to create certificates',
      );
      const fromEnv = run([...noRegion, '--device-policy', 'p'], { awsRegion: 'eu-west-1' });
      expect(fromEnv.fleet.deviceCertificates).toBeDefined();
    });

    it('leaves the check for AmazonRootCA1.pem to the fleet, which runs it first', () => {
      const { fleet } = run([...inAws('/no/such/dir'), '--device-policy', 'fleet-devices']);
      expect(fleet.deviceCertificates?.certDir).toBe('/no/such/dir');
    });
  });

  it('runs an OTA agent over MQTT by default, with 20 s installs that never fail', () => {
    expect(run(local).fleet.ota).toEqual({ transport: 'mqtt', durationMs: 20_000, failureRate: 0 });
    expect(run([...local, '--no-ota']).fleet.ota).toBe(false);
    const tuned = run([...local, '--ota-duration', '300ms', '--ota-failure-rate', '0.25']);
    expect(tuned.fleet.ota).toEqual({ transport: 'mqtt', durationMs: 300, failureRate: 0.25 });
    expect(run([...local, '--ota-failure-rate', '1']).fleet.ota).toMatchObject({ failureRate: 1 });
  });

  it('polls the jobs data plane over HTTP in the region given', () => {
    const http = ['--ota-transport', 'http', '--ota-poll-interval', '5s'];
    const { fleet } = run([
      ...local,
      ...http,
      '--jobs-endpoint',
      'http://127.0.0.1:4566',
      '--region',
      'us-east-1',
    ]);
    expect(fleet.ota).toEqual({
      transport: 'http',
      durationMs: 20_000,
      failureRate: 0,
      pollIntervalMs: 5_000,
      dataPlane: { endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' },
    });
    // Against AWS IoT Core the data plane's region comes from the flag or the environment.
    const inAws = [
      '--endpoint',
      'abc-ats.iot.eu-west-1.amazonaws.com',
      '--cert-dir',
      '/c',
      '--no-provision',
    ];
    const fromEnv = run([...inAws, ...http], { ...noEnv, awsRegion: 'eu-west-1' });
    expect(fromEnv.fleet.ota).toMatchObject({ dataPlane: { region: 'eu-west-1' } });
    expect(usageError([...inAws, ...http])).toContain('--ota-transport http needs --region');
    expect(usageError([...local, '--jobs-endpoint', 'http://127.0.0.1:4566'])).toContain(
      '--jobs-endpoint is for --ota-transport http',
    );
  });

  it('answers --help', () => {
    expect(parseCli(['--help'], noEnv)).toEqual({ kind: 'help' });
  });
});

describe('environment', () => {
  it('reads the AWS region', () => {
    expect(loadConfig({ AWS_DEFAULT_REGION: 'eu-west-3' })).toEqual({ awsRegion: 'eu-west-3' });
    expect(loadConfig({ AWS_REGION: 'us-east-2', AWS_DEFAULT_REGION: 'eu-west-3' }).awsRegion).toBe(
      'us-east-2',
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ AWS_REGION: '' })).toEqual(noEnv);
  });
});
