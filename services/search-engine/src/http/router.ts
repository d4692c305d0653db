import { SearchEngineError } from '../errors';

export interface RouteRequest {
  readonly method: string;
  readonly path: string;
  readonly pathParams: Record<string, string>;
  readonly params: Record<string, string>;
  readonly body: Buffer;
}

export interface RouteResponse {
  readonly status: number;
  /** JSON-serializable, a pre-serialized string, or undefined for no body (HEAD). */
  readonly body?: unknown;
  readonly contentType?: string;
}

export type RouteHandler = (req: RouteRequest) => RouteResponse | Promise<RouteResponse>;

interface Route {
  readonly methods: readonly string[];
  readonly segments: readonly string[];
  readonly params: ReadonlySet<string>;
  readonly handler: RouteHandler;
}

/** Parameters every endpoint accepts. */
const COMMON_PARAMS = [
  'pretty',
  'human',
  'error_trace',
  'filter_path',
  'source_content_type',
  'source',
];

/**
 * Matches `METHOD /a/{b}/_c` patterns. Literal segments beat `{params}`, so `/_search` is never
 * taken for an index called `_search`.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(
    methods: string | readonly string[],
    pattern: string,
    params: readonly string[],
    handler: RouteHandler,
  ): this {
    this.routes.push({
      methods: typeof methods === 'string' ? [methods] : methods,
      segments: pattern.split('/').filter(Boolean),
      params: new Set([...COMMON_PARAMS, ...params]),
      handler,
    });
    return this;
  }

  match(
    method: string,
    path: string,
  ): { route: Route; pathParams: Record<string, string> } | 'method' | undefined {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    let best: { route: Route; pathParams: Record<string, string>; literals: number } | undefined;
    let pathMatched = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const pathParams: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        if (seg.startsWith('{')) {
          if (parts[i]!.startsWith('_') && !seg.startsWith('{id')) {
            ok = false;
            break;
          }
          pathParams[seg.slice(1, -1)] = parts[i]!;
        } else if (seg === parts[i]) {
          literals++;
        } else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (!route.methods.includes(method)) continue;
      if (!best || literals > best.literals) best = { route, pathParams, literals };
    }
    if (best) return best;
    return pathMatched ? 'method' : undefined;
  }

  async handle(
    method: string,
    path: string,
    params: Record<string, string>,
    body: Buffer,
  ): Promise<RouteResponse> {
    const found = this.match(method, path);
    if (found === 'method') {
      throw new SearchEngineError(
        405,
        'method_not_allowed',
        `Incorrect HTTP method for uri [${path}] and method [${method}]`,
      );
    }
    if (!found) {
      throw new SearchEngineError(
        400,
        'illegal_argument_exception',
        `no handler found for uri [${path}] and method [${method}]`,
      );
    }
    const unknown = Object.keys(params).filter((p) => !found.route.params.has(p));
    if (unknown.length > 0) {
      throw new SearchEngineError(
        400,
        'illegal_argument_exception',
        `request [${path}] contains unrecognized parameter${unknown.length > 1 ? 's' : ''}: [${unknown.join('], [')}]`,
      );
    }
    return found.route.handler({ method, path, pathParams: found.pathParams, params, body });
  }
}
