export {
  startSearchEngine,
  createSearchEngineServer,
  type SearchEngineOptions,
  type RunningSearchEngine,
} from './server';
export { Engine } from './engine';
export { loadConfig, type SearchEngineConfig } from './config';
export { startSearchEngineThread, type SearchEngineThread } from './search-engine-thread';
