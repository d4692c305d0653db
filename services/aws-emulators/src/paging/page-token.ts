/**
 * Opaque `nextToken`s: the last key returned, bound to the query that produced it, so a token
 * from one listing is refused by another instead of silently skipping results.
 */
export function encodePageToken(query: string, afterKey: string): string {
  return Buffer.from(JSON.stringify({ q: query, a: afterKey }), 'utf8').toString('base64url');
}

/** The key to continue after, or `undefined` when the token is not one of ours for `query`. */
export function decodePageToken(token: string, query: string): string | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (decoded === null || typeof decoded !== 'object') return undefined;
    const { q, a } = decoded as { q?: unknown; a?: unknown };
    return q === query && typeof a === 'string' ? a : undefined;
  } catch {
    return undefined;
  }
}

/** Code-unit order, the order `pageAfter` expects its input sorted in. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Up to `limit` items of `sorted` (by `compareKeys` on `keyOf`) after `afterKey`. */
export function pageAfter<T>(
  sorted: readonly T[],
  keyOf: (item: T) => string,
  afterKey: string | undefined,
  limit: number,
): { readonly items: readonly T[]; readonly lastKey?: string } {
  const start = afterKey === undefined ? 0 : sorted.findIndex((item) => keyOf(item) > afterKey);
  const from = start < 0 ? sorted.length : start;
  const items = sorted.slice(from, from + limit);
  const more = from + limit < sorted.length;
  const last = items.at(-1);
  return more && last !== undefined ? { items, lastKey: keyOf(last) } : { items };
}

/**
 * The key a request's page token continues after; `undefined` for the first page (no token). A
 * token that is not from `query` is refused with the API's own error, `invalid()`.
 */
export function pagePosition(
  token: string | undefined,
  query: string,
  invalid: () => Error,
): string | undefined {
  if (token === undefined) return undefined;
  const after = decodePageToken(token, query);
  if (after === undefined) throw invalid();
  return after;
}

/**
 * The response member carrying the token for the next page (`nextToken`, `nextMarker`, …),
 * spread into the response; `{}` after the last page, which has no `lastKey`.
 */
export function nextPageMember<M extends string>(
  member: M,
  query: string,
  lastKey: string | undefined,
): Partial<Record<M, string>> {
  if (lastKey === undefined) return {};
  return { [member]: encodePageToken(query, lastKey) } as Partial<Record<M, string>>;
}
