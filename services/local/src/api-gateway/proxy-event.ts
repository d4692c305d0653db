import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { clfTime } from './gateway-dates';
import { decode, parseQueryString } from './query-string';

/** What API Gateway knows of a request when it calls the integration. */
export interface GatewayRequest {
  readonly requestId: string;
  readonly requestTimeEpoch: number;
  readonly httpMethod: string;
  /** The path as requested, without the query string. */
  readonly path: string;
  readonly rawQuery: string;
  /** Node's `rawHeaders`: names as the client sent them, alternating with values. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
}

/** The API resource that matched: the greedy `/{proxy+}` or an explicit one such as `/openapi.json`. */
export type MatchedResource =
  { readonly kind: 'proxy' } | { readonly kind: 'explicit'; path: string };

export interface ProxyEventContext {
  readonly stage: string;
  /** The Cognito authorizer's claims; absent on routes without the authorizer. */
  readonly claims?: Record<string, string>;
}

/** The REST API (v1) Lambda proxy integration event for a request. */
export function proxyEvent(
  request: GatewayRequest,
  resource: MatchedResource,
  context: ProxyEventContext,
): APIGatewayProxyEvent {
  const { headers, multiValueHeaders } = eventHeaders(request.rawHeaders);
  const query = parseQueryString(request.rawQuery);
  const resourcePath = resource.kind === 'proxy' ? '/{proxy+}' : resource.path;
  const domainName = (header(headers, 'host') ?? 'localhost').replace(/:\d+$/, '');
  const body = eventBody(request.body, header(headers, 'content-type'));
  return {
    resource: resourcePath,
    path: request.path,
    httpMethod: request.httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: resource.kind === 'proxy' ? { proxy: decode(request.path.slice(1)) } : null,
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      resourceId: 'local',
      // Absent, not null, on a method without an authorizer.
      authorizer: context.claims ? { claims: context.claims } : undefined,
      domainName,
      domainPrefix: domainName.split('.')[0],
      extendedRequestId: randomBytes(12).toString('base64'),
      httpMethod: request.httpMethod,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: header(headers, 'user-agent') ?? null,
        userArn: null,
      },
      // Served at the root, as behind a custom domain: the stage is not part of the path.
      path: request.path,
      protocol: 'HTTP/1.1',
      requestId: request.requestId,
      requestTime: clfTime(request.requestTimeEpoch),
      requestTimeEpoch: request.requestTimeEpoch,
      resourcePath,
      stage: context.stage,
    },
    ...body,
  };
}

/** Repeated headers keep every value in `multiValueHeaders` and the last one in `headers`. */
function eventHeaders(rawHeaders: readonly string[]) {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    const value = rawHeaders[i + 1] ?? '';
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return { headers, multiValueHeaders };
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

const TEXT_TYPES = [
  /^text\//,
  /^application\/(json|xml|javascript|graphql|x-www-form-urlencoded)\b/,
  /^application\/[\w.-]+\+(json|xml)\b/,
];

/** Text bodies pass as they are (malformed JSON included: the API answers it); others in base64. */
function eventBody(body: Buffer, contentType: string | undefined) {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  const type = (contentType ?? '').trim().toLowerCase();
  const text = type === '' || TEXT_TYPES.some((pattern) => pattern.test(type));
  return text
    ? { body: body.toString('utf8'), isBase64Encoded: false }
    : { body: body.toString('base64'), isBase64Encoded: true };
}
