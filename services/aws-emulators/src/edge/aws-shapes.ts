import { z } from 'zod';

/**
 * zod builders for Smithy member constraints, worded as AWS words them, so a failed check reads
 * `Member must have length less than or equal to 128` as the real service's does.
 */
export function awsString(constraints: { min?: number; max?: number; pattern?: string } = {}) {
  let schema = z.string();
  const { min, max, pattern } = constraints;
  if (min !== undefined) {
    schema = schema.min(min, `Member must have length greater than or equal to ${min}`);
  }
  if (max !== undefined) {
    schema = schema.max(max, `Member must have length less than or equal to ${max}`);
  }
  if (pattern !== undefined) {
    schema = schema.regex(
      new RegExp(`^(?:${pattern})$`),
      `Member must satisfy regular expression pattern: ${pattern}`,
    );
  }
  return schema;
}

export function awsInteger(constraints: { min?: number; max?: number } = {}) {
  let schema = z.number().int('Member must be an integer');
  const { min, max } = constraints;
  if (min !== undefined) {
    schema = schema.min(min, `Member must have value greater than or equal to ${min}`);
  }
  if (max !== undefined) {
    schema = schema.max(max, `Member must have value less than or equal to ${max}`);
  }
  return schema;
}

export function awsEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? undefined
        : `Member must satisfy enum value set: [${values.join(', ')}]`,
  });
}

/** An integer from a query string (restJson1 binds some members there). */
export function queryInteger(constraints: { min?: number; max?: number } = {}) {
  return z
    .string()
    .regex(/^-?\d{1,15}$/, 'Member must be an integer')
    .transform(Number)
    .pipe(awsInteger(constraints));
}

/** A boolean from a query string: the SDK writes `true` or `false`. */
export function queryBoolean() {
  return z.enum(['true', 'false'], 'Member must be true or false').transform((v) => v === 'true');
}
