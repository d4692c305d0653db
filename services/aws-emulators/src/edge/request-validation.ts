import type { z } from 'zod';
import { AwsServiceError } from './aws-service-error';

/** Which errors a service answers bad input with. */
export interface ValidationErrorTypes {
  /** A member of the wrong JSON type (awsJson services answer `SerializationException`). */
  readonly typeMismatch: string;
  /** A missing required member or a broken constraint. */
  readonly constraint: string;
}

export const IOT_VALIDATION: ValidationErrorTypes = {
  typeMismatch: 'InvalidRequestException',
  constraint: 'InvalidRequestException',
};

export const SSM_VALIDATION: ValidationErrorTypes = {
  typeMismatch: 'SerializationException',
  constraint: 'ValidationException',
};

/** AWS names members in messages lower-camel-cased: `MaxResults` is `maxResults`. */
function memberPath(path: readonly PropertyKey[]): string {
  return path
    .map((key) =>
      typeof key === 'string' ? key.charAt(0).toLowerCase() + key.slice(1) : String(key),
    )
    .join('.');
}

function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Parses a request with zod and answers failures as the service would: `1 validation error
 * detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value
 * less than or equal to 10`.
 */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  input: unknown,
  errors: ValidationErrorTypes,
): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const mismatch = issues.find(
    (issue) => issue.code === 'invalid_type' && issue.input !== undefined,
  );
  if (mismatch) {
    const where = memberPath(mismatch.path) || 'the request';
    throw new AwsServiceError(
      errors.typeMismatch,
      `Cannot read ${where}: expected ${(mismatch as { expected?: string }).expected ?? 'another type'}, got ${shown(mismatch.input)}`,
    );
  }
  const details = issues.map((issue) => {
    const where = memberPath(issue.path);
    if (issue.code === 'invalid_type') {
      return `Value null at '${where}' failed to satisfy constraint: Member must not be null`;
    }
    if (issue.code === 'invalid_key') {
      const map = memberPath(issue.path.slice(0, -1));
      const inner = issue.issues.map((keyIssue) => keyIssue.message).join(', ');
      return `Value '${shown(issue.path.at(-1))}' at '${map}' failed to satisfy constraint: Map keys must satisfy constraint: [${inner}]`;
    }
    return `Value '${shown(issue.input)}' at '${where}' failed to satisfy constraint: ${issue.message}`;
  });
  const count = details.length;
  throw new AwsServiceError(
    errors.constraint,
    `${count} validation error${count === 1 ? '' : 's'} detected: ${details.join('; ')}`,
  );
}
