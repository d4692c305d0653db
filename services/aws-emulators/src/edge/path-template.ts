/** A compiled `/things/{thingName}/jobs/{jobId}` style template (`{label+}` is greedy). */
export interface PathTemplate {
  readonly template: string;
  /** Labels by name, URI-decoded; `undefined` when the path does not fit. */
  match(path: string): Record<string, string> | undefined;
  /**
   * Per segment: 2 literal, 1 label, 0 greedy. Trying templates in descending order makes
   * `/thing-groups/addThingToThingGroup` win over `/thing-groups/{thingGroupName}`.
   */
  readonly specificity: readonly number[];
  /** The template with label names erased, so two templates for the same paths compare equal. */
  readonly shape: string;
}

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'label'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

function parseSegment(segment: string, template: string, last: boolean): Segment {
  const label = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
  if (!label) {
    if (segment.includes('{') || segment.includes('}')) {
      throw new Error(`path template ${template}: a label must be a whole segment`);
    }
    return { kind: 'literal', text: segment };
  }
  const name = label[1] as string;
  if (label[2] === '+') {
    if (!last) throw new Error(`path template ${template}: a greedy label must come last`);
    return { kind: 'greedy', name };
  }
  return { kind: 'label', name };
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function compilePathTemplate(template: string): PathTemplate {
  if (!template.startsWith('/')) throw new Error(`path template ${template} must start with /`);
  const raw = template === '/' ? [] : template.slice(1).split('/');
  const segments = raw.map((segment, i) => parseSegment(segment, template, i === raw.length - 1));
  const greedy = segments.at(-1)?.kind === 'greedy';
  return {
    template,
    specificity: segments.map((s) => (s.kind === 'literal' ? 2 : s.kind === 'label' ? 1 : 0)),
    shape:
      '/' +
      segments
        .map((s) => (s.kind === 'literal' ? s.text : s.kind === 'label' ? '{}' : '{+}'))
        .join('/'),
    match(path) {
      if (!path.startsWith('/')) return undefined;
      const parts = path === '/' ? [] : path.slice(1).split('/');
      if (greedy ? parts.length < segments.length : parts.length !== segments.length) {
        return undefined;
      }
      const params: Record<string, string> = {};
      for (const [i, segment] of segments.entries()) {
        if (segment.kind === 'greedy') {
          const rest = parts.slice(i).map(decode);
          if (rest.some((part) => part === undefined || part === '')) return undefined;
          params[segment.name] = rest.join('/');
          break;
        }
        const value = decode(parts[i] as string);
        if (value === undefined) return undefined;
        if (segment.kind === 'literal') {
          if (value !== segment.text) return undefined;
        } else {
          if (value === '') return undefined;
          params[segment.name] = value;
        }
      }
      return params;
    },
  };
}

/** Orders templates most specific first (see `specificity`). */
export function compareSpecificity(a: PathTemplate, b: PathTemplate): number {
  const length = Math.max(a.specificity.length, b.specificity.length);
  for (let i = 0; i < length; i++) {
    const difference = (b.specificity[i] ?? -1) - (a.specificity[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
