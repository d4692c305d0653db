import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadInfraConfig, type InfraConfig } from './config';
import { FleetStack } from './fleet-stack';

export interface FleetAppOptions {
  /** CDK context, as `-c key=value` would set it. */
  readonly context?: Record<string, unknown>;
  /** Where the settings' `FLEET_*` fallbacks are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - the CLI's output directory, or a temporary one */
  readonly outdir?: string;
}

/**
 * The CDK app: validated settings, one `Fleet-{stage}` stack, and the cdk-nag AwsSolutions
 * checks, which fail synth on any unacknowledged finding.
 */
export function createFleetApp(options: FleetAppOptions = {}): {
  app: App;
  stack: FleetStack;
  config: InfraConfig;
} {
  const app = new App({
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const config = loadInfraConfig((key) => app.node.tryGetContext(key), options.env);
  const nonce: unknown = app.node.tryGetContext('deployNonce');
  const stack = new FleetStack(app, `Fleet-${config.stage}`, {
    config,
    env: { account: config.account, region: config.region },
    description: `Fleet Manager (${config.stage}): ingest, search, API and console hosting`,
    terminationProtection: config.production,
    deployNonce: typeof nonce === 'string' ? nonce : new Date().toISOString(),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, config };
}
