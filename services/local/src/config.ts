import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/** The repository root (the folder with turbo.json), where `.data/` lives. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'turbo.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

const port = z.coerce.number().int().min(0).max(65535);

/** `2s`, `500ms` or a number of milliseconds. */
const duration = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s)?$/, 'must be a duration such as 2s, 500ms or 2000')
  .transform((value) => {
    const amount = Number.parseFloat(value);
    return value.endsWith('ms') || !value.endsWith('s') ? amount : amount * 1000;
  })
  .pipe(z.number().min(100, 'must be at least 100ms'));

const schema = z.object({
  FLEET_DATA_DIR: z.string().min(1).optional(),
  FLEET_HOST: z.string().default('127.0.0.1'),
  SEARCH_ENGINE_PORT: port.default(9200),
  MQTT_PORT: port.default(1883),
  MQTT_WS_PORT: port.default(8083),
  /** The AWS emulators' edge port (IoT, IoT Jobs data plane, SSM). */
  AWS_EDGE_PORT: port.default(4566),
  COGNITO_PORT: port.default(9229),
  API_PORT: port.default(4000),
  /** The demo users' password; meets Cognito's default policy. */
  FLEET_DEMO_PASSWORD: z.string().min(8).default('Fleet-Demo-2026!'),
  /** Console origins the API answers CORS for, comma-separated. */
  FLEET_CONSOLE_ORIGINS: z
    .string()
    .default('http://localhost:3000')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url()).min(1)),
  /** Vehicles in the simulated fleet `npm start` runs; 0 runs none. */
  FLEET_SIM_VEHICLES: z.coerce.number().int().min(0).max(100_000).default(200),
  FLEET_SIM_INTERVAL: duration.default(2000),
  FLEET_SIM_SEED: z.coerce.number().int().default(1),
  /** Chance, 0 to 1, that a simulated OTA install fails. */
  FLEET_SIM_OTA_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  /** How long a simulated OTA download and install takes. */
  FLEET_SIM_OTA_DURATION: duration.default(20_000),
});

export interface LocalStackConfig {
  /** Local state: `<root>/.data` unless FLEET_DATA_DIR says otherwise. */
  readonly dataDir: string;
  readonly host: string;
  readonly searchPort: number;
  readonly mqttPort: number;
  readonly mqttWsPort: number;
  readonly awsEdgePort: number;
  readonly cognitoPort: number;
  readonly apiPort: number;
  readonly demoPassword: string;
  readonly consoleOrigins: readonly string[];
  readonly simulatedFleet: {
    readonly vehicles: number;
    readonly intervalMs: number;
    readonly seed: number;
    /** The vehicles' OTA agents. */
    readonly ota: { readonly failureRate: number; readonly durationMs: number };
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LocalStackConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new Error(`invalid local stack configuration: ${z.prettifyError(parsed.error)}`);
  const c = parsed.data;
  return {
    dataDir: resolve(c.FLEET_DATA_DIR ?? join(repositoryRoot(), '.data')),
    host: c.FLEET_HOST,
    searchPort: c.SEARCH_ENGINE_PORT,
    mqttPort: c.MQTT_PORT,
    mqttWsPort: c.MQTT_WS_PORT,
    awsEdgePort: c.AWS_EDGE_PORT,
    cognitoPort: c.COGNITO_PORT,
    apiPort: c.API_PORT,
    demoPassword: c.FLEET_DEMO_PASSWORD,
    consoleOrigins: c.FLEET_CONSOLE_ORIGINS,
    simulatedFleet: {
      vehicles: c.FLEET_SIM_VEHICLES,
      intervalMs: c.FLEET_SIM_INTERVAL,
      seed: c.FLEET_SIM_SEED,
      ota: { failureRate: c.FLEET_SIM_OTA_FAILURE_RATE, durationMs: c.FLEET_SIM_OTA_DURATION },
    },
  };
}

/**
 * The whole stack on ephemeral ports with no simulated fleet unless asked for: what tests and
 * benchmarks run, each in its own data directory.
 */
export function ephemeralConfig(
  dataDir: string,
  options: {
    readonly demoPassword: string;
    readonly fleet?: Partial<LocalStackConfig['simulatedFleet']>;
  },
): LocalStackConfig {
  return {
    dataDir,
    host: '127.0.0.1',
    searchPort: 0,
    mqttPort: 0,
    mqttWsPort: 0,
    awsEdgePort: 0,
    cognitoPort: 0,
    apiPort: 0,
    demoPassword: options.demoPassword,
    consoleOrigins: ['http://localhost:3000'],
    simulatedFleet: {
      vehicles: 0,
      intervalMs: 2000,
      seed: 1,
      ota: { failureRate: 0, durationMs: 20_000 },
      ...options.fleet,
    },
  };
}
