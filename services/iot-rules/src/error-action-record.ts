/**
 * What an IoT rule's error action writes when a message cannot be delivered: the shape IoT Core
 * puts in the S3 error bucket. Local mode writes the same objects to `.data/iot-errors/`, and the
 * ingest handlers use it for records they reject, so one reader understands every failure.
 */
export interface IotErrorActionRecord {
  readonly ruleName: string;
  readonly topic: string;
  readonly clientId?: string;
  /** The message as published, base64 so a payload that is not JSON survives intact. */
  readonly base64OriginalPayload: string;
  readonly failures: readonly {
    /** e.g. `LambdaAction`; `IngestValidation` for records a handler rejected. */
    readonly failedAction: string;
    /** The handler (function) or component that failed. */
    readonly failedResource: string;
    readonly errorMessage: string;
  }[];
  /** When the failure was recorded (ISO-8601); not part of IoT's shape, but needed to triage. */
  readonly recordedAt: string;
}

/** The object key of an error record: grouped by rule and day, unique per record. */
export function errorRecordKey(record: IotErrorActionRecord, uniqueSuffix: string): string {
  const day = record.recordedAt.slice(0, 10);
  const time = record.recordedAt.slice(11, 23).replace(/[:.]/g, '');
  return `${record.ruleName}/${day}/${time}-${uniqueSuffix}.json`;
}
