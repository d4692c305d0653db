import { GetJobDocumentCommand, type IoTClient } from '@aws-sdk/client-iot';
import { describeIssues } from '@fleet/device-contract';
import { type OtaJobDocument, otaJobDocument } from '@fleet/device-contract';

/** The OTA document of a job; rejects with a `JobDocumentError` when there is none. */
export type JobDocumentSource = (jobId: string) => Promise<OtaJobDocument>;

export type JobDocumentErrorCode = 'JOB_NOT_FOUND' | 'JOB_DOCUMENT_INVALID' | 'JOB_LOOKUP_FAILED';

export class JobDocumentError extends Error {
  override readonly name = 'JobDocumentError';

  constructor(
    readonly jobId: string,
    readonly code: JobDocumentErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface JobDocumentSourceOptions {
  readonly iot: IoTClient;
  /** How long a document is reused. Job documents cannot change, so this can be long. */
  readonly ttlMs?: number;
  /** The most documents kept; the least recently used goes first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export const DEFAULT_JOB_DOCUMENT_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_JOB_DOCUMENT_CACHE_ENTRIES = 1000;

/** Parses a job document's text; anything but an OTA document is a `JOB_DOCUMENT_INVALID`. */
export function parseOtaJobDocument(jobId: string, text: string | undefined): OtaJobDocument {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch (err) {
    throw new JobDocumentError(jobId, 'JOB_DOCUMENT_INVALID', `job ${jobId} document is not JSON`, {
      cause: err,
    });
  }
  const parsed = otaJobDocument.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new JobDocumentError(
    jobId,
    'JOB_DOCUMENT_INVALID',
    `job ${jobId} is not an OTA job: ${describeIssues(parsed.error)}`,
  );
}

/**
 * Job documents from IoT's `GetJobDocument` (`DescribeJob` does not return the document), cached
 * per job: one lookup per job per container however many devices report on it. Concurrent
 * lookups of one job share a request; a failed lookup is not cached, so the next batch retries.
 */
export function createJobDocumentSource(options: JobDocumentSourceOptions): JobDocumentSource {
  const ttlMs = options.ttlMs ?? DEFAULT_JOB_DOCUMENT_TTL_MS;
  const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_JOB_DOCUMENT_CACHE_ENTRIES);
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const cache = new Map<string, { document: OtaJobDocument; expiresAt: number }>();
  const inFlight = new Map<string, Promise<OtaJobDocument>>();

  async function lookUp(jobId: string): Promise<OtaJobDocument> {
    let text: string | undefined;
    try {
      ({ document: text } = await options.iot.send(new GetJobDocumentCommand({ jobId })));
    } catch (err) {
      if ((err as { name?: unknown }).name === 'ResourceNotFoundException') {
        throw new JobDocumentError(jobId, 'JOB_NOT_FOUND', `job ${jobId} does not exist`, {
          cause: err,
        });
      }
      throw new JobDocumentError(
        jobId,
        'JOB_LOOKUP_FAILED',
        `GetJobDocument ${jobId} failed: ${(err as Error).message}`,
        { cause: err },
      );
    }
    const document = parseOtaJobDocument(jobId, text);
    cache.set(jobId, { document, expiresAt: now() + ttlMs });
    for (const oldest of cache.keys()) {
      if (cache.size <= maxEntries) break;
      cache.delete(oldest);
    }
    return document;
  }

  return (jobId) => {
    const cached = cache.get(jobId);
    if (cached) {
      cache.delete(jobId);
      if (now() < cached.expiresAt) {
        cache.set(jobId, cached);
        return Promise.resolve(cached.document);
      }
    }
    let pending = inFlight.get(jobId);
    if (!pending) {
      pending = lookUp(jobId).finally(() => inFlight.delete(jobId));
      inFlight.set(jobId, pending);
    }
    return pending;
  };
}
