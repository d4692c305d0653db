import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import { NotAuthorizedError } from 'cognito-local/lib/errors';
import type { Router } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import { lazyTargetRouter } from './lazy-target-router';

const PASSWORD_SIGN_IN = new Set(['InitiateAuth', 'AdminInitiateAuth']);
const ISSUES_TOKENS = new Set([
  'InitiateAuth',
  'AdminInitiateAuth',
  'RespondToAuthChallenge',
  'AdminRespondToAuthChallenge',
]);

/**
 * cognito-local's router, with its sign-in answers brought in line with Cognito's, which the
 * console is written against:
 * - a wrong password is `NotAuthorizedException` "Incorrect username or password." (cognito-local
 *   says `InvalidPasswordException`, which Cognito keeps for password-policy violations);
 * - `AuthenticationResult` carries `ExpiresIn` (the access token's lifetime, in seconds) and
 *   `TokenType: "Bearer"`, which cognito-local leaves out.
 */
export function cognitoRouter(services: Services): Router {
  const route = lazyTargetRouter(services);
  return (target) => {
    const handle = route(target);
    if (!ISSUES_TOKENS.has(target)) return handle;
    return async (ctx, request) => {
      try {
        return withTokenLifetime(await handle(ctx, request));
      } catch (err) {
        if (PASSWORD_SIGN_IN.has(target) && errorCode(err) === 'InvalidPasswordException')
          throw new NotAuthorizedError('Incorrect username or password.');
        throw err;
      }
    };
  };
}

function withTokenLifetime(response: unknown): unknown {
  if (!isRecord(response) || !isRecord(response.AuthenticationResult)) return response;
  const result = response.AuthenticationResult;
  if (typeof result.AccessToken !== 'string' || result.ExpiresIn !== undefined) return response;
  const { exp, iat } = decomposeUnverifiedJwt(result.AccessToken).payload;
  if (exp === undefined || iat === undefined) return response;
  return {
    ...response,
    AuthenticationResult: { ...result, ExpiresIn: exp - iat, TokenType: 'Bearer' },
  };
}

function errorCode(err: unknown): unknown {
  return isRecord(err) ? err.code : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
