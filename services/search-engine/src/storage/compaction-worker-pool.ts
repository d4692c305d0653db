import { Worker } from 'node:worker_threads';
import type { CompactionJob } from './compaction';

/**
 * Runs `compactLogs` on a worker thread, so building a snapshot never competes with requests
 * for the event loop. The worker loads the TypeScript module through tsx, like `npm start`.
 */
export function compactOnWorker(job: CompactionJob): Promise<number> {
  const entry = require.resolve('./compaction-worker');
  const tsx = require.resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    worker.once('message', (result: { written?: number; error?: string }) => {
      if (result.error !== undefined)
        reject(new Error(`snapshot compaction failed: ${result.error}`));
      else resolve(result.written!);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`snapshot worker exited with ${code}`));
    });
  });
}
