import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import { ApiError, type FieldIssue, type FieldLocation, badRequest } from './api-error';
import { callerFromClaims, roleAllows } from './caller';
import { errorResponse, jsonResponse } from './json-response';
import { queryObject } from './query-params';
import type { Route } from './route';
import { createRouter } from './router';

/** API Gateway's payload limit is 10 MB; nothing the API takes comes close to 1 MB. */
export const MAX_BODY_BYTES = 1024 * 1024;

const noQuery = z.object({}).strict();

export interface ApiHandlerOptions {
  readonly routes: readonly Route[];
  readonly deps: ApiDeps;
  /** Console origins allowed by CORS. */
  readonly corsOrigins: readonly string[];
  /** Check every response against its documented schema (tests and local mode). */
  readonly validateResponses?: boolean;
  readonly onError?: (message: string, error: unknown) => void;
}

export type ApiHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

function zodIssues(error: z.ZodError, location: FieldLocation): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const prefix = issue.path.map(String);
    // An unknown key is named itself, so a typo'd parameter points at the typo.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...prefix, key].join('.'),
        in: location,
        message: 'is not a known field',
      }));
    }
    return [
      {
        field: prefix.length > 0 ? prefix.join('.') : location,
        in: location,
        message: issue.message,
      },
    ];
  });
}

function parseInput(schema: z.ZodType | undefined, value: unknown, location: FieldLocation) {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(zodIssues(result.error, location));
  return result.data;
}

function readBody(event: APIGatewayProxyEvent): unknown {
  if (event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new ApiError(413, 'PayloadTooLarge', `body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest([{ field: 'body', in: 'body', message: 'is not valid JSON' }]);
  }
}

function headerValue(event: APIGatewayProxyEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** OpenSearch and AWS SDK failures that mean "try again", not "the API is broken". */
function isUpstreamThrottle(error: unknown): boolean {
  const status =
    (error as { statusCode?: unknown }).statusCode ??
    (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return (
    status === 429 || status === 503 || (error as { $retryable?: unknown }).$retryable !== undefined
  );
}

/**
 * The API Lambda: route, check the caller's role, validate the input, call the route's core
 * function, and render JSON. API Gateway's Cognito authorizer has verified the token already;
 * the claims arrive in the request context.
 */
export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const match = createRouter(options.routes);
  const corsOrigins = new Set(options.corsOrigins);

  function corsHeaders(event: APIGatewayProxyEvent): Record<string, string> {
    const origin = headerValue(event, 'origin');
    if (origin === undefined || !corsOrigins.has(origin)) return {};
    return { 'access-control-allow-origin': origin, vary: 'Origin' };
  }

  async function respond(event: APIGatewayProxyEvent, cors: Record<string, string>) {
    const proxy = event.pathParameters?.proxy;
    const path = proxy !== undefined ? `/${proxy}` : event.path;
    if (event.httpMethod === 'OPTIONS') {
      return jsonResponse(204, undefined, {
        ...cors,
        'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS',
        'access-control-allow-headers': 'Authorization,Content-Type',
        'access-control-max-age': '600',
      });
    }
    const matched = match(event.httpMethod, path);
    if (matched.kind === 'not-found') throw new ApiError(404, 'NotFound', `no route for ${path}`);
    if (matched.kind === 'method-not-allowed') {
      return errorResponse(
        new ApiError(405, 'MethodNotAllowed', `${event.httpMethod} is not allowed on ${path}`),
        { ...cors, allow: matched.allowed.join(', ') },
      );
    }
    const { route } = matched;
    const caller = callerFromClaims(
      event.requestContext.authorizer?.claims as Record<string, unknown> | undefined,
    );
    if (route.access !== 'public') {
      if (!caller) throw new ApiError(401, 'Unauthorized', 'a signed-in user is required');
      if (!roleAllows(caller.role, route.access)) {
        throw new ApiError(403, 'Forbidden', `this needs the ${route.access} role or above`);
      }
    }
    const params = parseInput(route.params, matched.params, 'path');
    const rawQuery = queryObject(
      event.multiValueQueryStringParameters,
      event.queryStringParameters,
    );
    // A route without parameters says so, rather than silently ignoring a typo.
    const query = parseInput(route.query ?? noQuery, rawQuery, 'query');
    const body = route.body ? parseInput(route.body, readBody(event), 'body') : undefined;
    const result = await route.handle({ params, query, body, caller }, options.deps);
    if (options.validateResponses) {
      const checked = route.response.safeParse(result);
      if (!checked.success) {
        throw new Error(
          `${route.operationId} answered outside its documented schema: ${z.prettifyError(checked.error)}`,
        );
      }
    }
    return jsonResponse(route.status, result, cors);
  }

  return async (event) => {
    const cors = corsHeaders(event);
    try {
      return await respond(event, cors);
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error, cors);
      if (isUpstreamThrottle(error)) {
        options.onError?.('upstream busy', error);
        return errorResponse(
          new ApiError(503, 'UpstreamError', 'a backing service is busy; try again'),
          { ...cors, 'retry-after': '1' },
        );
      }
      options.onError?.('request failed', error);
      return errorResponse(new ApiError(500, 'InternalError', 'internal error'), cors);
    }
  };
}
