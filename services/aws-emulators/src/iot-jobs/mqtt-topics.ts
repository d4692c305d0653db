import type { z } from 'zod';
import { AwsServiceError } from '../edge/aws-service-error';
import { invalidRequest } from '../iot-errors';
import { JOB_ID, THING_NAME } from './arns';
import type { PublishedMessage } from './event-shapes';
import { JobExecutionConflictError } from './jobs-errors';
import type { JobsEngine } from './jobs-engine';
import {
  mqttDescribeSchema,
  mqttGetPendingSchema,
  mqttStartNextSchema,
  mqttUpdateSchema,
} from './request-schemas';
import { parseRequest } from './request-validation';
import {
  dataExecutionSummaryView,
  dataExecutionView,
  dataPlaneTime,
  documentView,
  executionStateView,
} from './wire-shapes';

/** AWS IoT Core's largest MQTT message; a bigger request is refused without being parsed. */
export const MAX_JOBS_REQUEST_BYTES = 128 * 1024;

const JOBS_TOPIC = /^\$aws\/things\/([^/]+)\/jobs\/(.+)$/;

/** The `code` of a Jobs MQTT error response. */
export type JobsErrorCode =
  | 'InvalidTopic'
  | 'InvalidJson'
  | 'InvalidRequest'
  | 'InvalidStateTransition'
  | 'ResourceNotFound'
  | 'VersionMismatch'
  | 'InternalError';

const ERROR_CODES: Record<string, JobsErrorCode> = {
  InvalidRequestException: 'InvalidRequest',
  ResourceNotFoundException: 'ResourceNotFound',
  InvalidStateTransitionException: 'InvalidStateTransition',
  VersionConflictException: 'VersionMismatch',
};

/** A request that cannot be answered, with what its `/rejected` reply says. */
class JobsRequestError extends Error {
  constructor(
    readonly code: JobsErrorCode,
    message: string,
    readonly executionState?: unknown,
  ) {
    super(message);
  }
}

type Operation =
  | { readonly kind: 'get-pending' }
  | { readonly kind: 'start-next' }
  | { readonly kind: 'describe'; readonly jobId: string }
  | { readonly kind: 'update'; readonly jobId: string };

/** Our own replies and notifications come back through `$aws/things/+/jobs/#`; never answered. */
const isOutgoing = (rest: string) =>
  rest === 'notify' ||
  rest === 'notify-next' ||
  rest.endsWith('/accepted') ||
  rest.endsWith('/rejected');

function operationOf(rest: string): Operation | undefined {
  if (rest === 'get') return { kind: 'get-pending' };
  if (rest === 'start-next') return { kind: 'start-next' };
  const match = /^([^/]+)\/(get|update)$/.exec(rest);
  if (!match) return undefined;
  const [, jobId, verb] = match as unknown as [string, string, 'get' | 'update'];
  return verb === 'get' ? { kind: 'describe', jobId } : { kind: 'update', jobId };
}

/** The request's JSON object; `InvalidJson` when it is not UTF-8 JSON. */
function decodePayload(payload: Buffer | string): Record<string, unknown> {
  const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (bytes > MAX_JOBS_REQUEST_BYTES) {
    throw new JobsRequestError(
      'InvalidRequest',
      `The request payload is ${bytes} bytes; the limit is ${MAX_JOBS_REQUEST_BYTES}.`,
    );
  }
  let text: string;
  try {
    text =
      typeof payload === 'string'
        ? payload
        : new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    throw new JobsRequestError('InvalidJson', 'The request payload is not valid UTF-8.');
  }
  // An empty message asks with every member left out.
  if (text.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JobsRequestError('InvalidJson', 'The request payload is not valid JSON.');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new JobsRequestError('InvalidRequest', 'The request payload must be a JSON object.');
  }
  return json as Record<string, unknown>;
}

function toRequestError(err: unknown): JobsRequestError {
  if (err instanceof JobsRequestError) return err;
  if (err instanceof AwsServiceError) {
    return new JobsRequestError(
      ERROR_CODES[err.errorType] ?? 'InternalError',
      err.message,
      err instanceof JobExecutionConflictError ? err.executionState : undefined,
    );
  }
  console.error('IoT Jobs emulator: MQTT request failed', err);
  return new JobsRequestError('InternalError', 'Internal error.');
}

/**
 * The jobs device API over MQTT: `$aws/things/{thing}/jobs/get`, `/start-next`,
 * `/{jobId}/get` and `/{jobId}/update`, each answered on the request topic plus `/accepted` or
 * `/rejected`, with the request's `clientToken` and a `timestamp` in epoch seconds. Job documents
 * are sent as JSON. A topic under `jobs/` that is no operation is rejected as `InvalidTopic`.
 */
export function createJobsMqttHandler(
  engine: JobsEngine,
  send: (message: PublishedMessage) => void,
): (topic: string, payload: Buffer | string) => void {
  return (topic, payload) => {
    const match = JOBS_TOPIC.exec(topic);
    if (!match) return;
    const [, thingName, rest] = match as unknown as [string, string, string];
    if (isOutgoing(rest)) return;

    let clientToken: string | undefined;
    const reply = (outcome: 'accepted' | 'rejected', body: Record<string, unknown>) =>
      send({
        topic: `${topic}/${outcome}`,
        payload: { ...body, timestamp: dataPlaneTime(engine.now()), clientToken },
      });
    try {
      const operation = operationOf(rest);
      if (!operation || !THING_NAME.test(thingName)) {
        throw new JobsRequestError('InvalidTopic', `${topic} is not a Jobs API topic.`);
      }
      const request = decodePayload(payload);
      if (typeof request.clientToken === 'string' && request.clientToken.length <= 64) {
        clientToken = request.clientToken;
      }
      reply('accepted', answer(engine, thingName, operation, request));
    } catch (err) {
      const error = toRequestError(err);
      reply('rejected', {
        code: error.code,
        message: error.message,
        executionState: error.executionState,
      });
    } finally {
      engine.commit();
    }
  };
}

const parse = <T>(schema: z.ZodType<T>, request: Record<string, unknown>) =>
  parseRequest(schema, request, 'payload');

function checkJobId(jobId: string): void {
  if (!JOB_ID.test(jobId)) {
    throw invalidRequest(
      `1 validation error detected: Value at 'jobId' failed to satisfy constraint: must be 1-64 letters, digits, "_" or "-"`,
    );
  }
}

/** Runs one operation; its `/accepted` body. */
function answer(
  engine: JobsEngine,
  thingName: string,
  operation: Operation,
  request: Record<string, unknown>,
): Record<string, unknown> {
  const now = engine.now();
  switch (operation.kind) {
    case 'get-pending': {
      parse(mqttGetPendingSchema, request);
      const { inProgress, queued } = engine.pendingExecutions(thingName);
      return {
        inProgressJobs: inProgress.map(dataExecutionSummaryView),
        queuedJobs: queued.map(dataExecutionSummaryView),
      };
    }
    case 'start-next': {
      const { statusDetails, stepTimeoutInMinutes } = parse(mqttStartNextSchema, request);
      const started = engine.startNext(thingName, { statusDetails, stepTimeoutInMinutes });
      return {
        execution: started && dataExecutionView(started.job, started.execution, now, 'json'),
      };
    }
    case 'describe': {
      const { executionNumber, includeJobDocument } = parse(mqttDescribeSchema, request);
      if (operation.jobId !== '$next') checkJobId(operation.jobId);
      const found =
        operation.jobId === '$next'
          ? engine.nextPending(thingName)
          : engine.getExecution(operation.jobId, thingName, executionNumber);
      const encoding = (includeJobDocument ?? true) ? 'json' : undefined;
      return { execution: found && dataExecutionView(found.job, found.execution, now, encoding) };
    }
    case 'update': {
      checkJobId(operation.jobId);
      const { clientToken: _token, ...update } = parse(mqttUpdateSchema, request);
      const { job, execution } = engine.updateExecution(operation.jobId, thingName, update);
      return {
        executionState: update.includeJobExecutionState ? executionStateView(execution) : undefined,
        jobDocument: update.includeJobDocument ? documentView(job, 'json') : undefined,
      };
    }
  }
}
