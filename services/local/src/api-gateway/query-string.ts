export interface QueryParameters {
  /** The last value of each key, or null when there is no query string (as API Gateway does). */
  readonly single: Record<string, string> | null;
  readonly multi: Record<string, string[]> | null;
}

/**
 * `a=1&a=2&flag` → `{ a: '2', flag: '' }` and `{ a: ['1', '2'], flag: [''] }`. Keys and values are
 * percent-decoded; `+` is left as it is, as API Gateway leaves it.
 */
export function parseQueryString(rawQuery: string): QueryParameters {
  const multi: Record<string, string[]> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decode(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : decode(pair.slice(equals + 1));
    (multi[key] ??= []).push(value);
  }
  const keys = Object.keys(multi);
  if (keys.length === 0) return { single: null, multi: null };
  const single: Record<string, string> = {};
  for (const [key, values] of Object.entries(multi)) single[key] = values[values.length - 1] ?? '';
  return { single, multi };
}

/** Percent-decodes, keeping text that is not valid percent-encoding as it came. */
export function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
