/** An HTTP response, header names as given and each with all its values. */
export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string[]>;
  readonly body: Buffer;
}

export type ResultTranslation =
  | { readonly ok: true; readonly response: GatewayResponse }
  | { readonly ok: false; readonly reason: string };

type HeaderValue = string | number | boolean;

/**
 * Turns what the handler returned into the HTTP response, or says why API Gateway would reject it
 * as a malformed proxy response: a status code, string body and scalar header values are required.
 * `headers` and `multiValueHeaders` merge; where both name a header, `multiValueHeaders` wins.
 */
export function translateProxyResult(result: unknown): ResultTranslation {
  if (!isRecord(result)) return malformed('the result is not an object');
  const { statusCode, headers = {}, multiValueHeaders = {}, body = '', isBase64Encoded } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode))
    return malformed('statusCode is not an integer');
  if (statusCode < 100 || statusCode > 599) return malformed(`statusCode ${statusCode}`);
  if (!isRecord(headers) || !Object.values(headers).every(isHeaderValue))
    return malformed('headers must map names to strings, numbers or booleans');
  if (
    !isRecord(multiValueHeaders) ||
    !Object.values(multiValueHeaders).every((v) => Array.isArray(v) && v.every(isHeaderValue))
  )
    return malformed('multiValueHeaders must map names to lists of strings, numbers or booleans');
  if (typeof body !== 'string') return malformed('body is not a string');
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean')
    return malformed('isBase64Encoded is not a boolean');

  const merged: Record<string, string[]> = {};
  const multiNames = new Set(Object.keys(multiValueHeaders).map((n) => n.toLowerCase()));
  for (const [name, value] of Object.entries(headers as Record<string, HeaderValue>))
    if (!multiNames.has(name.toLowerCase())) merged[name] = [String(value)];
  for (const [name, values] of Object.entries(multiValueHeaders as Record<string, HeaderValue[]>))
    merged[name] = values.map(String);
  return {
    ok: true,
    response: {
      statusCode,
      headers: merged,
      body: Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8'),
    },
  };
}

function malformed(reason: string): ResultTranslation {
  return { ok: false, reason: `malformed Lambda proxy response: ${reason}` };
}

function isHeaderValue(value: unknown): value is HeaderValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
