import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface IotErrorBucketProps {
  /** Days an error record is kept before it expires. */
  readonly retentionDays: number;
  /** Where S3 server access logs go; required by our own security baseline. */
  readonly accessLogs: s3.IBucket;
}

/**
 * Where IoT rules' error actions and the ingest handlers put what they could not ingest: SSL
 * only, no public access, encrypted, and expiring.
 */
export class IotErrorBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: IotErrorBucketProps) {
    super(scope, id);
    if (props.retentionDays < 1) throw new Error('retentionDays must be at least 1');
    this.bucket = new s3.Bucket(this, 'Bucket', {
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'iot-errors/',
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
