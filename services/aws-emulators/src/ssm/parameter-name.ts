import { AwsServiceError } from '../edge/aws-service-error';

/** Parameter hierarchies go at most this many levels deep. */
export const MAX_HIERARCHY_DEPTH = 15;
/** A parameter's ARN (which includes its name) may be at most this long. */
const MAX_ARN_LENGTH = 1011;

const SEGMENT = /^[a-zA-Z0-9_.-]+$/;

const INVALID_NAME =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a ' +
  'path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a ' +
  'mix of letters, numbers and the following 3 symbols .-_';

/** Where parameters live: ARNs need the region and account. */
export interface ParameterScope {
  readonly region: string;
  readonly accountId: string;
}

/** `/a/b/c` → `['a','b','c']`; a simple name `x` → `['x']`. */
function segmentsOf(name: string): string[] {
  return name.startsWith('/') ? name.slice(1).split('/') : [name];
}

export function parameterArn(name: string, scope: ParameterScope): string {
  const path = name.startsWith('/') ? name : `/${name}`;
  return `arn:aws:ssm:${scope.region}:${scope.accountId}:parameter${path}`;
}

/**
 * Names a parameter may be created with: a simple name, or a path with a leading `/`, segments
 * of `a-zA-Z0-9_.-`, at most 15 levels, not under the reserved `aws`/`ssm` prefixes.
 */
export function validateNewParameterName(name: string, scope: ParameterScope): void {
  const hierarchical = name.startsWith('/');
  const segments = segmentsOf(name);
  if (
    (!hierarchical && name.includes('/')) ||
    segments.some((segment) => !SEGMENT.test(segment)) ||
    /^\/?(aws|ssm)/i.test(name)
  ) {
    throw new AwsServiceError('ValidationException', INVALID_NAME);
  }
  if (segments.length > MAX_HIERARCHY_DEPTH) {
    throw new AwsServiceError(
      'HierarchyLevelLimitExceededException',
      `A hierarchy can have a maximum of ${MAX_HIERARCHY_DEPTH} levels. ${name} has ${segments.length}.`,
    );
  }
  if (parameterArn(name, scope).length > MAX_ARN_LENGTH) {
    throw new AwsServiceError(
      'ValidationException',
      `Parameter name ${name} is too long: with its ARN prefix it may be at most ${MAX_ARN_LENGTH} characters`,
    );
  }
}

/**
 * The names a reference (name or ARN) may denote, most likely first. `/x` and `x` share an ARN,
 * so an ARN may name either.
 */
export function candidateNames(reference: string, scope: ParameterScope): readonly string[] {
  const prefix = `arn:aws:ssm:${scope.region}:${scope.accountId}:parameter/`;
  if (!reference.startsWith(prefix)) return [reference];
  const rest = reference.slice(prefix.length);
  return [`/${rest}`, rest];
}

/**
 * A `GetParametersByPath` path: `/` or a hierarchy like `/fleet/config`. A trailing `/` is
 * accepted and dropped.
 */
export function normalisePath(path: string): string {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed === '/' ? [] : segmentsOf(trimmed);
  if (!trimmed.startsWith('/') || segments.some((segment) => !SEGMENT.test(segment))) {
    throw new AwsServiceError(
      'ValidationException',
      `The parameter path ${path} is not valid: it must begin with / and consist of sub-paths of letters, numbers and .-_ divided by /`,
    );
  }
  if (segments.length > MAX_HIERARCHY_DEPTH) {
    throw new AwsServiceError(
      'ValidationException',
      `The parameter path ${path} is deeper than the maximum of ${MAX_HIERARCHY_DEPTH} levels`,
    );
  }
  return trimmed;
}

/** Whether `name` lies under `path` (normalised): directly, or anywhere below when recursive. */
export function isUnderPath(name: string, path: string, recursive: boolean): boolean {
  const prefix = path === '/' ? '/' : `${path}/`;
  if (!name.startsWith(prefix) || name.length === prefix.length) return false;
  return recursive || !name.slice(prefix.length).includes('/');
}
