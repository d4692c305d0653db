import { type KeyObject, createSign, generateKeyPairSync } from 'node:crypto';
import cognitoLocalKey from 'cognito-local/lib/keys/cognitoLocal.private.json';

/** cognito-local's signing key (the same for every pool), to forge tokens its JWKS vouches for. */
export const COGNITO_LOCAL_KEY = { pem: cognitoLocalKey.pem, kid: 'CognitoLocal' };

/** A key no JWKS knows. */
export function foreignKey(): { pem: KeyObject; kid: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { pem: privateKey, kid: 'not-in-the-jwks' };
}

/** An RS256 JWT, signed with `key`. */
export function signJwt(
  payload: Record<string, unknown>,
  key: { pem: string | KeyObject; kid: string },
): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${part(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key.pem).toString('base64url');
  return `${input}.${signature}`;
}
