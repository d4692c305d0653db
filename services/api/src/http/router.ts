import type { HttpMethod, Route } from './route';

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'not-found' };

const splitPath = (path: string) => path.split('/').filter((segment) => segment.length > 0);

const isLabel = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

/**
 * Matches a path against route templates. A literal segment beats a label, so
 * `/vehicles/aggregate` is never read as the vehicle `aggregate`.
 */
export function createRouter(routes: readonly Route[]) {
  const compiled: CompiledRoute[] = routes.map((route) => ({
    route,
    segments: splitPath(route.path),
  }));
  // At the first segment where two templates differ in kind, the literal one is tried first.
  compiled.sort((a, b) => {
    for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
      const order = Number(isLabel(a.segments[i]!)) - Number(isLabel(b.segments[i]!));
      if (order !== 0) return order;
    }
    return 0;
  });

  function matchSegments(template: readonly string[], actual: readonly string[]) {
    if (template.length !== actual.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < template.length; i++) {
      const expected = template[i]!;
      const value = actual[i]!;
      if (isLabel(expected)) {
        let decoded: string;
        try {
          decoded = decodeURIComponent(value);
        } catch {
          return undefined;
        }
        params[expected.slice(1, -1)] = decoded;
      } else if (expected !== value) {
        return undefined;
      }
    }
    return params;
  }

  return (method: string, path: string): RouteMatch => {
    const actual = splitPath(path);
    const allowed: HttpMethod[] = [];
    for (const candidate of compiled) {
      const params = matchSegments(candidate.segments, actual);
      if (!params) continue;
      if (candidate.route.method === method)
        return { kind: 'found', route: candidate.route, params };
      allowed.push(candidate.route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  };
}
