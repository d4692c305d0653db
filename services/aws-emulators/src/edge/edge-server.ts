import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsServiceError } from './aws-service-error';
import { credentialScope } from './credential-scope';
import { type EdgeResponse, edgeErrorResponse } from './edge-response';
import type { EmulatedService } from './emulated-service';
import { mergeServices } from './merge-services';
import { readRequestBody } from './request-body';
import type { EdgeRequest } from './service-protocol';

export interface AwsEdgeOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly services: readonly EmulatedService[];
  readonly log?: (message: string) => void;
  /** Larger bodies are refused with 413 before they are read. Default 1 MiB. */
  readonly maxBodyBytes?: number;
}

export interface AwsEdge {
  /** e.g. `http://127.0.0.1:4566`, for `AWS_ENDPOINT_URL_*` or a client's `endpoint`. */
  readonly url: string;
  /** Stops listening, lets requests in flight finish, then drops kept-alive connections. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** How long an oversized upload may keep sending (discarded) after its 413. */
const DISCARD_GRACE_MS = 5_000;

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, requestId: string, response: EdgeResponse): void {
  if (res.headersSent) return;
  res.writeHead(response.status, {
    ...response.headers,
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(response.body),
  });
  res.end(response.body);
}

/**
 * Local mode's single AWS endpoint. Every service shares the port; each request goes to the
 * service named by its SigV4 credential scope, since paths alone are ambiguous (IoT and the jobs
 * data plane both have `GET /things/{thingName}/jobs/{jobId}`). Signatures are not checked.
 */
export async function startAwsEdge(options: AwsEdgeOptions): Promise<AwsEdge> {
  const protocols = mergeServices(options.services);
  const log = options.log ?? (() => undefined);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const inFlight = new Set<Promise<void>>();

  const tooLarge = () =>
    new AwsServiceError(
      'RequestEntityTooLargeException',
      `Request body exceeds the ${maxBodyBytes}-byte limit of the local AWS edge`,
      413,
    );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const request: EdgeRequest = {
      method: req.method ?? 'GET',
      path: queryAt < 0 ? url : url.slice(0, queryAt),
      query: new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1)),
      headers: req.headers,
    };
    const scope = credentialScope(
      firstHeader(req.headers.authorization),
      request.query.get('X-Amz-Credential'),
    );
    const protocol = scope.ok ? protocols.get(scope.scope.service) : undefined;
    const render = (error: AwsServiceError) =>
      protocol === undefined ? edgeErrorResponse(error) : protocol.renderError(error);

    // Read the body before any answer, even a refusal: answering first would leave the rest of
    // the body on a kept-alive connection, which then breaks the client's next request.
    const body = await readRequestBody(req, maxBodyBytes);
    if (!body.ok) {
      if (body.reason === 'aborted') return;
      const error = tooLarge();
      log(`refused ${request.method} ${request.path}: ${error.message}`);
      // Answer now, then discard (never buffer) whatever the client still sends.
      res.setHeader('connection', 'close');
      send(res, requestId, render(error));
      req.resume();
      setTimeout(() => req.socket.destroy(), DISCARD_GRACE_MS).unref();
      return;
    }
    if (!scope.ok) {
      const type = scope.missing
        ? 'MissingAuthenticationTokenException'
        : 'IncompleteSignatureException';
      const error = new AwsServiceError(type, `Cannot route: ${scope.reason}`, 403);
      log(`refused ${request.method} ${request.path}: ${error.message}`);
      send(res, requestId, render(error));
      return;
    }
    if (protocol === undefined) {
      const known = [...protocols.keys()].join(', ') || 'none';
      const error = new AwsServiceError(
        'UnknownServiceException',
        `No emulated AWS service signs as "${scope.scope.service}" (emulated: ${known})`,
        400,
      );
      log(`refused ${request.method} ${request.path}: ${error.message}`);
      send(res, requestId, render(error));
      return;
    }
    let operation = `${request.method} ${request.path}`;
    try {
      const resolved = protocol.resolve(request);
      operation = resolved.operation;
      send(res, requestId, await resolved.invoke(body.body));
    } catch (err) {
      if (err instanceof AwsServiceError) {
        send(res, requestId, render(err));
        return;
      }
      log(`${protocol.signingName} ${operation} failed: ${(err as Error)?.stack ?? String(err)}`);
      const internal = new AwsServiceError(
        protocol.internalErrorType,
        `The emulator failed: ${(err as Error)?.message ?? String(err)}`,
        500,
      );
      send(res, requestId, render(internal));
    }
  }

  const server = createServer((req, res) => {
    const handling = handle(req, res)
      .catch((err: unknown) => {
        log(`edge failure: ${(err as Error)?.stack ?? String(err)}`);
        if (!res.headersSent) {
          const error = new AwsServiceError('InternalFailure', 'The local AWS edge failed', 500);
          send(res, 'unknown', edgeErrorResponse(error));
        }
      })
      .finally(() => inFlight.delete(handling));
    inFlight.add(handling);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${host}:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}
