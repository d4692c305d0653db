import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import { Engine } from './engine';
import { SearchEngineError } from './errors';
import { registerClusterRoutes } from './http/cluster-routes';
import { registerDocumentRoutes } from './http/document-routes';
import { compileFilterPath } from './http/filter-path';
import { registerIndexRoutes } from './http/index-routes';
import { Router } from './http/router';
import { registerSearchRoutes } from './http/search-routes';
import { serialize } from './search/raw-json';

export interface SearchEngineOptions {
  /** Where the logs and snapshots live (e.g. `.data/search`). */
  readonly dataDir: string;
  readonly host?: string;
  /** 0 picks a free port. Defaults to 9200. */
  readonly port?: number;
  /** Largest accepted request body; OpenSearch's default http.max_content_length is 100mb. */
  readonly maxBodyBytes?: number;
  readonly snapshotThresholdBytes?: number;
}

export interface RunningSearchEngine {
  readonly url: string;
  readonly port: number;
  readonly engine: Engine;
  close(): Promise<void>;
}

export function createRouter(engine: Engine): Router {
  const router = new Router();
  registerClusterRoutes(
    router,
    engine,
    'fleet-search-node',
    randomBytes(16).toString('base64url').slice(0, 22),
  );
  registerIndexRoutes(router, engine);
  registerDocumentRoutes(router, engine);
  registerSearchRoutes(router, engine);
  return router;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  text: string | undefined,
  contentType: string,
  head: boolean,
): void {
  const body = text === undefined || head ? undefined : Buffer.from(text, 'utf8');
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': String(body?.length ?? 0),
  });
  res.end(body);
}

/** The HTTP front of the engine: routing, bodies, errors in OpenSearch's shape. */
export function createSearchEngineServer(engine: Engine, maxBodyBytes = 100 * 1024 * 1024): Server {
  const router = createRouter(engine);
  const server = createServer((req, res) => {
    void (async () => {
      const method = req.method ?? 'GET';
      const head = method === 'HEAD';
      const url = new URL(req.url ?? '/', 'http://localhost');
      const params = Object.fromEntries(url.searchParams);
      try {
        let body = await readBody(req, maxBodyBytes);
        const encoding = req.headers['content-encoding'];
        // The limit applies to the inflated body too, so a small gzip cannot expand without bound.
        try {
          if (encoding === 'gzip') body = gunzipSync(body, { maxOutputLength: maxBodyBytes });
          else if (encoding === 'deflate')
            body = inflateSync(body, { maxOutputLength: maxBodyBytes });
        } catch (err) {
          if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLarge();
          throw new SearchEngineError(
            400,
            'parse_exception',
            `cannot decompress the request body: ${String(err)}`,
          );
        }
        const response = await router.handle(method, url.pathname, params, body);
        if (response.body === undefined)
          return send(res, response.status, undefined, 'application/json; charset=UTF-8', true);
        if (typeof response.body === 'string' && response.contentType) {
          return send(res, response.status, response.body, response.contentType, head);
        }
        let text = serialize(
          params.filter_path ? compileFilterPath(params.filter_path)(response.body) : response.body,
        );
        if (params.pretty !== undefined) text = JSON.stringify(JSON.parse(text), null, 2) + '\n';
        send(res, response.status, text, 'application/json; charset=UTF-8', head);
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          return send(res, 413, '', 'text/plain; charset=UTF-8', head);
        }
        const error =
          err instanceof SearchEngineError
            ? err
            : err instanceof SyntaxError
              ? new SearchEngineError(400, 'parse_exception', err.message)
              : new SearchEngineError(
                  500,
                  'exception',
                  err instanceof Error ? err.message : String(err),
                );
        if (error.status >= 500) console.error('search-engine: request failed', err);
        send(
          res,
          error.status,
          JSON.stringify(error.toBody()),
          'application/json; charset=UTF-8',
          head,
        );
      }
    })();
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

/** Opens the data directory, replays it, and serves the REST API. */
export async function startSearchEngine(
  options: SearchEngineOptions,
): Promise<RunningSearchEngine> {
  const engine = await Engine.open({
    dataDir: options.dataDir,
    snapshotThresholdBytes: options.snapshotThresholdBytes,
  });
  const server = createSearchEngineServer(engine, options.maxBodyBytes);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9200, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    engine,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await engine.close();
    },
  };
}
