import { Worker } from 'node:worker_threads';
import type { SearchEngineOptions } from './server';

export interface SearchEngineThread {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

type WorkerMessage =
  | { kind: 'ready'; url: string; port: number }
  | { kind: 'closed'; error?: string }
  | { kind: 'error'; error: string };

/**
 * Runs the search engine on its own thread, so indexing and its garbage collection do not share
 * an event loop with whatever embeds it (local mode's broker and ingest). Clients reach it over
 * HTTP exactly as before. The worker loads the TypeScript through tsx, like `npm start`.
 */
export function startSearchEngineThread(options: SearchEngineOptions): Promise<SearchEngineThread> {
  const entry = require.resolve('./search-engine-thread-worker');
  const tsx = require.resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: options,
    // The engine allocates short-lived objects at a high rate; a larger young generation (as
    // `--max-semi-space-size=64` gives the main thread) keeps them out of the old generation.
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
  });
  return new Promise((resolve, reject) => {
    const onFailure = (err: Error) => reject(err);
    worker.once('error', onFailure);
    worker.once('message', (message: WorkerMessage) => {
      worker.off('error', onFailure);
      if (message.kind !== 'ready') {
        void worker.terminate();
        reject(
          new Error(`search engine failed to start: ${'error' in message ? message.error : ''}`),
        );
        return;
      }
      resolve({
        url: message.url,
        port: message.port,
        close: () =>
          new Promise<void>((done, fail) => {
            worker.once('message', (closed: WorkerMessage) => {
              void worker.terminate().then(() => {
                if (closed.kind === 'closed' && closed.error) fail(new Error(closed.error));
                else done();
              });
            });
            worker.postMessage('close');
          }),
      });
    });
  });
}
