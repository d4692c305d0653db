import type { Client } from '@opensearch-project/opensearch';
import type { SortValues } from '../pagination/next-token';

/** The parts of an OpenSearch search response the API reads. */
export interface SearchHit<T> {
  readonly _id: string;
  readonly _source?: T;
  readonly sort?: SortValues;
}

export interface SearchResponseBody<T> {
  readonly hits: {
    readonly total?: { readonly value: number; readonly relation: string };
    readonly hits: readonly SearchHit<T>[];
  };
  readonly aggregations?: Record<string, unknown>;
}

export interface TermsBucket {
  readonly key: string | number;
  readonly doc_count: number;
  readonly vehicles?: { readonly doc_count: number };
}

/**
 * One search, typed by the document shape the caller expects. The client's own request types
 * lag the DSL (no `post_filter` with aggregations, no `null` sort values), so bodies go as JSON.
 */
export async function searchIndex<T>(
  search: Client,
  index: string,
  body: Record<string, unknown>,
): Promise<SearchResponseBody<T>> {
  const response = await search.search({ index, body: body });
  return response.body as unknown as SearchResponseBody<T>;
}
