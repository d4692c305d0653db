import type { z } from 'zod';
import { invalidRequest } from '../iot-errors';

/** IoT's own wording for a missing member. */
const requiredMember: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined
    ? 'Member must not be null'
    : undefined;

const describePath = (path: readonly PropertyKey[], root: string) =>
  path.length === 0 ? root : path.map(String).join('.');

/**
 * Parses a request part with zod, or throws `InvalidRequestException` naming every bad field the
 * way IoT does: `1 validation error detected: Value at 'status' failed to satisfy constraint: …`.
 */
export function parseRequest<T>(schema: z.ZodType<T>, value: unknown, root = 'body'): T {
  const parsed = schema.safeParse(value, { error: requiredMember });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const details = issues
    .map(
      (issue) =>
        `Value at '${describePath(issue.path, root)}' failed to satisfy constraint: ${issue.message}`,
    )
    .join('; ');
  const count = issues.length === 1 ? '1 validation error' : `${issues.length} validation errors`;
  throw invalidRequest(`${count} detected: ${details}`);
}

/** Query parameters as a plain object, for zod (the last value of a repeated name wins). */
export const queryObject = (query: URLSearchParams): Record<string, string> =>
  Object.fromEntries(query.entries());
