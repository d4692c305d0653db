import { loadConfig } from './config';
import { startSearchEngine } from './server';

// Standalone engine: `npm start -w @fleet/search-engine` (the local stack embeds it instead).
async function main() {
  const config = loadConfig();
  const engine = await startSearchEngine({
    dataDir: config.SEARCH_ENGINE_DATA_DIR,
    host: config.SEARCH_ENGINE_HOST,
    port: config.SEARCH_ENGINE_PORT,
    snapshotThresholdBytes: config.SEARCH_ENGINE_SNAPSHOT_THRESHOLD_BYTES,
  });
  console.log(
    `search engine listening on ${engine.url} (data in ${config.SEARCH_ENGINE_DATA_DIR})`,
  );
  const stop = () => void engine.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
