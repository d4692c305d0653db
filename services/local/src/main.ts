import { loadConfig } from './config';
import { startLocalStack } from './start-local-stack';

async function main() {
  const config = loadConfig();
  const stack = await startLocalStack(config);
  const { created, updated, unchanged } = stack.indices;
  console.log(`Fleet Manager local stack is up (state in ${config.dataDir})`);
  console.log(`  search engine  ${stack.searchUrl}`);
  console.log(
    `  indices        created [${created.join(', ')}] updated [${updated.join(', ')}] unchanged [${unchanged.join(', ')}]`,
  );
  console.log(`  try: curl -s '${stack.searchUrl}/_cat/indices?v'`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void stack.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
