/** Deeper than any CVRA payload; stops a hostile payload from exhausting the stack. */
export const MAX_PAYLOAD_DEPTH = 32;

export class PayloadTooDeepError extends Error {
  constructor() {
    super(`payload is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`);
    this.name = 'PayloadTooDeepError';
  }
}

/** Keys seen so far and their lower case: a fleet sends the same few dozen keys all day. */
const lowerCaseOf = new Map<string, string>();
/**
 * Bounds on the cache (about 1 MB at most) against payloads that invent keys: past them, keys
 * are simply lowered each time.
 */
const MAX_CACHED_KEYS = 10_000;
const MAX_CACHED_KEY_LENGTH = 48;

function lowerCase(key: string): string {
  let lower = lowerCaseOf.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (lowerCaseOf.size < MAX_CACHED_KEYS && key.length <= MAX_CACHED_KEY_LENGTH) {
      lowerCaseOf.set(key, lower);
    }
  }
  return lower;
}

/**
 * Lower-cases every object key, recursively: the backend's first step on any device payload, so
 * `GeoLocation.Latitude` and `geolocation.latitude` are the same field. When two keys collide, the
 * one already in lower case wins: that is the one an IoT rule added (`topic(3) AS deviceid`).
 */
export function lowercaseKeys(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_PAYLOAD_DEPTH) throw new PayloadTooDeepError();
  if (Array.isArray(value)) return value.map((item) => lowercaseKeys(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const lower = lowerCase(key);
    if (key !== lower && Object.hasOwn(result, lower)) continue;
    const item = lowercaseKeys((value as Record<string, unknown>)[key], depth + 1);
    if (lower === '__proto__') {
      // Defined, not assigned, so a "__proto__" key stays data rather than a prototype.
      Object.defineProperty(result, lower, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      result[lower] = item;
    }
  }
  return result;
}
