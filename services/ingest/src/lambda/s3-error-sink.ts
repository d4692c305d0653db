import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type IotErrorActionRecord, errorRecordKey } from '@fleet/iot-rules';

/**
 * Records a handler rejected, written to the IoT rules' error bucket under `ingest/` in the same
 * shape as the rules' own error action, so one reader triages every failure. Failures are rare,
 * so one object per record keeps them individually replayable.
 */
export function createS3ErrorSink(s3: S3Client, bucket: string) {
  return {
    async write(records: readonly IotErrorActionRecord[]): Promise<void> {
      await Promise.all(
        records.map((record) =>
          s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: `ingest/${errorRecordKey(record, randomUUID())}`,
              Body: JSON.stringify(record),
              ContentType: 'application/json',
            }),
          ),
        ),
      );
    },
  };
}

export type S3ErrorSink = ReturnType<typeof createS3ErrorSink>;
