import { parentPort, workerData } from 'node:worker_threads';
import { type CompactionJob, compactLogs } from './compaction';

// Runs one compaction on a worker thread and reports the snapshot size (or the failure).
compactLogs(workerData as CompactionJob).then(
  (written) => parentPort!.postMessage({ written }),
  (err: unknown) =>
    parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) }),
);
