/** One message handed to an ingest handler: what the IoT rule selected, and where it came from. */
export interface IngestRecord {
  /** The rule's SELECT output: for device topics, the payload plus `deviceid` and `receivedat`. */
  readonly payload: unknown;
  /** The MQTT topic, when the caller knows it (the local rules engine always does). */
  readonly topic?: string;
  readonly clientId?: string;
  /** The message's size as published, when the caller knows it; saves measuring it again. */
  readonly payloadBytes?: number;
}

/** A record the handler could not store, with the reason; callers send it to the error sink. */
export interface IngestFailure {
  readonly record: IngestRecord;
  readonly reason: string;
  /**
   * The store was busy or unavailable, or the vehicle kept changing: the same record may succeed
   * later, so a queue should redeliver it rather than park it in the error sink.
   */
  readonly retryable?: boolean;
}

/** Search answers worth retrying: too many requests, or the cluster's own failures. */
export const isRetryableStatus = (status: number) => status === 429 || status >= 500;

export interface IngestResult {
  /** Records stored (or whose effect was applied). */
  readonly accepted: number;
  /** Redelivered records that were already stored, so nothing was written twice. */
  readonly duplicates: number;
  /**
   * Of the stored or duplicate telemetry (and the trips refused as older), how many were older
   * than what is stored: kept in history but not allowed to move state back. Not an extra count.
   */
  readonly stale: number;
  readonly failures: readonly IngestFailure[];
}

export class IngestResultBuilder {
  accepted = 0;
  duplicates = 0;
  stale = 0;
  readonly failures: IngestFailure[] = [];

  fail(record: IngestRecord, reason: string, retryable = false): void {
    this.failures.push(retryable ? { record, reason, retryable } : { record, reason });
  }

  build(): IngestResult {
    return {
      accepted: this.accepted,
      duplicates: this.duplicates,
      stale: this.stale,
      failures: this.failures,
    };
  }
}
