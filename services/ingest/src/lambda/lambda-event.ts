import type { SQSEvent } from 'aws-lambda';
import type { IngestRecord } from '../ingest-record';

/** What invokes an ingest Lambda: an IoT rule directly (one record) or SQS (a batch). */
export type IngestLambdaEvent = SQSEvent | Record<string, unknown>;

export interface LambdaRecord {
  readonly record: IngestRecord;
  /** The SQS message id, for partial batch failure reporting. */
  readonly sqsMessageId?: string;
}

const isSqsEvent = (event: IngestLambdaEvent): event is SQSEvent =>
  Array.isArray((event as SQSEvent).Records) &&
  (event as SQSEvent).Records.every((r) => r.eventSource === 'aws:sqs');

/**
 * The records in an invocation. An SQS body that is not JSON is kept as a string, so the handler
 * rejects it with a reason rather than the whole batch failing.
 */
export function recordsOf(event: IngestLambdaEvent): LambdaRecord[] {
  if (!isSqsEvent(event)) return [{ record: { payload: event } }];
  return event.Records.map((message) => {
    let payload: unknown = message.body;
    try {
      payload = JSON.parse(message.body);
    } catch {
      // Left as text: the handler's validation names the problem.
    }
    return { record: { payload }, sqsMessageId: message.messageId };
  });
}
