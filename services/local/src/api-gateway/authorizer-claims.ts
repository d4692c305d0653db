import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { Json } from 'aws-jwt-verify/safe-json-parse';
import { javaDate } from './gateway-dates';

/**
 * The token's claims as the Cognito authorizer of a REST API hands them to the integration: every
 * value a string, lists comma-joined (`cognito:groups` is "engineer,viewer"), and `exp` and `iat`
 * as dates in Java's format ("Mon Jun 15 05:56:21 UTC 2026") while `auth_time` stays in seconds.
 */
export function authorizerClaims(payload: JwtPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === null) continue;
    if ((name === 'exp' || name === 'iat') && typeof value === 'number')
      claims[name] = javaDate(value * 1000);
    else if (Array.isArray(value)) claims[name] = value.map(claimText).join(',');
    else claims[name] = claimText(value);
  }
  return claims;
}

function claimText(value: Json): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
