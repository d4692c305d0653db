import { parentPort, workerData } from 'node:worker_threads';
import { type SearchEngineOptions, startSearchEngine } from './server';

/** The worker side of `startSearchEngineThread`: the same engine and HTTP server, off-thread. */
void (async () => {
  const port = parentPort!;
  try {
    const running = await startSearchEngine(workerData as SearchEngineOptions);
    port.on('message', (message) => {
      if (message !== 'close') return;
      void running.close().then(
        () => port.postMessage({ kind: 'closed' }),
        (err: unknown) => port.postMessage({ kind: 'closed', error: String(err) }),
      );
    });
    port.postMessage({ kind: 'ready', url: running.url, port: running.port });
  } catch (err) {
    port.postMessage({ kind: 'error', error: err instanceof Error ? err.message : String(err) });
  }
})();
