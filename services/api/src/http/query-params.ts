import { z } from 'zod';

/**
 * A query parameter that may repeat (`make=Ford&make=Volvo`) or arrive once; API Gateway gives
 * one value as a string and several as an array, so both become a list here.
 */
export const repeated = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (value === undefined || Array.isArray(value) ? value : [value]),
    z.array(item).max(100),
  );

/** A query parameter that must arrive once. */
export const single = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value: unknown) => (Array.isArray(value) ? (value as unknown[]).at(-1) : value),
    item,
  );

/** API Gateway's single- and multi-value query maps, folded into one object for zod. */
export function queryObject(
  multi: Record<string, string[] | undefined> | null | undefined,
  singleValues: Record<string, string | undefined> | null | undefined,
): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(multi ?? {})) {
    if (values === undefined) continue;
    result[key] = values.length === 1 ? values[0]! : values;
  }
  for (const [key, value] of Object.entries(singleValues ?? {})) {
    if (value !== undefined && !(key in result)) result[key] = value;
  }
  return result;
}
