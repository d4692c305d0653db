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

/** JSON.stringify (native speed) with RawJson values spliced in verbatim. */
export function serialize(value: unknown): string {
  pending = [];
  try {
    const text = JSON.stringify(value) ?? 'null';
    const raws = pending;
    return raws.length === 0
      ? text
      : text.replace(MARKER_PATTERN, (_, i: string) => raws[Number(i)]!);
  } finally {
    pending = undefined;
  }
}
