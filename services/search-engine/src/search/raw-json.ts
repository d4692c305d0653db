/**
 * Pre-serialized JSON embedded in a response: stored `_source` bytes go out as they are,
 * without a parse/stringify round trip per hit.
 */
export class RawJson {
  constructor(readonly json: string) {}
}

export function serialize(value: unknown): string {
  if (value instanceof RawJson) return value.json;
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${serialize(v)}`);
  }
  return `{${parts.join(',')}}`;
}
