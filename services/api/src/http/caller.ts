/** Roles are Cognito groups; each includes the ones before it. */
export const ROLES = ['viewer', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from the Cognito claims API Gateway's authorizer verified. */
export interface Caller {
  readonly username: string;
  readonly groups: readonly string[];
  /** The highest role among the caller's groups, or none. */
  readonly role: Role | undefined;
}

export const roleAllows = (role: Role | undefined, required: Role) =>
  role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(required);

/**
 * `cognito:groups` as API Gateway passes it. The REST API's Cognito authorizer stringifies every
 * claim: a comma-separated list, or `[a b]` in some integrations; a JSON array in direct tests.
 */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim !== 'string') return [];
  const trimmed = claim.trim();
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return inner
    .split(/[\s,]+/)
    .map((group) => group.trim())
    .filter((group) => group.length > 0);
}

/** The caller from verified claims, or `undefined` when the request carried none. */
export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | undefined {
  if (!claims) return undefined;
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  const groups = parseGroups(claims['cognito:groups']);
  const role = [...ROLES].reverse().find((candidate) => groups.includes(candidate));
  const username = [claims.email, claims['cognito:username'], sub].find(
    (value): value is string => typeof value === 'string' && value.length > 0,
  )!;
  return { username, groups, role };
}
