import {
  JOB_EXECUTION_STATUSES,
  JOB_ID,
  type JobExecutionStatus,
  THING_NAME,
  describeIssues,
} from '@fleet/device-contract';
import { z } from 'zod';
import type { IngestRecord } from '../ingest-record';

/** `$aws/events/jobExecution/{jobId}/{operation}` */
const JOB_EXECUTION_TOPIC = /^\$aws\/events\/jobExecution\/([^/]+)\/[^/]+$/;
/** `arn:{partition}:iot:{region}:{account}:thing/{thingName}` */
const THING_ARN = /^arn:[^:]+:iot:[^:]*:[^:]*:thing\/(.+)$/;
/** Below this, an epoch timestamp is in seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;

const requiredFieldError: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

const expected = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : what),
});

/**
 * An AWS IoT job execution event, as the `fleet_job_execution` rule (`SELECT *`) passes it on:
 * `{eventType: "JOB_EXECUTION", eventId, timestamp, operation, jobId, thingArn, status,
 * statusDetails}`. AWS documents `timestamp` in epoch seconds; milliseconds are accepted too.
 * Only what the handler uses is checked; `eventId` and `statusDetails` are ignored.
 */
const jobExecutionEventSchema = z.object({
  eventType: z.literal('JOB_EXECUTION', { error: 'must be JOB_EXECUTION' }).optional(),
  timestamp: z
    .number(expected('must be epoch seconds or millis'))
    .nonnegative('must be epoch seconds or millis'),
  operation: z.string({ error: 'must be a string' }).optional(),
  jobId: z.string().regex(JOB_ID, 'must be 1-64 letters, digits, "_" or "-" (an IoT job id)'),
  thingArn: z.string().regex(THING_ARN, 'must be an IoT thing ARN (arn:…:thing/{thingName})'),
  status: z.preprocess(
    (value) => (typeof value === 'string' ? value.toUpperCase() : value),
    z.enum(JOB_EXECUTION_STATUSES, expected(`must be one of ${JOB_EXECUTION_STATUSES.join(', ')}`)),
  ),
});

export interface JobExecutionEvent {
  readonly record: IngestRecord;
  readonly jobId: string;
  readonly thingName: string;
  readonly status: JobExecutionStatus;
  /** Epoch millis. */
  readonly at: number;
  /**
   * The job was deleted: `status` is then the execution's status before the deletion, so the
   * event says nothing new about the device.
   */
  readonly deletion: boolean;
}

export type ParsedJobExecutionEvent =
  | { readonly success: true; readonly event: JobExecutionEvent }
  | { readonly success: false; readonly reason: string };

export const epochMillis = (timestamp: number) =>
  timestamp < SECONDS_BELOW ? timestamp * 1000 : timestamp;

/** Validates one job execution record; the reason names each bad field. */
export function parseJobExecutionEvent(record: IngestRecord): ParsedJobExecutionEvent {
  const { payload } = record;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return { success: false, reason: 'job execution event payload must be a JSON object' };
  }
  const parsed = jobExecutionEventSchema.safeParse(payload, { error: requiredFieldError });
  if (!parsed.success) {
    return {
      success: false,
      reason: `invalid job execution event: ${describeIssues(parsed.error)}`,
    };
  }
  const data = parsed.data;
  const thingName = THING_ARN.exec(data.thingArn)![1]!;
  if (!THING_NAME.test(thingName)) {
    return {
      success: false,
      reason: `invalid job execution event: thingArn names no valid thing ("${thingName}")`,
    };
  }
  const topicJob =
    record.topic === undefined ? undefined : JOB_EXECUTION_TOPIC.exec(record.topic)?.[1];
  if (topicJob !== undefined && topicJob !== data.jobId) {
    return {
      success: false,
      reason: `invalid job execution event: jobId ${data.jobId} does not match topic ${record.topic}`,
    };
  }
  return {
    success: true,
    event: {
      record,
      jobId: data.jobId,
      thingName,
      status: data.status,
      at: epochMillis(data.timestamp),
      deletion: data.operation?.toLowerCase() === 'deleted',
    },
  };
}

/** A job execution moves QUEUED → IN_PROGRESS → a final status, so within a second that is the order. */
const statusRank = (status: string | undefined) =>
  status === 'QUEUED' ? 0 : status === 'IN_PROGRESS' ? 1 : 2;

/** Orders job events by time, then by how far the execution had got. */
export function compareJobEvents(
  a: { readonly at: number; readonly status?: string },
  b: { readonly at: number; readonly status?: string },
): number {
  return a.at - b.at || statusRank(a.status) - statusRank(b.status);
}
