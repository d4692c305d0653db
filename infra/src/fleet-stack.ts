import { DEFAULT_CONFIG_PATH } from '@fleet/fleet-config';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { InfraConfig } from './config';
import { ConsoleHosting } from './console-hosting';
import { ConsoleOutputs } from './console-outputs';
import { DevicePolicy } from './device-policy';
import { FleetAlarms } from './fleet-alarms';
import { FleetApi } from './fleet-api';
import { FleetAuth } from './fleet-auth';
import { FleetConfigParameters } from './fleet-config-parameters';
import { FleetSearchDomain } from './fleet-search-domain';
import { HistoryRetention } from './history-retention';
import { IndexBootstrap } from './index-bootstrap';
import { Ingest } from './ingest';
import { IotErrorBucket } from './iot-error-bucket';
import { JobEventConfiguration } from './job-event-configuration';
import { VehicleThingType } from './vehicle-thing-type';

export interface FleetStackProps extends StackProps {
  /** The validated settings (`loadInfraConfig`). */
  readonly config: InfraConfig;
  /**
   * Changes on every deploy so the index bootstrap runs each time (`bin/fleet.ts` passes the
   * synth time). @default - the bootstrap runs when the mappings or role mappings change
   */
  readonly deployNonce?: string;
}

/** Stack outputs beyond the console's (`ConsoleOutputs`), by fixed names for scripts and docs. */
export const FLEET_OUTPUT_KEYS = {
  consoleUrl: 'FleetConsoleUrl',
  consoleBucket: 'FleetConsoleBucket',
  consoleDistributionId: 'FleetConsoleDistributionId',
  devicePolicyName: 'FleetDevicePolicyName',
  iotErrorBucket: 'FleetIotErrorBucket',
  searchEndpoint: 'FleetSearchEndpoint',
  alarmTopicArn: 'FleetAlarmTopicArn',
} as const;

function roleOf(fn: lambda.IFunction): iam.IRole {
  if (!fn.role) throw new Error(`${fn.node.path} has no execution role`);
  return fn.role;
}

/**
 * All of Fleet Manager in one stack, in the order data flows: devices (policy) → IoT rules →
 * ingest Lambdas → OpenSearch → API → console. One stack keeps every reference a plain `Ref`
 * and deploys or rolls back as a unit.
 */
export class FleetStack extends Stack {
  readonly search: FleetSearchDomain;
  readonly ingest: Ingest;
  readonly devicePolicy: DevicePolicy;
  readonly auth: FleetAuth;
  readonly api: FleetApi;
  readonly hosting: ConsoleHosting;
  readonly bootstrap: IndexBootstrap;
  readonly retention: HistoryRetention;
  readonly errors: IotErrorBucket;
  readonly alarms: FleetAlarms;

  constructor(scope: Construct, id: string, props: FleetStackProps) {
    super(scope, id, props);
    const { config } = props;
    const production = config.production;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    // S3 server access logs of every bucket in the stack.
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [{ expiration: Duration.days(Math.max(config.retentionDays, 90)) }],
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // Data: the search domain, its indices and their retention.
    this.search = new FleetSearchDomain(this, 'Search', {
      production,
      logRetention,
      ...(config.searchInstanceType ? { dataNodeInstanceType: config.searchInstanceType } : {}),
      ...(config.searchDataNodes ? { dataNodes: config.searchDataNodes } : {}),
      ...(config.searchVolumeGiB ? { volumeSizeGiB: config.searchVolumeGiB } : {}),
    });
    this.errors = new IotErrorBucket(this, 'IotErrors', {
      retentionDays: config.retentionDays,
      accessLogs,
    });

    // Devices → rules → ingest.
    this.devicePolicy = new DevicePolicy(this, 'DevicePolicy');
    new VehicleThingType(this, 'VehicleThingType');
    this.ingest = new Ingest(this, 'Ingest', {
      opensearchEndpoint: this.search.endpoint,
      opensearchDomainArn: this.search.domain.domainArn,
      errorBucket: this.errors.bucket,
      ingestMode: config.ingestMode,
      configPath: DEFAULT_CONFIG_PATH,
      logRetention,
    });
    for (const fn of Object.values(this.ingest.functions)) {
      this.search.grantAccess(roleOf(fn), 'write');
    }
    new JobEventConfiguration(this, 'JobEvents');

    // API, auth and the console.
    this.auth = new FleetAuth(this, 'Auth', { mfa: config.mfa, production });
    this.hosting = new ConsoleHosting(this, 'Console', {
      accessLogs,
      production,
      ...(config.consoleDomainName && config.consoleCertificateArn
        ? {
            domainName: config.consoleDomainName,
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'ConsoleCertificate',
              config.consoleCertificateArn,
            ),
          }
        : {}),
      ...(config.consoleWebAclArn ? { webAclArn: config.consoleWebAclArn } : {}),
    });
    this.api = new FleetApi(this, 'Api', {
      userPool: this.auth.userPool,
      opensearchEndpoint: this.search.endpoint,
      opensearchDomainArn: this.search.domain.domainArn,
      consoleOrigins: [this.hosting.origin, ...config.extraConsoleOrigins],
      configPath: DEFAULT_CONFIG_PATH,
      logRetention,
      production,
      ...(config.apiWebAclArn ? { webAclArn: config.apiWebAclArn } : {}),
    });
    this.search.grantAccess(roleOf(this.api.function), 'read');
    new FleetConfigParameters(this, 'FleetConfig', { configPath: DEFAULT_CONFIG_PATH });

    // Indices and FGAC role mappings exist before any rule can deliver a message; otherwise the
    // first write would auto-create an index with guessed mappings.
    this.bootstrap = new IndexBootstrap(this, 'IndexBootstrap', {
      domain: this.search,
      logRetention,
      ...(props.deployNonce === undefined ? {} : { nonce: props.deployNonce }),
    });
    for (const rule of this.ingest.rules) rule.node.addDependency(this.bootstrap.resource);
    this.retention = new HistoryRetention(this, 'Retention', {
      domain: this.search,
      retentionDays: config.retentionDays,
      logRetention,
    });

    this.alarms = new FleetAlarms(this, 'Alarms', {
      ingest: this.ingest,
      api: this.api,
      search: this.search,
      jobs: { retention: this.retention.function },
      ...(config.alarmEmail ? { email: config.alarmEmail } : {}),
    });

    new ConsoleOutputs(this, 'ConsoleOutputs', { api: this.api, auth: this.auth });
    const outputs: Record<keyof typeof FLEET_OUTPUT_KEYS, [string, string]> = {
      consoleUrl: [this.hosting.origin, 'URL of the console'],
      consoleBucket: [this.hosting.bucket.bucketName, 'Bucket the console build is uploaded to'],
      consoleDistributionId: [
        this.hosting.distribution.distributionId,
        'CloudFront distribution to invalidate after a console upload',
      ],
      devicePolicyName: [
        this.devicePolicy.policy.ref,
        "IoT policy to attach to each vehicle's certificate",
      ],
      iotErrorBucket: [this.errors.bucket.bucketName, 'Where rejected messages and records land'],
      searchEndpoint: [this.search.endpoint, 'OpenSearch domain endpoint (IAM-signed access only)'],
      alarmTopicArn: [this.alarms.topic.topicArn, 'SNS topic of the operational alarms'],
    };
    for (const [key, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, key, { value, description }).overrideLogicalId(
        FLEET_OUTPUT_KEYS[key as keyof typeof FLEET_OUTPUT_KEYS],
      );
    }
  }
}
