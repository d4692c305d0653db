import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type IotErrorActionRecord, errorRecordKey } from '@fleet/iot-rules';

/** Where local mode's rule error action puts what could not be delivered. */
export interface ErrorSink {
  write(records: readonly IotErrorActionRecord[]): Promise<void>;
}

export interface FileErrorSink extends ErrorSink {
  readonly directory: string;
  /** Resolves once every write started so far has finished. */
  flush(): Promise<void>;
}

/**
 * The local stand-in for a rule's S3 error action: one JSON object per failed message under
 * `.data/iot-errors/{rule}/{day}/`, shaped like the objects IoT Core writes to the error bucket.
 */
export function createFileErrorSink(directory: string): FileErrorSink {
  const created = new Set<string>();
  const pending = new Set<Promise<unknown>>();
  return {
    directory,
    async flush() {
      await Promise.allSettled([...pending]);
    },
    async write(records) {
      const writing = Promise.all(
        records.map(async (record) => {
          const path = join(directory, errorRecordKey(record, randomUUID()));
          const folder = dirname(path);
          if (!created.has(folder)) {
            await mkdir(folder, { recursive: true });
            created.add(folder);
          }
          // Written aside and renamed, so a reader never sees half a record.
          await writeFile(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
          await rename(`${path}.tmp`, path);
        }),
      );
      pending.add(writing);
      try {
        await writing;
      } finally {
        pending.delete(writing);
      }
    },
  };
}

/** An error record for one message, in the shape of IoT's error action. */
export function errorActionRecord(options: {
  readonly ruleName: string;
  readonly topic: string;
  readonly clientId?: string;
  readonly payload: Buffer;
  readonly failedAction: string;
  readonly failedResource: string;
  readonly errorMessage: string;
}): IotErrorActionRecord {
  return {
    ruleName: options.ruleName,
    topic: options.topic,
    clientId: options.clientId,
    base64OriginalPayload: options.payload.toString('base64'),
    failures: [
      {
        failedAction: options.failedAction,
        failedResource: options.failedResource,
        errorMessage: options.errorMessage,
      },
    ],
    recordedAt: new Date().toISOString(),
  };
}
