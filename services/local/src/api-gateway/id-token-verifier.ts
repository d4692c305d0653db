import { FetchError, JwtExpiredError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { JwtVerifier } from 'aws-jwt-verify';
import { JwksFetcher } from './jwks-fetcher';

export interface IdTokenVerifierOptions {
  /** The user pool's token issuer. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** The app client whose ID tokens the API accepts (their `aud`). */
  readonly clientId: string;
}

export type Verification =
  | { readonly valid: true; readonly claims: JwtPayload }
  | {
      readonly valid: false;
      readonly expired: boolean;
      /** The JWKS could not be fetched: the gateway's fault, not the token's. */
      readonly jwksUnavailable: boolean;
      readonly reason: string;
    };

/**
 * What API Gateway's Cognito user pool authorizer checks for the raw token in `Authorization`:
 * signature against the pool's JWKS, issuer, expiry, audience, and that it is an ID token.
 */
export function createIdTokenVerifier(
  options: IdTokenVerifierOptions,
): (token: string) => Promise<Verification> {
  const verifier = JwtVerifier.create(
    {
      issuer: options.issuer,
      jwksUri: options.jwksUri,
      audience: options.clientId,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('not an ID token');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: new JwksFetcher() }) },
  );
  return async (token) => {
    try {
      return { valid: true, claims: await verifier.verify(token) };
    } catch (err) {
      return {
        valid: false,
        expired: err instanceof JwtExpiredError,
        jwksUnavailable: err instanceof FetchError,
        reason: err instanceof Error ? err.message : String(err),
      };
    }
  };
}
