import { createHash } from 'node:crypto';
import { z } from 'zod';
import { invalidField } from '../http/api-error';

/** Sort values as OpenSearch returns them in `hit.sort`. */
export type SortValues = readonly (string | number | boolean | null)[];

const tokenBody = z.object({
  /** Which query the token belongs to, so it cannot be replayed against another. */
  q: z.string(),
  after: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

const MAX_TOKEN_LENGTH = 2048;

/** A short fingerprint of everything that defines a result set (route, filters, sort). */
export const queryScope = (scope: unknown) =>
  createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 16);

/**
 * The opaque `nextToken`: the last hit's sort values (`search_after`) and the query's
 * fingerprint, base64url-encoded. Clients must not build one.
 */
export const encodeNextToken = (scope: string, after: SortValues) =>
  Buffer.from(JSON.stringify({ q: scope, after })).toString('base64url');

export function decodeNextToken(token: string | undefined, scope: string): SortValues | undefined {
  if (token === undefined) return undefined;
  const invalid = () =>
    invalidField(
      'query',
      'nextToken',
      'is not a token this query returned; start again without it',
    );
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString());
  } catch {
    throw invalid();
  }
  const body = tokenBody.safeParse(parsed);
  if (!body.success || body.data.q !== scope) throw invalid();
  return body.data.after;
}

/** The token for the page after `hits`, or null on the last page. */
export function nextTokenAfter(
  hits: readonly { sort?: SortValues }[],
  pageSize: number,
  scope: string,
): string | null {
  const last = hits.at(-1);
  if (hits.length < pageSize || !last?.sort) return null;
  return encodeNextToken(scope, last.sort);
}
