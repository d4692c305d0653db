import { parsingError } from '../errors';
import { show } from '../util/show';

/** `_source` in a request: false, true, a pattern, a list, or `{ includes, excludes }`. */
export interface SourceFilter {
  readonly enabled: boolean;
  readonly includes: readonly string[];
  readonly excludes: readonly string[];
}

const list = (v: unknown): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v.map(String) : show(v).split(',').filter(Boolean);

export function parseSourceFilter(
  raw: unknown,
  includesParam?: string,
  excludesParam?: string,
): SourceFilter {
  let filter: SourceFilter = { enabled: true, includes: [], excludes: [] };
  if (raw === false || raw === 'false') filter = { enabled: false, includes: [], excludes: [] };
  else if (raw === true || raw === 'true' || raw === undefined)
    filter = { enabled: true, includes: [], excludes: [] };
  else if (typeof raw === 'string' || Array.isArray(raw))
    filter = { enabled: true, includes: list(raw), excludes: [] };
  else if (raw !== null && typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (!['includes', 'excludes', 'include', 'exclude'].includes(key)) {
        throw parsingError(`Unknown key for a START_OBJECT in [_source]: [${key}]`);
      }
    }
    filter = {
      enabled: true,
      includes: list(o.includes ?? o.include),
      excludes: list(o.excludes ?? o.exclude),
    };
  } else {
    throw parsingError('[_source] must be a boolean, a string, an array or an object');
  }
  if (includesParam !== undefined || excludesParam !== undefined) {
    filter = {
      enabled: true,
      includes: includesParam !== undefined ? list(includesParam) : filter.includes,
      excludes: excludesParam !== undefined ? list(excludesParam) : filter.excludes,
    };
  }
  return filter;
}

function toRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** Applies include/exclude patterns (wildcards allowed) to a source object, as OpenSearch does. */
export function makeSourceFilter(filter: SourceFilter): ((source: unknown) => unknown) | undefined {
  if (filter.includes.length === 0 && filter.excludes.length === 0) return undefined;
  const includes = filter.includes.map(toRegExp);
  const excludes = filter.excludes.map(toRegExp);
  const included = (path: string) => includes.length === 0 || includes.some((re) => re.test(path));
  const excluded = (path: string) => excludes.some((re) => re.test(path));

  const walk = (value: unknown, path: string, parentIncluded: boolean): unknown => {
    if (Array.isArray(value)) {
      const out = value.map((v) => walk(v, path, parentIncluded)).filter((v) => v !== undefined);
      return out.length > 0 || parentIncluded || included(path) ? out : undefined;
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      const selfIncluded = path !== '' && (parentIncluded || included(path));
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const childPath = path ? `${path}.${key}` : key;
        if (excluded(childPath)) continue;
        const v = walk(child, childPath, selfIncluded);
        if (v !== undefined) out[key] = v;
      }
      if (path === '') return out;
      if (Object.keys(out).length > 0) return out;
      return selfIncluded ? out : undefined;
    }
    return parentIncluded || included(path) ? value : undefined;
  };
  return (source) => walk(source, '', false);
}
