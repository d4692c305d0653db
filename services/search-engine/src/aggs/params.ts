import { SearchEngineError, badRequest, parsingError } from '../errors';

/**
 * Reading aggregation parameters the way OpenSearch's ObjectParser does, with its error shapes:
 * an unknown key is `x_content_parse_exception` "[terms] unknown field [foo]", and a value a
 * setter rejects is "[terms] failed to parse field [size]" caused by the setter's error.
 */

export type Body = Record<string, unknown>;

/** The XContent token name of a JSON value, as OpenSearch's messages print it. */
export function tokenName(value: unknown): string {
  if (value === null || value === undefined) return 'VALUE_NULL';
  if (Array.isArray(value)) return 'START_ARRAY';
  switch (typeof value) {
    case 'object':
      return 'START_OBJECT';
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return 'VALUE_NUMBER';
    case 'boolean':
      return 'VALUE_BOOLEAN';
    default:
      return 'VALUE_EMBEDDED_OBJECT';
  }
}

export function isObject(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Lucene's LevenshteinDistance: 1 - edits / longer length. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const prev = new Array<number>(b.length + 1);
  const cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(cur[j - 1]! + 1, prev[j]! + 1, prev[j - 1]! + cost);
    }
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j]!;
  }
  return 1 - prev[b.length]! / Math.max(a.length, b.length);
}

/** OpenSearch's SuggestingErrorOnUnknown: " did you mean [x]?" for candidates more than half similar. */
export function suggest(unknown: string, candidates: Iterable<string>): string {
  const scored: { score: number; name: string }[] = [];
  for (const name of candidates) {
    const score = similarity(unknown, name);
    if (score > 0.5) scored.push({ score, name });
  }
  if (scored.length === 0) return '';
  scored.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = scored.map((s) => s.name);
  return names.length === 1
    ? ` did you mean [${names[0]}]?`
    : ` did you mean any of [${names.join(', ')}]?`;
}

export function xContentError(reason: string, cause?: SearchEngineError): SearchEngineError {
  const extra = cause
    ? { caused_by: { type: cause.type, reason: cause.reason, ...cause.extra } }
    : {};
  return new SearchEngineError(400, 'x_content_parse_exception', reason, extra);
}

export function failedToParse(
  type: string,
  key: string,
  cause: SearchEngineError,
): SearchEngineError {
  return xContentError(`[${type}] failed to parse field [${key}]`, cause);
}

/** A parameter OpenSearch has but this engine refuses rather than approximates. */
export function unsupported(type: string, key: string, why = ''): SearchEngineError {
  return badRequest(
    `[${type}] parameter [${key}] is not supported by this engine${why ? `: ${why}` : ''}`,
  );
}

/** Rejects unknown keys; `refused` lists OpenSearch parameters this engine does not implement. */
export function checkKeys(
  type: string,
  body: Body,
  allowed: readonly string[],
  refused: readonly string[] = [],
): void {
  for (const key of Object.keys(body)) {
    if (allowed.includes(key)) continue;
    if (refused.includes(key)) throw unsupported(type, key);
    throw xContentError(
      `[${type}] unknown field [${key}]${suggest(key, [...allowed, ...refused])}`,
    );
  }
}

/** The object beside the aggregation type key, e.g. the `{ field }` of `{ "avg": { field } }`. */
export function bodyOf(type: string, raw: unknown): Body {
  if (!isObject(raw))
    throw parsingError(`[${type}] expected an object, but found [${tokenName(raw)}]`);
  return raw;
}

function typeError(type: string, key: string, value: unknown): SearchEngineError {
  return xContentError(`[${type}] ${key} doesn't support values of type: ${tokenName(value)}`);
}

/** An int parameter: a number (truncated, as Jackson coerces) or a numeric string. */
export function readInt(type: string, body: Body, key: string): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw failedToParse(type, key, badRequest(`Numeric value (${value}) out of range`));
    return Math.trunc(value);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) {
      throw failedToParse(
        type,
        key,
        badRequest(`For input string: "${value}"`, 'number_format_exception'),
      );
    }
    return Math.trunc(n);
  }
  throw typeError(type, key, value);
}

export function readString(type: string, body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw typeError(type, key, value);
}

export function readBoolean(type: string, body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (typeof value === 'string') {
    throw failedToParse(
      type,
      key,
      badRequest(`Failed to parse value [${value}] as only [true] or [false] are allowed.`),
    );
  }
  throw typeError(type, key, value);
}

/** A scalar value (`missing`, bounds): strings, numbers and booleans, as XContentParser::objectText reads them. */
export function readScalar(
  type: string,
  body: Body,
  key: string,
): string | number | boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  throw typeError(type, key, value);
}

/** Runs a setter's validation, reporting a failure as ObjectParser does: "failed to parse field [key]". */
export function validated<T>(type: string, key: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof SearchEngineError) throw failedToParse(type, key, err);
    throw err;
  }
}
