import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminListDevicesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import { cognitoClient } from '../../src/cognito/cognito-client';
import { type CognitoLocal, startCognitoLocal } from '../../src/cognito/cognito-local';
import { DEMO_USERS } from '../../src/cognito/demo-users';
import { seedUserPool } from '../../src/cognito/seed-user-pool';
import { signIn } from '../../src/cognito/sign-in';
import { DEMO_PASSWORD } from '../support/cognito-harness';

describe('cognito-local in local mode', () => {
  let dataDir: string;
  let logs: string[];
  const running: CognitoLocal[] = [];
  const start = async () => {
    const cognito = await startCognitoLocal({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      log: (message) => logs.push(message),
    });
    running.push(cognito);
    return cognito;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fleet-cognito-'));
    logs = [];
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((cognito) => cognito.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the pool, the app client, the groups and the demo users once', async () => {
    const cognito = await start();
    const first = await seedUserPool({ endpoint: cognito.endpoint, demoPassword: DEMO_PASSWORD });
    const poolFile = join(dataDir, `${first.userPoolId}.json`);
    const files = () => ({
      pool: readFileSync(poolFile, 'utf8'),
      clients: readFileSync(join(dataDir, 'clients.json'), 'utf8'),
    });
    const afterFirst = files();

    const second = await seedUserPool({ endpoint: cognito.endpoint, demoPassword: DEMO_PASSWORD });

    expect(second).toEqual(first);
    expect(files()).toEqual(afterFirst);
    expect(readdirSync(dataDir).sort()).toEqual(['clients.json', `${first.userPoolId}.json`]);
    expect(existsSync(join(process.cwd(), '.cognito'))).toBe(false);
    expect(first.issuer).toBe(`${cognito.endpoint}/${first.userPoolId}`);
    expect(first.jwksUri).toBe(`${first.issuer}/.well-known/jwks.json`);
    expect(first.users).toEqual([
      { username: 'viewer@fleet.local', group: 'viewer' },
      { username: 'engineer@fleet.local', group: 'engineer' },
      { username: 'admin@fleet.local', group: 'admin' },
    ]);
    const pool = JSON.parse(afterFirst.pool) as { Groups: Record<string, unknown> };
    expect(Object.keys(pool.Groups).sort()).toEqual(['admin', 'engineer', 'viewer']);
    const client = (
      JSON.parse(afterFirst.clients) as { Clients: Record<string, Record<string, unknown>> }
    ).Clients[first.clientId];
    expect(client).toMatchObject({
      ClientName: 'fleet-console',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(client?.ClientSecret).toBeUndefined();
  });

  it('signs each demo user in with an ID token carrying its group', async () => {
    const cognito = await start();
    const pool = await seedUserPool({ endpoint: cognito.endpoint, demoPassword: DEMO_PASSWORD });

    for (const user of DEMO_USERS) {
      const tokens = await signIn({
        endpoint: cognito.endpoint,
        clientId: pool.clientId,
        username: user.username,
        password: DEMO_PASSWORD,
      });
      const { header, payload } = decomposeUnverifiedJwt(tokens.idToken);
      expect(header).toMatchObject({ alg: 'RS256', kid: 'CognitoLocal' });
      expect(payload).toMatchObject({
        'cognito:groups': [user.group],
        token_use: 'id',
        aud: pool.clientId,
        iss: pool.issuer,
        email: user.username,
        email_verified: true,
      });
      expect(payload.exp! - payload.iat!).toBe(3600);
      expect(tokens.expiresIn).toBe(3600);
      expect(decomposeUnverifiedJwt(tokens.accessToken).payload).toMatchObject({
        token_use: 'access',
        client_id: pool.clientId,
        iss: pool.issuer,
      });
      expect(tokens.refreshToken).toEqual(expect.any(String));
    }

    const jwks = (await (await fetch(pool.jwksUri)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual(['CognitoLocal']);
  });

  it('refuses a wrong password and an unknown user as Cognito does', async () => {
    const cognito = await start();
    const pool = await seedUserPool({ endpoint: cognito.endpoint, demoPassword: DEMO_PASSWORD });
    const attempt = (username: string, password: string) =>
      signIn({ endpoint: cognito.endpoint, clientId: pool.clientId, username, password });

    await expect(attempt('viewer@fleet.local', 'not-the-password')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await expect(attempt('nobody@fleet.local', DEMO_PASSWORD)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('answers an operation cognito-local lacks as unsupported, and logs it', async () => {
    const cognito = await start();
    const client = cognitoClient(cognito.endpoint);
    try {
      await expect(
        client.send(new AdminListDevicesCommand({ UserPoolId: 'local_x', Username: 'x' })),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    } finally {
      client.destroy();
    }
    // Once per attempt: the SDK retries a 500.
    expect(new Set(logs)).toEqual(
      new Set([
        'Cognito Local unsupported feature: Unsupported x-amz-target header "AdminListDevices"',
      ]),
    );
  });

  it('keeps users across a restart, parallel sign-ins included', async () => {
    const first = await start();
    const pool = await seedUserPool({ endpoint: first.endpoint, demoPassword: DEMO_PASSWORD });
    // Each sign-in rewrites the pool's file; at once they must not corrupt it.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        signIn({
          endpoint: first.endpoint,
          clientId: pool.clientId,
          username: DEMO_USERS[i % DEMO_USERS.length]!.username,
          password: DEMO_PASSWORD,
        }),
      ),
    );
    await first.close();
    running.splice(running.indexOf(first), 1);

    const restarted = await start();
    const reseeded = await seedUserPool({
      endpoint: restarted.endpoint,
      demoPassword: DEMO_PASSWORD,
    });
    expect(reseeded.userPoolId).toBe(pool.userPoolId);
    expect(reseeded.clientId).toBe(pool.clientId);
    const tokens = await signIn({
      endpoint: restarted.endpoint,
      clientId: pool.clientId,
      username: 'admin@fleet.local',
      password: DEMO_PASSWORD,
    });
    expect(decomposeUnverifiedJwt(tokens.idToken).payload).toMatchObject({
      'cognito:groups': ['admin'],
      iss: `${restarted.endpoint}/${pool.userPoolId}`,
    });
    expect(logs).toEqual([]);
  });
});
