import { randomUUID } from 'node:crypto';
import {
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
  createServer,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { authorizerClaims } from './authorizer-claims';
import { CorsPolicy } from './cors';
import {
  ENDPOINT_TIMEOUT,
  EXPIRED_TOKEN,
  type GatewayError,
  INTERNAL_SERVER_ERROR,
  MISSING_AUTHENTICATION_TOKEN,
  REQUEST_TOO_LARGE,
  UNAUTHORIZED,
} from './gateway-responses';
import { type IdTokenVerifierOptions, createIdTokenVerifier } from './id-token-verifier';
import { type LambdaFunction, lambdaContext } from './lambda-context';
import { type MatchedResource, proxyEvent } from './proxy-event';
import { type GatewayResponse, translateProxyResult } from './proxy-result';
import { declaredLength, readBody } from './request-body';

/** The API Lambda's handler, called in-process. */
export type ProxyHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** A method on an explicit resource without the Cognito authorizer. */
export interface PublicRoute {
  readonly method: string;
  readonly path: string;
}

export const DEFAULT_PUBLIC_ROUTES: readonly PublicRoute[] = [
  { method: 'GET', path: '/openapi.json' },
];

export const DEFAULT_API_GATEWAY_PORT = 4000;

/** API Gateway's payload quota. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface ApiGatewayOptions {
  readonly host: string;
  /** `DEFAULT_API_GATEWAY_PORT` by convention; 0 picks a free port. */
  readonly port: number;
  readonly handler: ProxyHandler;
  /** The user pool and app client the Cognito authorizer accepts ID tokens from. */
  readonly verifier: IdTokenVerifierOptions;
  /** Origins the console is served from; `*` allows any. */
  readonly corsOrigins: readonly string[];
  readonly publicRoutes?: readonly PublicRoute[];
  readonly stage?: string;
  readonly log?: (message: string) => void;
  /** The integration timeout: 29 s, as API Gateway's. */
  readonly integrationTimeoutMs?: number;
  readonly functionName?: string;
}

export interface ApiGateway {
  /** Where the API is served, at the root (as behind a custom domain). */
  readonly url: string;
  /** Stops taking requests, lets those in flight finish, then closes every connection. */
  close(): Promise<void>;
}

/**
 * A local stand-in for the REST API in front of the fleet API Lambda: a greedy `/{proxy+}` ANY
 * method behind a Cognito user pool authorizer, explicit public routes, CORS preflights answered
 * by the gateway, and the Lambda proxy integration calling `handler` in this process.
 */
export async function startApiGateway(options: ApiGatewayOptions): Promise<ApiGateway> {
  const log = options.log ?? ((message: string) => console.log(`[api-gateway] ${message}`));
  const stage = options.stage ?? 'local';
  const publicRoutes = options.publicRoutes ?? DEFAULT_PUBLIC_ROUTES;
  const integrationTimeoutMs = options.integrationTimeoutMs ?? 29_000;
  const lambda: LambdaFunction = {
    functionName: options.functionName ?? 'fleet-api',
    timeoutMs: integrationTimeoutMs,
    memoryLimitInMB: 1024,
  };
  const verify = createIdTokenVerifier(options.verifier);
  const cors = new CorsPolicy(options.corsOrigins);
  const inFlight = new Set<Promise<void>>();

  const resourceFor = (method: string, path: string): MatchedResource | undefined => {
    const explicit = publicRoutes.filter((route) => route.path === path);
    if (explicit.length > 0)
      return explicit.some((route) => route.method.toUpperCase() === method)
        ? { kind: 'explicit', path }
        : undefined;
    return path === '/' ? undefined : { kind: 'proxy' };
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    const requestTimeEpoch = Date.now();
    const origin = req.headers.origin;
    const reply = (response: GatewayResponse) =>
      send(res, response, { ...cors.responseHeaders(origin), 'x-amzn-RequestId': requestId });
    const fail = (error: GatewayError) => reply(gatewayErrorResponse(error));
    const tooLarge = () => {
      fail(REQUEST_TOO_LARGE);
      discardRest(req);
    };

    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') {
      const headers = cors.preflightHeaders(origin);
      return send(res, { statusCode: 204, headers: {}, body: Buffer.alloc(0) }, headers);
    }
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const resource = resourceFor(method, path);
    if (!resource) return fail(MISSING_AUTHENTICATION_TOKEN);
    if ((declaredLength(req) ?? 0) > MAX_PAYLOAD_BYTES) return tooLarge();

    let claims: Record<string, string> | undefined;
    if (resource.kind === 'proxy') {
      const token = bearerToken(req.headers.authorization);
      if (!token) return fail(UNAUTHORIZED);
      const verification = await verify(token);
      if (!verification.valid) {
        if (verification.jwksUnavailable) log(`cannot check tokens: ${verification.reason}`);
        return fail(verification.expired ? EXPIRED_TOKEN : UNAUTHORIZED);
      }
      claims = authorizerClaims(verification.claims);
    }

    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    if (!body) return tooLarge();
    const event = proxyEvent(
      {
        requestId,
        requestTimeEpoch,
        httpMethod: method,
        path,
        rawQuery: queryAt < 0 ? '' : url.slice(queryAt + 1),
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      },
      resource,
      { stage, claims },
    );

    const outcome = await invoke(
      options.handler,
      event,
      lambdaContext(lambda),
      integrationTimeoutMs,
    );
    const where = `${method} ${path} (request ${requestId})`;
    if (outcome.kind === 'timeout') {
      log(`${where}: no response within ${integrationTimeoutMs} ms`);
      return fail(ENDPOINT_TIMEOUT);
    }
    if (outcome.kind === 'error') {
      log(`${where}: the handler failed: ${describe(outcome.error)}`);
      return fail(INTERNAL_SERVER_ERROR);
    }
    const translation = translateProxyResult(outcome.result);
    if (!translation.ok) {
      log(`${where}: ${translation.reason}`);
      return fail(INTERNAL_SERVER_ERROR);
    }
    return reply(translation.response);
  };

  const server = createServer((req, res) => {
    const handling = serve(req, res).catch((err: unknown) => {
      log(`${req.method} ${req.url}: ${describe(err)}`);
      if (!res.headersSent) send(res, gatewayErrorResponse(INTERNAL_SERVER_ERROR), {});
      else res.destroy();
    });
    inFlight.add(handling);
    void handling.finally(() => inFlight.delete(handling));
  });
  const port = await listen(server, options.host, options.port);

  return {
    url: `http://${options.host}:${port}`,
    async close() {
      const closed = new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      );
      server.closeIdleConnections();
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The raw token, as API Gateway's Cognito authorizer takes it, or after `Bearer `. */
function bearerToken(authorization: string | undefined): string | undefined {
  const value = authorization?.trim().replace(/^bearer\s+/i, '');
  return value ? value : undefined;
}

type Outcome =
  | { readonly kind: 'result'; readonly result: unknown }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'timeout' };

async function invoke(
  handler: ProxyHandler,
  event: APIGatewayProxyEvent,
  context: Context,
  timeoutMs: number,
): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
  });
  const invocation = (async (): Promise<Outcome> => {
    try {
      return { kind: 'result', result: await handler(event, context) };
    } catch (error) {
      return { kind: 'error', error };
    }
  })();
  try {
    return await Promise.race([invocation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function gatewayErrorResponse(error: GatewayError): GatewayResponse {
  return {
    statusCode: error.statusCode,
    headers: error.errorType ? { 'x-amzn-ErrorType': [error.errorType] } : {},
    body: Buffer.from(JSON.stringify({ message: error.message })),
  };
}

// Framing headers are the gateway's to set, whatever the integration says.
const FRAMING_HEADERS = new Set([
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
]);

function send(
  res: ServerResponse,
  response: GatewayResponse,
  gatewayHeaders: Record<string, string>,
) {
  const headers: OutgoingHttpHeaders = {};
  const names = new Set<string>();
  for (const [name, values] of Object.entries(response.headers)) {
    if (FRAMING_HEADERS.has(name.toLowerCase())) continue;
    headers[name] = values;
    names.add(name.toLowerCase());
  }
  // What the integration set wins (it may allow an origin itself).
  for (const [name, value] of Object.entries(gatewayHeaders))
    if (!names.has(name.toLowerCase())) headers[name] = value;
  if (!names.has('content-type') && response.body.length > 0)
    headers['Content-Type'] = 'application/json';
  if (response.statusCode !== 204 && response.statusCode !== 304)
    headers['Content-Length'] = response.body.length;
  res.writeHead(response.statusCode, headers);
  res.end(response.body);
}

/**
 * Reads and drops what is left of a refused body for a while before giving up on the connection:
 * a socket closed with unread data resets, and the client could lose the answer with it.
 */
function discardRest(req: IncomingMessage, lingerMs = 2000) {
  if (req.complete) return;
  const { socket } = req;
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  const settle = () => clearTimeout(timer);
  req.once('end', settle);
  socket.once('close', settle);
  req.resume();
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
