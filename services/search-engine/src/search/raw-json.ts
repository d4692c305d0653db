import { randomBytes } from 'node:crypto';

// A per-process marker: a stored string can never collide with it by accident.
const MARKER = `\u0000raw-${randomBytes(6).toString('hex')}-`;
const MARKER_PATTERN = new RegExp(`"\\\\u0000raw-${MARKER.slice(5, 17)}-(\\d+)"`, 'g');
let pending: string[] | undefined;

/**
 * Pre-serialized JSON embedded in a response: stored `_source` bytes go out as they are,
 * without a parse/stringify round trip per hit.
 */
export class RawJson {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    if (!pending) return JSON.parse(this.json);
    pending.push(this.json);
    return `${MARKER}${pending.length - 1}`;
  }
}

// The marker as JSON.stringify prints it (NUL escaped), up to the index digits.
const PRINTED_MARKER = JSON.stringify(MARKER).slice(0, -1);

/** JSON.stringify (native speed) with RawJson values spliced in verbatim. */
export function serialize(value: unknown): string {
  pending = [];
  try {
    const text = JSON.stringify(value) ?? 'null';
    const raws = pending;
    if (raws.length === 0) return text;
    // Markers appear in the order toJSON handed them out, so one forward scan finds them all.
    const parts: string[] = [];
    let from = 0;
    for (let i = 0; i < raws.length; i++) {
      const at = text.indexOf(PRINTED_MARKER, from);
      const close = text.indexOf('"', at + PRINTED_MARKER.length);
      if (at < 0 || text.slice(at + PRINTED_MARKER.length, close) !== String(i))
        return text.replace(MARKER_PATTERN, (_, n: string) => raws[Number(n)]!);
      parts.push(text.slice(from, at), raws[i]!);
      from = close + 1;
    }
    parts.push(text.slice(from));
    return parts.join('');
  } finally {
    pending = undefined;
  }
}
