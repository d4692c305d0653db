import { formatDate } from '../util/date';

/**
 * OpenSearch's DocValueFormat for the values aggregations print: numbers are raw (no
 * `*_as_string`), dates print with the field's (or the request's) first format, booleans as
 * "true"/"false".
 */
export type ValueFormat =
  | { readonly kind: 'raw' }
  | { readonly kind: 'date'; readonly pattern: string }
  | { readonly kind: 'boolean' };

export const RAW: ValueFormat = { kind: 'raw' };
export const BOOLEAN: ValueFormat = { kind: 'boolean' };

/** The `key_as_string` / `value_as_string` of a value, or undefined for raw numbers. */
export function formatValue(format: ValueFormat, value: number): string | undefined {
  switch (format.kind) {
    case 'raw':
      return undefined;
    case 'boolean':
      return value !== 0 ? 'true' : 'false';
    case 'date':
      // DocValueFormat.DateTime formats (long) value: fractions of a millisecond truncate.
      return formatDate(Math.trunc(value), format.pattern);
  }
}
