import { invalidRequest } from '../iot-errors';

const DEFAULT_PAGE_SIZE = 50;

/**
 * One page of a list and the `nextToken` for the rest. The token is the opaque offset of the
 * next item; lists are in a stable order, so a page boundary only moves when items are added.
 */
export function paginate<T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (nextToken !== undefined) {
    const decoded = Buffer.from(nextToken, 'base64url').toString('utf8');
    const match = /^offset:(\d+)$/.exec(decoded);
    if (!match) throw invalidRequest(`Invalid nextToken: ${nextToken}`);
    offset = Number(match[1]);
  }
  const end = offset + (maxResults ?? DEFAULT_PAGE_SIZE);
  return {
    page: items.slice(offset, end),
    nextToken:
      end < items.length ? Buffer.from(`offset:${end}`, 'utf8').toString('base64url') : undefined,
  };
}
