import { IOT_RULES, type IngestHandlerName, type IotErrorActionRecord } from '@fleet/iot-rules';
import type { IngestBatchHandler } from '../ingest-handlers';
import type { IngestFailure } from '../ingest-record';
import { type IngestLambdaEvent, recordsOf } from './lambda-event';

export interface IngestLambdaDeps {
  readonly name: IngestHandlerName;
  readonly handler: IngestBatchHandler;
  readonly errorSink: { write(records: readonly IotErrorActionRecord[]): Promise<void> };
  readonly log: {
    info(message: string, extra?: object): void;
    error(message: string, extra?: object): void;
  };
  readonly metrics?: (result: { accepted: number; rejected: number; duplicates: number }) => void;
}

export interface IngestLambdaResponse {
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** SQS partial batch failures: only messages that may succeed on a retry. */
  readonly batchItemFailures?: { itemIdentifier: string }[];
}

const ruleFor = (name: IngestHandlerName) =>
  IOT_RULES.find((rule) => rule.action.kind === 'handler' && rule.action.handler === name)!;

/**
 * The topic of a record when the invocation did not carry it (IoT passes only the payload): the
 * rule's topic filter, with the device id the rule added in place of its `+`.
 */
function topicOf(name: IngestHandlerName, failure: IngestFailure): string {
  if (failure.record.topic) return failure.record.topic;
  const filter = ruleFor(name).sql.match(/FROM '([^']+)'/)?.[1] ?? 'unknown';
  const deviceid = (failure.record.payload as { deviceid?: unknown } | null)?.deviceid;
  return typeof deviceid === 'string' ? filter.replace('+', deviceid) : filter;
}

/**
 * A thin ingest Lambda: read the records out of the event, run the handler core, send rejected
 * records to the error bucket. A failure that a retry may fix (search unavailable) is thrown for
 * a direct invocation, and reported per message for SQS, so nothing is lost.
 */
export function createIngestLambda(deps: IngestLambdaDeps) {
  const ruleName = ruleFor(deps.name).name;
  return async (event: IngestLambdaEvent): Promise<IngestLambdaResponse> => {
    const records = recordsOf(event);
    const isBatch = records.some((r) => r.sqsMessageId !== undefined);
    let result;
    try {
      result = await deps.handler(records.map((r) => r.record));
    } catch (err) {
      deps.log.error('ingest failed; the batch will be retried', { error: String(err) });
      if (!isBatch) throw err;
      return {
        accepted: 0,
        rejected: 0,
        duplicates: 0,
        batchItemFailures: records.map((r) => ({ itemIdentifier: r.sqsMessageId! })),
      };
    }
    // A retryable failure goes back to the queue (or fails a direct invocation, which Lambda
    // retries); only permanent rejections belong in the error bucket.
    const retryable = result.failures.filter((f) => f.retryable);
    if (retryable.length > 0 && !isBatch) {
      throw new Error(`retryable ingest failure: ${retryable[0]!.reason}`);
    }
    const batchItemFailures = retryable.flatMap((failure) => {
      const message = records.find((r) => r.record === failure.record);
      return message?.sqsMessageId ? [{ itemIdentifier: message.sqsMessageId }] : [];
    });
    const rejected = result.failures.filter((f) => !f.retryable);
    const errorRecords = rejected.map((failure): IotErrorActionRecord => ({
      ruleName,
      topic: topicOf(deps.name, failure),
      clientId: failure.record.clientId,
      base64OriginalPayload: Buffer.from(
        typeof failure.record.payload === 'string'
          ? failure.record.payload
          : JSON.stringify(failure.record.payload),
      ).toString('base64'),
      failures: [
        { failedAction: 'LambdaAction', failedResource: deps.name, errorMessage: failure.reason },
      ],
      recordedAt: new Date().toISOString(),
    }));
    if (errorRecords.length > 0) {
      try {
        await deps.errorSink.write(errorRecords);
      } catch (err) {
        deps.log.error('writing rejected records to the error bucket failed', {
          error: String(err),
        });
        if (!isBatch) throw err;
        for (const failure of rejected) {
          const message = records.find((r) => r.record === failure.record);
          if (message?.sqsMessageId)
            batchItemFailures.push({ itemIdentifier: message.sqsMessageId });
        }
      }
    }
    const summary = {
      accepted: result.accepted,
      rejected: rejected.length,
      duplicates: result.duplicates,
    };
    deps.metrics?.(summary);
    if (summary.rejected > 0) {
      deps.log.info('records rejected', {
        reasons: result.failures.slice(0, 10).map((f) => f.reason),
      });
    }
    return isBatch ? { ...summary, batchItemFailures } : summary;
  };
}
