import { join } from 'node:path';
import type { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The repository root: esbuild resolves the workspace packages from here, pinned by its lockfile. */
const REPO_ROOT = join(__dirname, '../..');

export interface FleetFunctionProps {
  /** The TypeScript entry point; it exports `handler`. */
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** The function's own log group, with its retention. */
  readonly logGroup: logs.ILogGroup;
  /** The function's settings; `NODE_OPTIONS` is added. */
  readonly environment: Readonly<Record<string, string>>;
  /** @default - a new role with the basic execution policy */
  readonly role?: iam.IRole;
}

/**
 * A Lambda function of ours: Node 24 on ARM64, bundled from the workspace's TypeScript by esbuild
 * (minified, CommonJS, with source maps the runtime applies to stack traces).
 */
export class FleetFunction extends nodejs.NodejsFunction {
  constructor(scope: Construct, id: string, props: FleetFunctionProps) {
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      logGroup: props.logGroup,
      ...(props.role ? { role: props.role } : {}),
      bundling: {
        sourceMap: true,
        minify: true,
        target: 'node24',
        format: nodejs.OutputFormat.CJS,
      },
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    });
  }
}
