import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import { cognitoClient } from './cognito-client';

export interface SignInOptions {
  readonly endpoint: string;
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
  readonly region?: string;
}

export interface SignedIn {
  /** What the console sends to the API in `Authorization`. */
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds the access token lives. */
  readonly expiresIn: number;
}

/** Signs a user in as the console does (USER_PASSWORD_AUTH); Cognito's errors pass through. */
export async function signIn(options: SignInOptions): Promise<SignedIn> {
  const client = cognitoClient(options.endpoint, options.region);
  try {
    const { AuthenticationResult: result, ChallengeName } = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: options.clientId,
        AuthParameters: { USERNAME: options.username, PASSWORD: options.password },
      }),
    );
    if (ChallengeName) throw new Error(`sign-in of ${options.username} asks for ${ChallengeName}`);
    const { IdToken, AccessToken, RefreshToken } = result ?? {};
    if (!IdToken || !AccessToken || !RefreshToken)
      throw new Error(`sign-in of ${options.username} returned no tokens`);
    return {
      idToken: IdToken,
      accessToken: AccessToken,
      refreshToken: RefreshToken,
      expiresIn: result?.ExpiresIn ?? lifetime(AccessToken),
    };
  } finally {
    client.destroy();
  }
}

/** For a cognito-local not started here, which leaves `ExpiresIn` out. */
function lifetime(token: string): number {
  const { exp = 0, iat = 0 } = decomposeUnverifiedJwt(token).payload;
  return exp - iat;
}
