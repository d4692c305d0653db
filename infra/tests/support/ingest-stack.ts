import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DevicePolicy, Ingest, IotErrorBucket } from '../../src';

/** A stack holding the ingest path, as the app wires it; bundling is skipped to keep tests fast. */
export function ingestStack(ingestMode: 'direct' | 'batched') {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, `Ingest-${ingestMode}`, {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const accessLogs = new s3.Bucket(stack, 'AccessLogs', {
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
  });
  const errors = new IotErrorBucket(stack, 'IotErrors', { retentionDays: 30, accessLogs });
  const ingest = new Ingest(stack, 'Ingest', {
    opensearchEndpoint: 'https://search-fleet.eu-west-1.es.amazonaws.com',
    opensearchDomainArn: 'arn:aws:es:eu-west-1:123456789012:domain/fleet',
    errorBucket: errors.bucket,
    ingestMode,
    configPath: '/fleet/config',
    logRetention: logs.RetentionDays.ONE_MONTH,
  });
  new DevicePolicy(stack, 'DevicePolicy');
  return { app, stack, ingest, accessLogs };
}
