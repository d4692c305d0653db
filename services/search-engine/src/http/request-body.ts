import { SearchEngineError } from '../errors';

/** Parses a JSON request body; an empty body is `{}` where the endpoint allows it. */
export function jsonBody(body: Buffer, required = false): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') {
    if (required) throw new SearchEngineError(400, 'parse_exception', 'request body is required');
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SearchEngineError(400, 'json_parse_exception', (err as Error).message);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SearchEngineError(400, 'parse_exception', 'request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function boolFlag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return value === '' || value === 'true';
}
