import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoTClient } from '@aws-sdk/client-iot';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ensureIndices } from '@fleet/index-mappings';
import { startSearchEngine } from '@fleet/search-engine';
import { Client } from '@opensearch-project/opensearch';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { API_ROUTES, type ApiDeps, createApiHandler } from '../../src';
import type { FieldIssue } from '../../src/http/api-error';
import { FIXTURE_NOW, loadFleetFixture } from './fleet-fixture';

export const CONSOLE_ORIGIN = 'http://localhost:3000';

export interface ApiRequest {
  readonly query?: Record<string, string | readonly string[]>;
  readonly body?: unknown;
  /** Raw body text, for malformed input. */
  readonly rawBody?: string;
  /** The caller's groups; `null` sends no claims at all (no token). */
  readonly groups?: readonly string[] | null;
  readonly origin?: string;
}

/** The error body; present on every non-2xx reply. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly issues: FieldIssue[];
  };
}

export interface ApiReply<T> {
  readonly status: number;
  readonly headers: Record<string, string | number | boolean>;
  /** The route's documented body on success, the error body otherwise. */
  readonly body: T & ErrorBody;
}

/** An API Gateway REST proxy event, as the Cognito authorizer hands it to the Lambda. */
export function apiEvent(
  method: string,
  path: string,
  request: ApiRequest = {},
): APIGatewayProxyEvent {
  const multi: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(request.query ?? {})) {
    multi[key] = typeof value === 'string' ? [value] : [...value];
  }
  const single = Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v.at(-1)!]));
  const groups = request.groups === undefined ? ['viewer'] : request.groups;
  const claims =
    groups === null
      ? undefined
      : {
          sub: 'user-sub-1',
          email: `${groups[0] ?? 'nobody'}@fleet.local`,
          'cognito:username': 'user-sub-1',
          'cognito:groups': groups.join(','),
          token_use: 'id',
        };
  const body =
    request.rawBody ?? (request.body === undefined ? null : JSON.stringify(request.body));
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: { ...(request.origin ? { origin: request.origin } : {}) },
    multiValueHeaders: {},
    queryStringParameters: Object.keys(single).length > 0 ? single : null,
    multiValueQueryStringParameters: Object.keys(multi).length > 0 ? multi : null,
    pathParameters: { proxy: path.replace(/^\//, '') },
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      authorizer: claims ? { claims } : undefined,
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

export interface ApiHarness {
  readonly search: Client;
  readonly deps: ApiDeps;
  call<T = unknown>(method: string, path: string, request?: ApiRequest): Promise<ApiReply<T>>;
  close(): Promise<void>;
}

export interface ApiHarnessOptions {
  /** Endpoint of the AWS emulators, for the config and OTA routes. */
  readonly awsEndpoint?: string;
  readonly withFixture?: boolean;
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * The API handler built for real: the embedded search engine through the official client, and
 * AWS SDK clients pointed at the local emulators. Responses are checked against their schemas.
 */
export async function startApiHarness(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'api-search-'));
  const engine = await startSearchEngine({ dataDir, port: 0 });
  const search = new Client({ node: engine.url });
  await ensureIndices(search, { replicas: 0 });
  if (options.withFixture !== false) await loadFleetFixture(search);
  const aws = {
    region: 'us-east-1',
    credentials,
    endpoint: options.awsEndpoint ?? 'http://127.0.0.1:9',
  };
  const deps: ApiDeps = {
    search,
    ssm: new SSMClient(aws),
    iot: new IoTClient(aws),
    configPath: '/fleet/config',
    offlineAfterMs: 15 * 60_000,
    now: () => FIXTURE_NOW,
    iotArnPrefix: 'arn:aws:iot:us-east-1:000000000000',
  };
  const handler = createApiHandler({
    routes: API_ROUTES,
    deps,
    corsOrigins: [CONSOLE_ORIGIN],
    validateResponses: true,
    onError: (message, error) => {
      // Surface unexpected failures in the test output; expected ones are asserted by status.
      console.error(message, error);
    },
  });
  return {
    search,
    deps,
    async call(method, path, request) {
      const result: APIGatewayProxyResult = await handler(apiEvent(method, path, request));
      return {
        status: result.statusCode,
        headers: result.headers ?? {},
        body: (result.body === '' ? undefined : JSON.parse(result.body)) as never,
      };
    },
    async close() {
      deps.ssm.destroy();
      deps.iot.destroy();
      await search.close();
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
