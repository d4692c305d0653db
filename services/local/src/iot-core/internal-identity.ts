import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InternalIdentity } from './device-policy';

export const INTERNAL_USERNAME = 'fleet-internal';

/**
 * The privileged MQTT identity of our own components, generated once per data directory (mode
 * 0600) so it is never a shared default and never in git.
 */
export function loadInternalIdentity(file: string): InternalIdentity {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as InternalIdentity;
  const identity = { username: INTERNAL_USERNAME, password: randomBytes(18).toString('base64url') };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(identity), { mode: 0o600 });
  return identity;
}
