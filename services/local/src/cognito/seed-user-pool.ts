import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoClient } from './cognito-client';
import { DEMO_USERS, type DemoUser, FLEET_ROLES } from './demo-users';

export const USER_POOL_NAME = 'fleet-manager';
export const APP_CLIENT_NAME = 'fleet-console';

export interface SeedUserPoolOptions {
  /** A cognito-local endpoint started by `startCognitoLocal` (its issuer domain is the endpoint). */
  readonly endpoint: string;
  readonly demoPassword: string;
  readonly region?: string;
}

export interface SeededUserPool {
  readonly userPoolId: string;
  readonly clientId: string;
  /** The `iss` of the pool's tokens. */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly users: readonly DemoUser[];
}

/**
 * Makes sure the user pool, the console's app client, the role groups and one demo user per role
 * exist; what exists already is left as it is, so running it again changes nothing. A demo user
 * that exists keeps its password: a changed demo password needs the cognito data directory cleared.
 */
export async function seedUserPool(options: SeedUserPoolOptions): Promise<SeededUserPool> {
  const client = cognitoClient(options.endpoint, options.region);
  try {
    const userPoolId = await ensureUserPool(client);
    const clientId = await ensureAppClient(client, userPoolId);
    await ensureGroups(client, userPoolId);
    // One at a time: each change rewrites the pool's whole file.
    for (const user of DEMO_USERS)
      await ensureDemoUser(client, userPoolId, user, options.demoPassword);
    const issuer = `${options.endpoint}/${userPoolId}`;
    return {
      userPoolId,
      clientId,
      issuer,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      users: DEMO_USERS,
    };
  } finally {
    client.destroy();
  }
}

async function ensureUserPool(client: CognitoIdentityProviderClient): Promise<string> {
  // cognito-local has no pagination here: one page holds every pool.
  const { UserPools = [] } = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const existing = UserPools.find((pool) => pool.Name === USER_POOL_NAME)?.Id;
  if (existing) return existing;
  const { UserPool } = await client.send(
    new CreateUserPoolCommand({
      PoolName: USER_POOL_NAME,
      UsernameAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    }),
  );
  return required(UserPool?.Id, 'CreateUserPool returned no pool id');
}

async function ensureAppClient(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
): Promise<string> {
  const { UserPoolClients = [] } = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  const existing = UserPoolClients.find((c) => c.ClientName === APP_CLIENT_NAME)?.ClientId;
  if (existing) return existing;
  const { UserPoolClient } = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: APP_CLIENT_NAME,
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      // Cognito's defaults, which cognito-local would otherwise replace with a day for every token.
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'days' },
      PreventUserExistenceErrors: 'ENABLED',
    }),
  );
  return required(UserPoolClient?.ClientId, 'CreateUserPoolClient returned no client id');
}

async function ensureGroups(client: CognitoIdentityProviderClient, userPoolId: string) {
  const { Groups = [] } = await client.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
  const existing = new Set(Groups.map((group) => group.GroupName));
  for (const role of FLEET_ROLES) {
    if (existing.has(role)) continue;
    await client.send(
      new CreateGroupCommand({
        UserPoolId: userPoolId,
        GroupName: role,
        Description: `Fleet Manager ${role}s`,
      }),
    );
  }
}

async function ensureDemoUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  user: DemoUser,
  password: string,
) {
  const existing = await findUser(client, userPoolId, user.username);
  if (!existing) {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        UserAttributes: [
          { Name: 'email', Value: user.username },
          { Name: 'email_verified', Value: 'true' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
  } else if (attribute(existing, 'email_verified') !== 'true') {
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
      }),
    );
  }
  if (existing?.UserStatus !== 'CONFIRMED')
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        Password: password,
        Permanent: true,
      }),
    );
  // A no-op for a member, in Cognito as in cognito-local.
  await client.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: userPoolId,
      Username: user.username,
      GroupName: user.group,
    }),
  );
}

async function findUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
): Promise<AdminGetUserCommandOutput | undefined> {
  try {
    return await client.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }),
    );
  } catch (err) {
    if ((err as { name?: unknown }).name === 'UserNotFoundException') return undefined;
    throw err;
  }
}

function attribute(user: AdminGetUserCommandOutput, name: string): string | undefined {
  return user.UserAttributes?.find((a) => a.Name === name)?.Value;
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new Error(message);
  return value;
}
