import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { SimulatorConfig } from './config';
import { deviceCertificateProvisioner } from './device-certificate-provisioner';
import { iotRegistryProvisioner } from './iot-registry-provisioner';
import { OTA_TRANSPORTS, type OtaOptions } from './ota/ota-options';
import { DEFAULT_BROKER_URL, type FleetOptions } from './start-fleet';

/** `npm start`'s AWS edge: IoT registry, IoT Jobs and the jobs data plane. */
export const LOCAL_AWS_ENDPOINT = 'http://127.0.0.1:4566';
/** What the local emulators accept: any credentials, one region. */
const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

export const USAGE = `Usage: npm run simulate -w @fleet/simulator -- [options]

  --vehicles N          vehicles to simulate (default 200)
  --interval D          reporting interval while driving: 2s, 500ms or 2000 (ms) (default 2s)
  --seed N              seed: the same seed gives the same fleet and routes (default 1)
  --broker URL          local MQTT broker (default ${DEFAULT_BROKER_URL})
  --local-aws URL       local mode's AWS emulators, where things are registered and, with
                          --ota-transport http, jobs are polled (default ${LOCAL_AWS_ENDPOINT})
  --endpoint HOST       AWS IoT Core data endpoint (xxx-ats.iot.<region>.amazonaws.com)
  --cert-dir DIR        per-thing {thing}.cert.pem, {thing}.private.key and AmazonRootCA1.pem
  --device-policy NAME  AWS only: give every thing without files in --cert-dir a new certificate
                          with this IoT policy (a stack's FleetDevicePolicyName output) attached;
                          AmazonRootCA1.pem must be there already; needs --region (or AWS_REGION)
  --region R            AWS region for the IoT registry (or AWS_REGION)
  --no-provision        do not register things first (they must exist already)

OTA agent (IoT Jobs documents {"operation":"ota_update","desiredVersion":"2.4.0"}):
  --ota-transport T     mqtt (reserved $aws/things/{thing}/jobs topics) or http (polls the
                          jobs data plane) (default mqtt)
  --ota-duration D      download + install time, jittered +/-25% per install (default 20s)
  --ota-failure-rate X  share of installs that fail, 0 to 1 (default 0)
  --ota-poll-interval D http: how often each vehicle polls, jittered +/-25% (default 60s)
  --jobs-endpoint URL   http: the jobs data plane, e.g. https://<id>.jobs.iot.<region>.amazonaws.com
                          (DescribeEndpoint iot:Jobs) or local mode's http://127.0.0.1:4566;
                          needs --region (or AWS_REGION); default: the SDK's for the region
  --no-ota              no OTA agent
  --help                show this help`;

/** A bad command line: the message says which flag and why. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;

/** `2s`, `500ms`, `1.5s`, `1m`, or a bare number of milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 'ms') as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}

const integerFlag = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const durationFlag = (min: number, minText: string) =>
  z
    .string()
    .transform((text, ctx) => {
      const ms = parseDurationMs(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must look like 2s, 500ms or 2000' });
        return z.NEVER;
      }
      return ms;
    })
    .pipe(z.number().min(min, `must be at least ${minText}`).max(3_600_000, 'must be at most 1h'));

const flags = z
  .object({
    vehicles: integerFlag(1, 100_000).default(200),
    interval: durationFlag(50, '50ms').default(2_000),
    seed: integerFlag(0, 2 ** 31 - 1).default(1),
    broker: z
      .string()
      .regex(/^(mqtts?|wss?):\/\/[^\s/]+/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL')
      .default(DEFAULT_BROKER_URL),
    'local-aws': z
      .string()
      .regex(/^https?:\/\/[^\s/]+/, 'must be an http:// or https:// URL')
      .default(LOCAL_AWS_ENDPOINT),
    endpoint: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, 'must be a host name, without scheme or port')
      .optional(),
    'cert-dir': z.string().min(1).optional(),
    'device-policy': z
      .string()
      .regex(/^[\w+=,.@-]{1,128}$/, 'must be an IoT policy name (letters, digits, +=,.@-_)')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region')
      .optional(),
    'no-provision': z.boolean().default(false),
    'ota-transport': z.enum(OTA_TRANSPORTS, { error: 'must be mqtt or http' }).default('mqtt'),
    'ota-duration': durationFlag(10, '10ms').default(20_000),
    'ota-failure-rate': z
      .string()
      .regex(/^\d*\.?\d+$/, 'must be a number between 0 and 1')
      .transform(Number)
      .pipe(z.number().max(1, 'must be at most 1'))
      .default(0),
    'ota-poll-interval': durationFlag(100, '100ms').default(60_000),
    'jobs-endpoint': z
      .string()
      .regex(/^https?:\/\/[^\s/]+/, 'must be an http:// or https:// URL')
      .optional(),
    'no-ota': z.boolean().default(false),
  })
  .strict();

export type CliFlags = z.output<typeof flags>;

export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'run'; readonly flags: CliFlags; readonly fleet: FleetOptions };

/** Reads the command line (without `node main.ts`); throws `CliUsageError` when it is wrong. */
export function parseCli(argv: readonly string[], config: SimulatorConfig): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        vehicles: { type: 'string' },
        interval: { type: 'string' },
        seed: { type: 'string' },
        broker: { type: 'string' },
        'local-aws': { type: 'string' },
        endpoint: { type: 'string' },
        'cert-dir': { type: 'string' },
        'device-policy': { type: 'string' },
        region: { type: 'string' },
        'no-provision': { type: 'boolean' },
        'ota-transport': { type: 'string' },
        'ota-duration': { type: 'string' },
        'ota-failure-rate': { type: 'string' },
        'ota-poll-interval': { type: 'string' },
        'jobs-endpoint': { type: 'string' },
        'no-ota': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const { help, ...rest } = values;
  if (help === true) return { kind: 'help' };
  const parsed = flags.safeParse(rest);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .map((issue) => `--${issue.path.map(String).join('.')} ${issue.message}`)
      .join('; ');
    throw new CliUsageError(reason);
  }
  return { kind: 'run', flags: parsed.data, fleet: fleetOptions(parsed.data, config) };
}

/** The OTA agent's settings; the HTTP transport needs the data plane's region. */
function otaOptions(
  flags: CliFlags,
  config: SimulatorConfig,
  localAws: string | undefined,
): OtaOptions | false {
  if (flags['no-ota']) return false;
  const transport = flags['ota-transport'];
  const common = {
    transport,
    durationMs: flags['ota-duration'],
    failureRate: flags['ota-failure-rate'],
  };
  const endpoint = flags['jobs-endpoint'];
  if (transport === 'mqtt') {
    if (endpoint !== undefined) {
      throw new CliUsageError('--jobs-endpoint is for --ota-transport http');
    }
    return common;
  }
  if (localAws !== undefined && endpoint === undefined) {
    return {
      ...common,
      pollIntervalMs: flags['ota-poll-interval'],
      dataPlane: { endpoint: localAws, ...LOCAL_AWS },
    };
  }
  const region = flags.region ?? config.awsRegion;
  if (region === undefined) {
    throw new CliUsageError('--ota-transport http needs --region (or AWS_REGION)');
  }
  return {
    ...common,
    pollIntervalMs: flags['ota-poll-interval'],
    dataPlane: endpoint === undefined ? { region } : { endpoint, region },
  };
}

function fleetOptions(flags: CliFlags, config: SimulatorConfig): FleetOptions {
  const certDir = flags['cert-dir'];
  if ((flags.endpoint === undefined) !== (certDir === undefined)) {
    throw new CliUsageError('--endpoint and --cert-dir go together (AWS IoT Core mode)');
  }
  const provision = !flags['no-provision'];
  const inAws = flags.endpoint !== undefined && certDir !== undefined;
  const common = {
    vehicles: flags.vehicles,
    intervalMs: flags.interval,
    seed: flags.seed,
    ota: otaOptions(flags, config, inAws ? undefined : flags['local-aws']),
  };
  const devicePolicy = flags['device-policy'];
  if (flags.endpoint !== undefined && certDir !== undefined) {
    const region = flags.region ?? config.awsRegion;
    if (provision && region === undefined) {
      throw new CliUsageError('AWS mode needs --region (or AWS_REGION) to register things');
    }
    if (devicePolicy !== undefined) {
      if (region === undefined) {
        throw new CliUsageError(
          '--device-policy needs --region (or AWS_REGION) to create certificates',
        );
      }
    }
    return {
      ...common,
      aws: { endpoint: flags.endpoint, certDir },
      provisioner: provision ? iotRegistryProvisioner({ region }) : undefined,
      ...(devicePolicy === undefined
        ? {}
        : {
            deviceCertificates: deviceCertificateProvisioner({
              certDir,
              policyName: devicePolicy,
              region,
            }),
          }),
    };
  }
  if (devicePolicy !== undefined) {
    throw new CliUsageError('--device-policy is for AWS IoT Core mode (--endpoint and --cert-dir)');
  }
  // Locally, things are created in the emulated IoT registry, whose events reach ingest.
  return {
    ...common,
    brokerUrl: flags.broker,
    provisioner: provision
      ? iotRegistryProvisioner({ clientConfig: { endpoint: flags['local-aws'], ...LOCAL_AWS } })
      : undefined,
  };
}
