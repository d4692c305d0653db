export {
  SEARCH_AUTH_MODES,
  type SearchAuthMode,
  type SearchClientOptions,
  createSearchClient,
} from './search-client';
