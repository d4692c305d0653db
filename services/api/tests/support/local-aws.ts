import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalAws, startLocalAws } from '@fleet/aws-emulators';

/** The local AWS emulators on a free port, with state in a temp dir. */
export async function startTestAws(): Promise<LocalAws & { dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'api-aws-'));
  const aws = await startLocalAws({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    publish: () => undefined,
  });
  return Object.assign(aws, {
    async dispose() {
      await aws.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
