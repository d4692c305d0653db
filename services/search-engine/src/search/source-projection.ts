import { type SourceFilter, makeSourceFilter } from './source-filter';

/** Thrown when only a parse can reproduce the filtered source (see `makeSourceProjection`). */
const UNPROJECTABLE = new Error('source needs a full parse');

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const LETTER_T = 0x74;
const LETTER_F = 0x66;
const LETTER_N = 0x6e;

function toRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** What the filter says about one path, worked out once per distinct path. */
interface PathNode {
  readonly key: string;
  readonly path: string;
  readonly included: boolean;
  readonly excluded: boolean;
  /** Whether an include could match this path or one below it. */
  readonly mayInclude: boolean;
  /** The key has no quote or backslash, so its token is exactly `"key"`. */
  readonly plain: boolean;
  children: Map<string, PathNode> | undefined;
  /** Children in the order the last object here listed them: the next one likely repeats it. */
  readonly order: PathNode[];
}

/**
 * `_source` includes/excludes applied to the stored JSON text directly, building exactly the
 * value makeSourceFilter(filter)(JSON.parse(json)) builds: subtrees nothing can be included from
 * are skipped without being parsed, so a marker needing 8 of 30 fields parses only those.
 * Returns undefined for a document it cannot reproduce that way (a kept key that repeats, or
 * `__proto__`), so the caller parses that one.
 */
export function makeSourceProjection(
  filter: SourceFilter,
): ((json: string) => unknown) | undefined {
  if (filter.includes.length === 0 && filter.excludes.length === 0) return undefined;
  const includes = filter.includes.map(toRegExp);
  const excludes = filter.excludes.map(toRegExp);
  const node = (key: string, path: string): PathNode => {
    const included = includes.length === 0 || includes.some((re) => re.test(path));
    return {
      key,
      path,
      included,
      excluded: excludes.some((re) => re.test(path)),
      // A wildcard might match anything below. The empty key's path is '', which the filter
      // treats as the root: always kept.
      mayInclude:
        path === '' ||
        included ||
        filter.includes.some((p) => p.includes('*') || p.startsWith(`${path}.`)),
      plain: !/["\\]/.test(key),
      children: undefined,
      order: [],
    };
  };
  const root = node('', '');
  const childOf = (parent: PathNode, key: string): PathNode => {
    let child = parent.children?.get(key);
    if (!child) {
      child = node(key, parent.path === '' ? key : `${parent.path}.${key}`);
      (parent.children ??= new Map()).set(key, child);
    }
    return child;
  };

  let text = '';
  let pos = 0;
  /** The first backslash at or after the last string scanned (-1: none left). */
  let nextEscape = -1;

  // Hot loops read `text` and `pos` through locals: closure variables cost a load each time.
  const skipSpace = () => {
    const t = text;
    let p = pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === SPACE || c === LF || c === CR || c === TAB) p++;
      else break;
    }
    pos = p;
  };

  /** Moves past the string token at pos; returns whether it holds an escape. */
  const scanString = (): boolean => {
    const start = pos + 1;
    let end = text.indexOf('"', start);
    if (nextEscape !== -1 && nextEscape < start) nextEscape = text.indexOf('\\', start);
    if (nextEscape === -1 || nextEscape > end) {
      pos = end + 1;
      return false;
    }
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) i += 2;
      else if (c === QUOTE) break;
      else i++;
    }
    end = i;
    pos = end + 1;
    return true;
  };

  const skipValue = () => {
    const c = text.charCodeAt(pos);
    if (c === QUOTE) {
      scanString();
      return;
    }
    if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
      // A number or a literal runs to the next delimiter.
      const t = text;
      let p = pos;
      for (;;) {
        const d = t.charCodeAt(++p);
        if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || d !== d) break;
        if (d === SPACE || d === LF || d === CR || d === TAB) break;
      }
      pos = p;
      return;
    }
    let depth = 0;
    for (;;) {
      const d = text.charCodeAt(pos);
      if (d === QUOTE) {
        scanString();
        continue;
      }
      pos++;
      if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
      else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) return;
    }
  };

  /** Whether the string token at pos is exactly `"key"` (a plain key); startsWith is slower. */
  const tokenIs = (key: string): boolean => {
    const t = text;
    const start = pos + 1;
    const n = key.length;
    for (let i = 0; i < n; i++) if (t.charCodeAt(start + i) !== key.charCodeAt(i)) return false;
    return t.charCodeAt(start + n) === QUOTE;
  };

  /** The value of the string token at pos. */
  const stringValue = (): string => {
    const start = pos;
    const escaped = scanString();
    return escaped
      ? (JSON.parse(text.slice(start, pos)) as string)
      : text.slice(start + 1, pos - 1);
  };

  const project = (at: PathNode, parentIncluded: boolean): unknown => {
    const c = text.charCodeAt(pos);
    if (c === OPEN_OBJECT) return projectObject(at, parentIncluded);
    if (c === OPEN_ARRAY) {
      pos++;
      const out: unknown[] = [];
      skipSpace();
      if (text.charCodeAt(pos) === CLOSE_ARRAY) pos++;
      else {
        for (;;) {
          skipSpace();
          const item = project(at, parentIncluded);
          if (item !== undefined) out.push(item);
          skipSpace();
          if (text.charCodeAt(pos++) === CLOSE_ARRAY) break;
        }
      }
      return out.length > 0 || parentIncluded || at.included ? out : undefined;
    }
    const keep = parentIncluded || at.included;
    if (c === QUOTE) {
      if (keep) return stringValue();
      scanString();
      return undefined;
    }
    const start = pos;
    skipValue();
    if (!keep) return undefined;
    if (c === LETTER_T) return true;
    if (c === LETTER_F) return false;
    if (c === LETTER_N) return null;
    return Number(text.slice(start, pos));
  };

  const projectObject = (at: PathNode, parentIncluded: boolean): unknown => {
    const isRoot = at.path === '';
    const selfIncluded = !isRoot && (parentIncluded || at.included);
    pos++;
    const out: Record<string, unknown> = {};
    let kept: PathNode[] | undefined;
    let any = false;
    const order = at.order;
    skipSpace();
    if (text.charCodeAt(pos) === CLOSE_OBJECT) pos++;
    else {
      for (let index = 0; ; index++) {
        skipSpace();
        // The key the last object had here, if it matches, costs no string or hash lookup.
        let child = order[index];
        if (child?.plain && tokenIs(child.key)) {
          pos += child.key.length + 2;
        } else {
          child = childOf(at, stringValue());
          order[index] = child;
        }
        skipSpace();
        pos++; // the colon
        skipSpace();
        if (child.excluded || (!selfIncluded && !child.mayInclude)) {
          skipValue();
        } else {
          // JSON.parse keeps only a repeated key's last value, and `__proto__` is special to
          // assignment: leave those documents to it.
          if (child.key === '__proto__' || kept?.includes(child)) throw UNPROJECTABLE;
          (kept ??= []).push(child);
          const value = project(child, selfIncluded);
          if (value !== undefined) {
            out[child.key] = value;
            any = true;
          }
        }
        skipSpace();
        if (text.charCodeAt(pos++) === CLOSE_OBJECT) break;
      }
    }
    if (isRoot || any) return out;
    return selfIncluded ? out : undefined;
  };

  return (json) => {
    text = json;
    pos = 0;
    nextEscape = json.indexOf('\\');
    try {
      skipSpace();
      return project(root, false);
    } catch (err) {
      if (err === UNPROJECTABLE) return undefined;
      throw err;
    } finally {
      text = '';
    }
  };
}

/**
 * A stored source as a filtered request returns it: projected from the text where it can be,
 * parsed whole and filtered where it cannot. Undefined when the filter keeps everything.
 */
export function makeSourceReader(filter: SourceFilter): ((json: string) => unknown) | undefined {
  const whole = makeSourceFilter(filter);
  const projection = makeSourceProjection(filter);
  if (!whole || !projection) return undefined;
  return (json) => {
    const projected = projection(json);
    return projected !== undefined ? projected : whole(JSON.parse(json));
  };
}
