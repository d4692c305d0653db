export { startSearchEngine, type SearchEngineOptions, type RunningSearchEngine } from './server';
