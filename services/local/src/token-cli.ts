import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIn } from './cognito/sign-in';
import { loadConfig } from './config';
import { localStackManifest } from './local-stack-manifest';

/**
 * `npm run token -- [username]`: signs a demo user in to the running local stack and prints the
 * ID token, for `curl -H "Authorization: Bearer $(npm run -s token)" …`.
 */
async function main() {
  const config = loadConfig();
  const username = process.argv[2] ?? 'viewer@fleet.local';
  const manifestFile = join(config.dataDir, 'local-stack.json');
  let manifest;
  try {
    manifest = localStackManifest.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  } catch (err) {
    throw new Error(
      `no running local stack described in ${manifestFile} (npm start first): ${String(err)}`,
    );
  }
  const { idToken } = await signIn({
    endpoint: manifest.cognito.endpoint,
    clientId: manifest.cognito.clientId,
    username,
    password: config.demoPassword,
  });
  process.stdout.write(`${idToken}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
