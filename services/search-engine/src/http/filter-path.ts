/** `filter_path=hits.hits._id,took`: keeps only matching paths of a response (`*` and `**` allowed). */
export function applyFilterPath(value: unknown, filterPath: string): unknown {
  const patterns = filterPath
    .split(',')
    .map((p) => p.trim().split('.'))
    .filter((p) => p.length > 0);
  const includes = patterns.filter((p) => !p[0]!.startsWith('-'));
  const walk = (node: unknown, candidates: string[][]): unknown => {
    if (candidates.some((c) => c.length === 0)) return node;
    if (Array.isArray(node)) {
      const out = node.map((item) => walk(item, candidates)).filter((v) => v !== undefined);
      return out.length > 0 ? out : undefined;
    }
    if (node === null || typeof node !== 'object') return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const next: string[][] = [];
      for (const c of candidates) {
        const head = c[0]!;
        if (head === '**') {
          next.push(c);
          next.push(c.slice(1));
          if (c[1] !== undefined && new RegExp(`^${c[1].replace(/\*/g, '.*')}$`).test(key))
            next.push(c.slice(2));
        } else if (
          new RegExp(`^${head.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
            key,
          )
        ) {
          next.push(c.slice(1));
        }
      }
      if (next.length === 0) continue;
      const v = walk(child, next);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  return walk(value, includes) ?? {};
}
