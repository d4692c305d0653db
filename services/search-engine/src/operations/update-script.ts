import { SearchEngineError } from '../errors';
import { jsonClone } from '../util/json-clone';
import { show } from '../util/show';

/**
 * The painless subset this engine runs: `ctx._source.a.b = params.x` (or a JSON literal),
 * statements separated by `;`. Anything else is refused rather than approximated.
 */
export interface UpdateScript {
  apply(source: Record<string, unknown>): void;
}

const ASSIGNMENT = /^ctx\._source((?:\.[A-Za-z_][\w]*|\[['"][^'"]+['"]\])+)\s*=\s*(.+)$/s;

function unsupported(source: string): SearchEngineError {
  return new SearchEngineError(
    400,
    'illegal_argument_exception',
    `unsupported script [${source}]: this engine runs only painless assignments of the form ctx._source.field = params.name (or a literal)`,
  );
}

export function parseUpdateScript(raw: unknown): UpdateScript {
  const spec = typeof raw === 'string' ? { source: raw } : (raw as Record<string, unknown> | null);
  if (!spec || typeof spec !== 'object') throw unsupported(String(raw));
  const source = spec.source ?? spec.inline;
  if (typeof source !== 'string') throw unsupported(JSON.stringify(raw));
  if (spec.lang !== undefined && spec.lang !== 'painless') {
    throw new SearchEngineError(
      400,
      'illegal_argument_exception',
      `script_lang not supported [${show(spec.lang)}]`,
    );
  }
  if (spec.id !== undefined) throw unsupported('stored scripts');
  const params = (spec.params ?? {}) as Record<string, unknown>;
  const statements = source
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((statement) => {
      const m = ASSIGNMENT.exec(statement);
      if (!m) throw unsupported(source);
      const path = [...m[1]!.matchAll(/\.([A-Za-z_]\w*)|\[['"]([^'"]+)['"]\]/g)].map(
        (p) => p[1] ?? p[2]!,
      );
      const expression = m[2]!.trim();
      let value: unknown;
      const param =
        /^params\.([A-Za-z_]\w*)$/.exec(expression) ??
        /^params\[['"]([^'"]+)['"]\]$/.exec(expression);
      if (param) {
        if (!(param[1]! in params)) {
          throw new SearchEngineError(
            400,
            'script_exception',
            `runtime error: params.${param[1]} is not defined`,
          );
        }
        value = params[param[1]!];
      } else {
        try {
          value = JSON.parse(expression.replace(/^'(.*)'$/s, '"$1"'));
        } catch {
          throw unsupported(source);
        }
      }
      return { path, value };
    });
  return {
    apply(doc) {
      for (const { path, value } of statements) {
        let target = doc;
        for (const key of path.slice(0, -1)) {
          const next = target[key];
          if (next === null || typeof next !== 'object' || Array.isArray(next)) {
            throw new SearchEngineError(
              400,
              'script_exception',
              `runtime error: cannot access [${key}] of a non-object`,
            );
          }
          target = next as Record<string, unknown>;
        }
        target[path[path.length - 1]!] = jsonClone(value);
      }
    },
  };
}
