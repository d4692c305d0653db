import { RawJson } from '../search/raw-json';

/** One dot-separated step of a `filter_path` pattern: a key (with `*` wildcards), or `**`. */
type Step =
  { readonly anyDepth: true } | { readonly anyDepth: false; matches(key: string): boolean };

/** A pattern still being matched: its steps from `next` on. */
interface Candidate {
  readonly steps: readonly Step[];
  readonly next: number;
}

function compileStep(text: string): Step {
  if (text === '**') return { anyDepth: true };
  if (!text.includes('*')) return { anyDepth: false, matches: (key) => key === text };
  const re = new RegExp(`^${text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return { anyDepth: false, matches: (key) => re.test(key) };
}

/**
 * `filter_path=hits.hits._id,took`: keeps only matching paths of a response (`*` and `**`
 * allowed). Compiled once per request and applied to the response before it is serialised, so
 * a 2,000-item `_bulk` answer filtered to `items.*.status` is never written out whole. Stored
 * sources (`RawJson`) are kept verbatim when kept whole, parsed only when a pattern reaches into
 * them. Exclusions (`-path`) are not supported and are ignored.
 */
export function compileFilterPath(filterPath: string): (response: unknown) => unknown {
  const roots: Candidate[] = filterPath
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0 && !p.startsWith('-'))
    .map((p) => ({ steps: p.split('.').map(compileStep), next: 0 }));

  const walk = (value: unknown, candidates: readonly Candidate[]): unknown => {
    if (candidates.some((c) => c.next === c.steps.length)) return value;
    const node = value instanceof RawJson ? (JSON.parse(value.json) as unknown) : value;
    if (Array.isArray(node)) {
      const out = node.map((item) => walk(item, candidates)).filter((v) => v !== undefined);
      return out.length > 0 ? out : undefined;
    }
    if (node === null || typeof node !== 'object') return undefined;
    const out: Record<string, unknown> = {};
    let kept = false;
    for (const key of Object.keys(node)) {
      const next: Candidate[] = [];
      for (const c of candidates) {
        const step = c.steps[c.next]!;
        if (step.anyDepth) {
          // `**` takes this key and maybe more levels, or none, leaving the next step to it.
          next.push(c, { steps: c.steps, next: c.next + 1 });
          const after = c.steps[c.next + 1];
          if (after && !after.anyDepth && after.matches(key)) {
            next.push({ steps: c.steps, next: c.next + 2 });
          }
        } else if (step.matches(key)) {
          next.push({ steps: c.steps, next: c.next + 1 });
        }
      }
      if (next.length === 0) continue;
      const v = walk((node as Record<string, unknown>)[key], next);
      if (v === undefined) continue;
      // Defined, not assigned: a stored source's "__proto__" key must stay a key.
      if (key === '__proto__') {
        Object.defineProperty(out, key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        out[key] = v;
      }
      kept = true;
    }
    return kept ? out : undefined;
  };
  return (response) => walk(response, roots) ?? {};
}
