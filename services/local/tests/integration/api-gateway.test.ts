import { request } from 'node:http';
import { connect } from 'node:net';
import {
  AdminAddUserToGroupCommand,
  CreateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import { type ApiGateway, startApiGateway } from '../../src/api-gateway/api-gateway';
import { cognitoClient } from '../../src/cognito/cognito-client';
import { type SignedIn, signIn } from '../../src/cognito/sign-in';
import { DEMO_PASSWORD, type SeededCognito, startSeededCognito } from '../support/cognito-harness';
import { echoHandler } from '../support/echo-handler';
import { COGNITO_LOCAL_KEY, foreignKey, signJwt } from '../support/jwt';

const CONSOLE_ORIGIN = 'http://localhost:3000';

interface Echo {
  event: APIGatewayProxyEvent;
  context: { awsRequestId: string; functionName: string; remainingMs: number };
}

describe('local API Gateway', () => {
  let seeded: SeededCognito;
  let gateway: ApiGateway;
  let engineer: SignedIn;
  let otherClientToken: string;
  const echo = echoHandler();
  const logs: string[] = [];

  beforeAll(async () => {
    seeded = await startSeededCognito();
    const { endpoint } = seeded.cognito;
    const { userPoolId, clientId, issuer, jwksUri } = seeded.pool;
    const admin = cognitoClient(endpoint);
    try {
      // Two groups, to see how the authorizer hands a list over.
      await admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: userPoolId,
          Username: 'engineer@fleet.local',
          GroupName: 'viewer',
        }),
      );
      const { UserPoolClient } = await admin.send(
        new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'another-app' }),
      );
      const other = await signIn({
        endpoint,
        clientId: UserPoolClient!.ClientId!,
        username: 'viewer@fleet.local',
        password: DEMO_PASSWORD,
      });
      otherClientToken = other.idToken;
    } finally {
      admin.destroy();
    }
    engineer = await signIn({
      endpoint,
      clientId,
      username: 'engineer@fleet.local',
      password: DEMO_PASSWORD,
    });
    gateway = await startApiGateway({
      host: '127.0.0.1',
      port: 0,
      handler: echo.handler,
      verifier: { issuer, jwksUri, clientId },
      corsOrigins: [CONSOLE_ORIGIN],
      stage: 'test',
      log: (message) => logs.push(message),
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await seeded?.close();
  });

  beforeEach(() => {
    echo.invocations.length = 0;
    logs.length = 0;
  });

  const call = (path: string, init: RequestInit = {}) => fetch(`${gateway.url}${path}`, init);
  const authorized = (token: string, init: RequestInit = {}): RequestInit => ({
    ...init,
    headers: { ...(init.headers as Record<string, string>), Authorization: token },
  });
  const echoed = async (response: Response) => {
    expect(response.status).toBe(200);
    return (await response.json()) as Echo;
  };
  const expectUnauthorized = async (response: Response, message = 'Unauthorized') => {
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message });
    expect(echo.invocations).toHaveLength(0);
  };

  it('hands the API the REST proxy event, with the ID token claims as strings', async () => {
    const before = Date.now();
    const response = await call(
      '/vehicles/1HGCM82633A004352/trips?limit=10&tag=a&tag=b',
      authorized(engineer.idToken, { headers: { 'X-Custom': 'one' } }),
    );
    const { event, context } = await echoed(response);
    const { pool } = seeded;

    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/vehicles/1HGCM82633A004352/trips',
      httpMethod: 'GET',
      pathParameters: { proxy: 'vehicles/1HGCM82633A004352/trips' },
      queryStringParameters: { limit: '10', tag: 'b' },
      multiValueQueryStringParameters: { limit: ['10'], tag: ['a', 'b'] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(lowerCased(event.headers)).toMatchObject({
      authorization: engineer.idToken,
      'x-custom': 'one',
    });
    expect(lowerCased(event.multiValueHeaders)['x-custom']).toEqual(['one']);

    const { requestContext } = event;
    expect(requestContext).toMatchObject({
      stage: 'test',
      httpMethod: 'GET',
      path: '/vehicles/1HGCM82633A004352/trips',
      resourcePath: '/{proxy+}',
      protocol: 'HTTP/1.1',
      requestId: response.headers.get('x-amzn-requestid'),
      identity: { sourceIp: '127.0.0.1', userAgent: expect.any(String) },
    });
    expect(requestContext.requestTimeEpoch).toBeGreaterThanOrEqual(before);
    expect(requestContext.requestTime).toMatch(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);

    const claims = (requestContext.authorizer as { claims: Record<string, unknown> }).claims;
    const token = decomposeUnverifiedJwt(engineer.idToken).payload;
    expect(claims).toMatchObject({
      'cognito:groups': 'engineer,viewer',
      token_use: 'id',
      aud: pool.clientId,
      iss: pool.issuer,
      sub: token.sub,
      'cognito:username': token['cognito:username'],
      email: 'engineer@fleet.local',
      email_verified: 'true',
      auth_time: String(token.auth_time as number),
    });
    expect(claims.exp).toMatch(/^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    expect(Object.values(claims).every((value) => typeof value === 'string')).toBe(true);

    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.functionName).toBe('fleet-api');
    expect(context.remainingMs).toBeGreaterThan(20_000);
  });

  it('takes the token after Bearer too', async () => {
    for (const scheme of ['Bearer', 'bearer']) {
      const { event } = await echoed(
        await call('/vehicles', authorized(`${scheme} ${engineer.idToken}`)),
      );
      expect(event.requestContext.authorizer?.claims).toMatchObject({ token_use: 'id' });
    }
  });

  it('passes no query string as null', async () => {
    const { event } = await echoed(await call('/vehicles', authorized(engineer.idToken)));
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
  });

  it('refuses a request without a token', async () => {
    await expectUnauthorized(await call('/vehicles'));
    await expectUnauthorized(await call('/vehicles', authorized('Bearer ')));
  });

  it('refuses a token that is not a JWT', async () => {
    await expectUnauthorized(await call('/vehicles', authorized('not-a-token')));
    await expectUnauthorized(await call('/vehicles', authorized('a.b.c')));
  });

  it('refuses a token signed with a key outside the JWKS', async () => {
    const claims = decomposeUnverifiedJwt(engineer.idToken).payload;
    await expectUnauthorized(await call('/vehicles', authorized(signJwt(claims, foreignKey()))));
  });

  it('refuses an expired token, saying so', async () => {
    const claims = decomposeUnverifiedJwt(engineer.idToken).payload;
    const now = Math.floor(Date.now() / 1000);
    const expired = signJwt({ ...claims, iat: now - 7200, exp: now - 3600 }, COGNITO_LOCAL_KEY);
    await expectUnauthorized(
      await call('/vehicles', authorized(expired)),
      'The incoming token has expired',
    );
  });

  it('refuses a token of another pool', async () => {
    const claims = decomposeUnverifiedJwt(engineer.idToken).payload;
    const forged = signJwt(
      { ...claims, iss: `${seeded.cognito.endpoint}/local_another` },
      COGNITO_LOCAL_KEY,
    );
    await expectUnauthorized(await call('/vehicles', authorized(forged)));
  });

  it('refuses an ID token issued to another app client', async () => {
    await expectUnauthorized(await call('/vehicles', authorized(otherClientToken)));
  });

  it('refuses an access token', async () => {
    await expectUnauthorized(await call('/vehicles', authorized(engineer.accessToken)));
  });

  it('serves a public route without a token, and without claims', async () => {
    const { event } = await echoed(await call('/openapi.json'));
    expect(event).toMatchObject({
      resource: '/openapi.json',
      path: '/openapi.json',
      pathParameters: null,
      requestContext: { resourcePath: '/openapi.json' },
    });
    expect(event.requestContext.authorizer).toBeUndefined();
  });

  it('answers methods and resources the API does not define as API Gateway does', async () => {
    for (const [path, method] of [
      ['/openapi.json', 'POST'],
      ['/', 'GET'],
    ] as const) {
      const response = await call(path, authorized(engineer.idToken, { method }));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    }
    expect(echo.invocations).toHaveLength(0);
  });

  it('answers a preflight from the console origin', async () => {
    const response = await call('/vehicles/1HGCM82633A004352', {
      method: 'OPTIONS',
      headers: {
        Origin: CONSOLE_ORIGIN,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe(
      'GET,POST,PUT,DELETE,OPTIONS',
    );
    expect(response.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(echo.invocations).toHaveLength(0);
  });

  it('gives other origins no CORS headers', async () => {
    const preflight = await call('/vehicles', {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();

    const get = await call(
      '/vehicles',
      authorized(engineer.idToken, { headers: { Origin: 'http://evil.example' } }),
    );
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the console origin read answers, refusals included', async () => {
    const ok = await call(
      '/vehicles',
      authorized(engineer.idToken, { headers: { Origin: CONSOLE_ORIGIN } }),
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);

    const refused = await call('/vehicles', { headers: { Origin: CONSOLE_ORIGIN } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
  });

  it('answers 502 when the handler throws, and logs it', async () => {
    const response = await call('/boom', authorized(engineer.idToken));
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
    expect(logs.join('\n')).toContain('the handler blew up');
  });

  it('answers 502 when the handler returns a malformed result', async () => {
    const response = await call('/malformed', authorized(engineer.idToken));
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
    expect(logs.join('\n')).toContain('malformed Lambda proxy response');
  });

  it('decodes a base64 result and merges its headers', async () => {
    const response = await call('/binary', authorized(engineer.idToken));
    expect(response.status).toBe(200);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 1, 2, 255]);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-multi')).toBe('a, b');
    expect(response.headers.get('x-single')).toBe('from-multi');
  });

  it('passes a malformed JSON body through unchanged, for the API to answer', async () => {
    const body = '{"name": "van 7", ';
    const { event } = await echoed(
      await call(
        '/vehicles',
        authorized(engineer.idToken, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        }),
      ),
    );
    expect(event).toMatchObject({ httpMethod: 'POST', body, isBase64Encoded: false });
  });

  it('passes a binary body in base64', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0x10, 0x80]);
    const { event } = await echoed(
      await call(
        '/vehicles/1HGCM82633A004352/firmware',
        authorized(engineer.idToken, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/octet-stream' },
          body: bytes,
        }),
      ),
    );
    expect(event).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('refuses a declared oversized body before reading it', async () => {
    const head = [
      'POST /vehicles HTTP/1.1',
      'Host: 127.0.0.1',
      `Authorization: ${engineer.idToken}`,
      'Content-Type: application/json',
      `Content-Length: ${10 * 1024 * 1024 + 1}`,
      '',
      '',
    ].join('\r\n');
    // Only the head is sent: the answer must not wait for the body.
    const answer = await rawExchange(gateway.url, head);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('{"message":"Request Too Long"}');

    // A client that sends it all anyway still gets the answer.
    const response = await call(
      '/vehicles',
      authorized(engineer.idToken, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.alloc(10 * 1024 * 1024 + 1, 'x'),
      }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Too Long' });
    expect(echo.invocations).toHaveLength(0);
  });

  it('stops reading a streamed body once it passes 10 MB', async () => {
    const { status, sent } = await streamUpload(gateway.url, engineer.idToken, 40 * 1024 * 1024);
    expect(status).toBe(413);
    expect(sent).toBeLessThan(40 * 1024 * 1024);
    expect(echo.invocations).toHaveLength(0);
  });

  it('refuses tokens, and says why in the log, when the JWKS cannot be fetched', async () => {
    const blind = await startApiGateway({
      host: '127.0.0.1',
      port: 0,
      handler: echo.handler,
      verifier: { ...seeded.pool, jwksUri: `${seeded.cognito.endpoint}/no-such-pool/jwks.json` },
      corsOrigins: [],
      log: (message) => logs.push(message),
    });
    try {
      await expectUnauthorized(await fetch(`${blind.url}/vehicles`, authorized(engineer.idToken)));
      expect(logs.join('\n')).toMatch(/cannot check tokens: .*no-such-pool.*404/);
    } finally {
      await blind.close();
    }
  });

  it('answers 504 when the handler outlives the integration timeout', async () => {
    const impatient = await startApiGateway({
      host: '127.0.0.1',
      port: 0,
      handler: echo.handler,
      verifier: seeded.pool,
      corsOrigins: [],
      integrationTimeoutMs: 200,
      log: (message) => logs.push(message),
    });
    try {
      const response = await fetch(`${impatient.url}/slow`, authorized(engineer.idToken));
      expect(response.status).toBe(504);
      expect(await response.json()).toEqual({ message: 'Endpoint request timed out' });
    } finally {
      echo.releaseSlow();
      await impatient.close();
    }
  });
});

function lowerCased<T>(record: Record<string, T | undefined>): Record<string, T | undefined> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Sends `head` on a fresh connection and returns the answer, once it is complete. */
function rawExchange(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const headEnd = received.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(received)?.[1];
      if (headEnd >= 0 && length && received.length >= headEnd + 4 + Number(length)) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
  });
}

/** Streams up to `total` bytes in chunks (no Content-Length) until the server answers. */
function streamUpload(
  url: string,
  token: string,
  total: number,
): Promise<{ status: number; sent: number }> {
  const chunk = Buffer.alloc(256 * 1024, 'x');
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    // Kept alive (no `Connection: close`), as browsers do: the gateway drains what follows the
    // answer for a while rather than close the connection under it.
    const req = request(`${url}/vehicles`, {
      method: 'POST',
      headers: { Authorization: token, 'Content-Type': 'text/plain' },
    });
    req.on('response', (res) => {
      answered = true;
      res.resume();
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, sent });
      });
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}
