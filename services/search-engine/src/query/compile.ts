import { SearchEngineError, badRequest, parsingError } from '../errors';
import {
  GeoColumn,
  KeywordColumn,
  NumericColumn,
  TextColumn,
  analyzeText,
  type Column,
  type Posting,
} from '../index/columns';
import type { DocSpace } from '../index/doc-space';
import type { FieldMapping } from '../index/mapping';
import type { Shard } from '../index/shard';
import { BitSet } from '../util/bitset';
import { DEFAULT_DATE_FORMAT, resolveDateMath } from '../util/date';
import { type GeoPoint, haversineMetres, parseDistance, parseGeoPoint } from '../util/geo';
import { show } from '../util/show';
import { toNumber } from '../util/to-number';

export interface QueryContext {
  readonly shard: Shard;
  /** Request time, so every `now` in one request means the same instant. */
  readonly now: number;
}

/** A compiled query: the matching ordinals of a doc space and how each one scores. */
export interface Matches {
  readonly bits: BitSet;
  readonly score: number | ((ord: number) => number);
}

export function scoreOf(matches: Matches, ord: number): number {
  return typeof matches.score === 'number' ? matches.score : matches.score(ord);
}

type QueryBody = Record<string, unknown>;

function asObject(value: unknown, where: string): QueryBody {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw parsingError(`[${where}] query malformed, no start_object after query name`);
  }
  return value as QueryBody;
}

/** `{ field: value }` or `{ field: { value, ...options } }` → field, value, options. */
function singleField(name: string, body: QueryBody, valueKey: string, options: readonly string[]) {
  const entries = Object.entries(body).filter(([k]) => k !== 'boost' && k !== '_name');
  if (entries.length !== 1) {
    throw parsingError(
      `[${name}] query doesn't support multiple fields, found [${entries.map(([k]) => k).join('] and [')}]`,
    );
  }
  const [field, spec] = entries[0]!;
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    const o = spec as QueryBody;
    for (const key of Object.keys(o)) {
      if (key !== valueKey && key !== 'boost' && key !== '_name' && !options.includes(key)) {
        throw parsingError(`[${name}] query does not support [${key}]`);
      }
    }
    return {
      field,
      value: o[valueKey],
      options: o,
      boost: (o.boost as number) ?? (body.boost as number) ?? 1,
    };
  }
  return { field, value: spec, options: {} as QueryBody, boost: (body.boost as number) ?? 1 };
}

function checkKeys(name: string, body: QueryBody, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key) && key !== 'boost' && key !== '_name') {
      throw parsingError(`[${name}] query does not support [${key}]`);
    }
  }
}

class QueryCompiler {
  constructor(private readonly ctx: QueryContext) {}

  private get mapping() {
    return this.ctx.shard.mapping;
  }

  compile(query: unknown, space: DocSpace): Matches {
    if (query === undefined) return this.matchAll(space, 1);
    const body = asObject(query, 'query');
    const names = Object.keys(body);
    if (names.length !== 1) {
      throw parsingError(
        names.length === 0
          ? 'query malformed, empty clause found'
          : `[${names[0]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`,
      );
    }
    const name = names[0]!;
    const spec = asObject(body[name], name);
    switch (name) {
      case 'match_all':
        checkKeys(name, spec, []);
        return this.matchAll(space, (spec.boost as number) ?? 1);
      case 'match_none':
        return { bits: new BitSet(space.visibleSize), score: 0 };
      case 'bool':
        return this.bool(spec, space);
      case 'constant_score': {
        checkKeys(name, spec, ['filter']);
        if (spec.filter === undefined)
          throw parsingError("[constant_score] requires a 'filter' element");
        return { bits: this.compile(spec.filter, space).bits, score: (spec.boost as number) ?? 1 };
      }
      case 'term':
        return this.term(spec, space);
      case 'terms':
        return this.terms(spec, space);
      case 'match':
        return this.match(spec, space);
      case 'range':
        return this.range(spec, space);
      case 'exists':
        return this.exists(spec, space);
      case 'prefix':
        return this.pattern('prefix', spec, space);
      case 'wildcard':
        return this.pattern('wildcard', spec, space);
      case 'ids':
        return this.ids(spec, space);
      case 'nested':
        return this.nested(spec, space);
      case 'geo_bounding_box':
        return this.geoBoundingBox(spec, space);
      case 'geo_distance':
        return this.geoDistance(spec, space);
      default:
        throw new SearchEngineError(400, 'parsing_exception', `unknown query [${name}]`, {
          line: 1,
          col: 1,
        });
    }
  }

  private matchAll(space: DocSpace, boost: number): Matches {
    return { bits: BitSet.full(space.visibleSize), score: boost };
  }

  private bool(spec: QueryBody, space: DocSpace): Matches {
    checkKeys('bool', spec, [
      'must',
      'filter',
      'should',
      'must_not',
      'minimum_should_match',
      'adjust_pure_negative',
    ]);
    // OpenSearch parses bool clauses with an object parser, which wraps a clause's parse error.
    const clauses = (name: string) => {
      const v = spec[name];
      return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((q) => {
        try {
          return this.compile(q, space);
        } catch (err) {
          if (
            err instanceof SearchEngineError &&
            /parsing_exception|x_content_parse_exception/.test(err.type)
          ) {
            throw new SearchEngineError(
              400,
              'x_content_parse_exception',
              `[bool] failed to parse field [${name}]`,
              {
                caused_by: err.toItemError(),
              },
            );
          }
          throw err;
        }
      });
    };
    const must = clauses('must');
    const filter = clauses('filter');
    const should = clauses('should');
    const mustNot = clauses('must_not');
    const required = [...must, ...filter];
    let bits = required.length > 0 ? required[0]!.bits.clone() : BitSet.full(space.visibleSize);
    for (const m of required.slice(1)) bits.and(m.bits);
    for (const m of mustNot) bits.andNot(m.bits);

    const minimum = this.minimumShouldMatch(
      spec.minimum_should_match,
      should.length,
      required.length > 0,
    );
    if (should.length > 0 && minimum > 0) {
      if (minimum === 1) {
        const any = new BitSet(space.visibleSize);
        for (const m of should) any.or(m.bits);
        bits.and(any);
      } else {
        const counts = new Uint16Array(space.visibleSize);
        for (const m of should) for (const ord of m.bits.toOrdinals()) counts[ord]!++;
        const enough = new BitSet(space.visibleSize);
        counts.forEach((c, ord) => c >= minimum && enough.add(ord));
        bits = bits.and(enough);
      }
    }
    const boost = (spec.boost as number) ?? 1;
    const scoring = [...must, ...should];
    if (scoring.length === 0) {
      // A bool of only filter/must_not clauses scores 0, or 1 when it has no clause at all.
      return { bits, score: required.length + mustNot.length === 0 ? boost : 0 };
    }
    return {
      bits,
      score: (ord) => {
        let total = 0;
        for (const m of must) total += scoreOf(m, ord);
        for (const m of should) if (m.bits.has(ord)) total += scoreOf(m, ord);
        return total * boost;
      },
    };
  }

  private minimumShouldMatch(raw: unknown, shouldCount: number, hasRequired: boolean): number {
    if (raw === undefined) return hasRequired ? 0 : 1;
    const text = show(raw).trim();
    let n: number;
    if (text.endsWith('%')) {
      const pct = Number(text.slice(0, -1));
      n =
        pct < 0
          ? shouldCount - Math.floor((shouldCount * -pct) / 100)
          : Math.floor((shouldCount * pct) / 100);
    } else {
      const v = Number(text);
      if (!Number.isInteger(v)) throw badRequest(`Invalid minimum_should_match [${text}]`);
      n = v < 0 ? shouldCount + v : v;
    }
    return Math.max(0, n);
  }

  /** The field's column if the field lives in this doc space (nested fields need a nested query). */
  private resolve(fieldName: string, space: DocSpace): { field?: FieldMapping; column?: Column } {
    const field = this.mapping.field(fieldName);
    if (!field || this.mapping.nestedScopeOf(fieldName) !== space.path) return { field };
    return { field, column: space.column(fieldName) };
  }

  private empty(space: DocSpace): Matches {
    return { bits: new BitSet(space.visibleSize), score: 0 };
  }

  private fromPostings(space: DocSpace, postings: readonly Posting[], boost: number): Matches {
    const bits = new BitSet(space.visibleSize);
    for (const list of postings) {
      if (typeof list === 'number') {
        if (list >= 0 && list < space.visibleSize) bits.add(list);
        continue;
      }
      const data = list.data;
      for (let i = 0; i < list.length; i++) {
        const ord = data[i]!;
        if (ord >= space.visibleSize) break;
        bits.add(ord);
      }
    }
    return { bits, score: boost };
  }

  private scanNumeric(
    space: DocSpace,
    column: NumericColumn,
    test: (v: number) => boolean,
    boost: number,
  ): Matches {
    const bits = new BitSet(space.visibleSize);
    const data = column.single.data;
    const n = Math.min(space.visibleSize, data.length);
    if (!column.hasMultiValues) {
      for (let ord = 0; ord < n; ord++) {
        const v = data[ord]!;
        if (v === v && test(v)) bits.add(ord);
      }
    } else {
      for (let ord = 0; ord < n; ord++) if (column.valuesOf(ord).some(test)) bits.add(ord);
    }
    return { bits, score: boost };
  }

  private termValue(field: FieldMapping, value: unknown): number {
    if (field.type === 'date')
      return resolveDateMath(value, { now: this.ctx.now, format: field.format });
    if (field.type === 'boolean') {
      if (value === true || value === 'true') return 1;
      if (value === false || value === 'false') return 0;
      throw badRequest(`Can't parse boolean value [${String(value)}], expected [true] or [false]`);
    }
    const n = toNumber(value);
    if (typeof value === 'boolean' || !Number.isFinite(n)) {
      throw new SearchEngineError(
        400,
        'query_shard_exception',
        `failed to create query: For input string: "${String(value)}"`,
      );
    }
    return n;
  }

  private termsMatches(
    fieldName: string,
    values: unknown[],
    space: DocSpace,
    boost: number,
    caseInsensitive = false,
  ): Matches {
    if (fieldName === '_id') return this.idsMatch(values.map(String), space, boost);
    const { field, column } = this.resolve(fieldName, space);
    if (field?.type === 'geo_point') {
      throw new SearchEngineError(
        400,
        'query_shard_exception',
        `Geo fields do not support exact searching, use dedicated geo queries instead: [${fieldName}]`,
      );
    }
    if (!field || !column) return this.empty(space);
    if (column instanceof KeywordColumn || column instanceof TextColumn) {
      const wanted = values.map((v) => (caseInsensitive ? String(v).toLowerCase() : String(v)));
      const lists = caseInsensitive
        ? column.terms.flatMap((t, id) =>
            wanted.includes(t.toLowerCase()) ? [column.postings[id]!] : [],
          )
        : wanted.flatMap((t) => {
            const id = column.termIds.get(t);
            return id === undefined ? [] : [column.postings[id]!];
          });
      return this.fromPostings(space, lists, boost);
    }
    if (column instanceof NumericColumn) {
      const targets = new Set(values.map((v) => this.termValue(field, v)));
      return this.scanNumeric(space, column, (v) => targets.has(v), boost);
    }
    return this.empty(space);
  }

  private term(spec: QueryBody, space: DocSpace): Matches {
    const { field, value, options, boost } = singleField('term', spec, 'value', [
      'case_insensitive',
    ]);
    if (value === undefined || value === null || typeof value === 'object') {
      throw parsingError(
        `[term] query does not support array of values or null for field [${field}]`,
      );
    }
    return this.termsMatches(field, [value], space, boost, options.case_insensitive === true);
  }

  private terms(spec: QueryBody, space: DocSpace): Matches {
    const entries = Object.entries(spec).filter(([k]) => k !== 'boost' && k !== '_name');
    if (entries.length !== 1) throw parsingError('[terms] query does not support multiple fields');
    const [field, values] = entries[0]!;
    if (!Array.isArray(values)) {
      throw parsingError(`[terms] query does not support [${field}]`);
    }
    return this.termsMatches(field, values, space, (spec.boost as number) ?? 1);
  }

  private match(spec: QueryBody, space: DocSpace): Matches {
    const {
      field: fieldName,
      value,
      options,
      boost,
    } = singleField('match', spec, 'query', ['operator']);
    const { field, column } = this.resolve(fieldName, space);
    if (!field || !column) return this.empty(space);
    if (column instanceof TextColumn) {
      const tokens = analyzeText(String(value));
      const per = tokens.map((t) => this.termsMatches(fieldName, [t], space, 1));
      if (per.length === 0) return this.empty(space);
      const bits = per[0]!.bits.clone();
      const and = show(options.operator ?? 'or').toLowerCase() === 'and';
      for (const m of per.slice(1)) {
        if (and) bits.and(m.bits);
        else bits.or(m.bits);
      }
      return { bits, score: (ord) => boost * per.filter((m) => m.bits.has(ord)).length };
    }
    return this.termsMatches(fieldName, [value], space, boost);
  }

  private range(spec: QueryBody, space: DocSpace): Matches {
    const {
      field: fieldName,
      options,
      boost,
    } = singleField('range', spec, 'gte', [
      'gt',
      'lt',
      'lte',
      'format',
      'time_zone',
      'relation',
      'from',
      'to',
      'include_lower',
      'include_upper',
    ]);
    for (const legacy of ['from', 'to', 'include_lower', 'include_upper']) {
      if (options[legacy] !== undefined)
        throw parsingError(`[range] query does not support [${legacy}]`);
    }
    if (
      options.time_zone !== undefined &&
      !['UTC', 'Z', '+00:00', 'Etc/UTC'].includes(show(options.time_zone))
    ) {
      throw badRequest(`time_zone [${show(options.time_zone)}] is not supported; send UTC dates`);
    }
    const { field, column } = this.resolve(fieldName, space);
    if (!field || !column) return this.empty(space);
    const bounds = { gt: options.gt, gte: options.gte, lt: options.lt, lte: options.lte };
    if (column instanceof NumericColumn) {
      const format =
        typeof options.format === 'string'
          ? `${options.format}||${field.format}`
          : (field.format ?? DEFAULT_DATE_FORMAT);
      const conv = (v: unknown, roundUp: boolean) =>
        v === undefined || v === null
          ? undefined
          : field.type === 'date'
            ? resolveDateMath(v, { now: this.ctx.now, format, roundUp })
            : this.termValue(field, v);
      const gt = conv(bounds.gt, true);
      const gte = conv(bounds.gte, false);
      const lt = conv(bounds.lt, false);
      const lte = conv(bounds.lte, true);
      const lo = gt ?? gte ?? -Infinity;
      const loInclusive = gt === undefined;
      const hi = lt ?? lte ?? Infinity;
      const hiInclusive = lt === undefined;
      return this.scanNumeric(
        space,
        column,
        (v) => (loInclusive ? v >= lo : v > lo) && (hiInclusive ? v <= hi : v < hi),
        boost,
      );
    }
    if (column instanceof KeywordColumn || column instanceof TextColumn) {
      const s = (v: unknown) => (v === undefined || v === null ? undefined : show(v));
      const [gt, gte, lt, lte] = [s(bounds.gt), s(bounds.gte), s(bounds.lt), s(bounds.lte)];
      const lists = column.terms.flatMap((t, id) =>
        (gt === undefined || t > gt) &&
        (gte === undefined || t >= gte) &&
        (lt === undefined || t < lt) &&
        (lte === undefined || t <= lte)
          ? [column.postings[id]!]
          : [],
      );
      return this.fromPostings(space, lists, boost);
    }
    return this.empty(space);
  }

  private exists(spec: QueryBody, space: DocSpace): Matches {
    checkKeys('exists', spec, ['field']);
    if (typeof spec.field !== 'string')
      throw parsingError('[exists] must be provided with a [field]');
    const boost = (spec.boost as number) ?? 1;
    const name = spec.field;
    if (name === '_id') return this.matchAll(space, boost);
    const field = this.mapping.field(name);
    if (!field) return this.empty(space);
    const bits = new BitSet(space.visibleSize);
    const paths = field.properties
      ? this.mapping.fieldPaths().filter((p) => p.startsWith(`${name}.`))
      : [name, ...[...(field.fields?.keys() ?? [])].map((sub) => `${name}.${sub}`)];
    if (field.type === 'nested' && space.children.has(name)) {
      const count = space.childCount.get(name)!;
      for (let ord = 0; ord < space.visibleSize; ord++) if (count.get(ord) > 0) bits.add(ord);
      return { bits, score: boost };
    }
    for (const path of paths) {
      if (this.mapping.nestedScopeOf(path) !== space.path) continue;
      const column = space.column(path);
      if (!column) continue;
      if (column instanceof TextColumn) {
        for (const m of [column.present])
          for (let i = 0; i < m.length; i++)
            if (m.data[i]! < space.visibleSize) bits.add(m.data[i]!);
        continue;
      }
      for (let ord = 0; ord < space.visibleSize; ord++) if (column.has(ord)) bits.add(ord);
    }
    return { bits, score: boost };
  }

  private pattern(kind: 'prefix' | 'wildcard', spec: QueryBody, space: DocSpace): Matches {
    const valueKey = 'value';
    const {
      field: fieldName,
      value: rawValue,
      options,
      boost,
    } = singleField(kind, spec, valueKey, [
      'case_insensitive',
      'rewrite',
      ...(kind === 'wildcard' ? ['wildcard'] : []),
    ]);
    const value = rawValue ?? options.wildcard;
    if (typeof value !== 'string')
      throw parsingError(`[${kind}] query requires a string value for [${fieldName}]`);
    const insensitive = options.case_insensitive === true;
    const { column } = this.resolve(fieldName, space);
    if (fieldName === '_id') {
      const ids = [...this.ctx.shard.docs.keys()];
      return this.idsMatch(
        ids.filter((id) => this.patternTest(kind, value, insensitive)(id)),
        space,
        boost,
      );
    }
    if (!(column instanceof KeywordColumn) && !(column instanceof TextColumn))
      return this.empty(space);
    if (
      kind === 'prefix' &&
      !insensitive &&
      column instanceof KeywordColumn &&
      column.order.isCurrent()
    ) {
      // The terms with a prefix are one run of the sorted dictionary (a partial VIN), when the
      // dictionary is in order already (sorting on the field keeps it so).
      const sorted = column.order.sorted();
      const lists: Posting[] = [];
      for (let at = column.order.lowerBound(value); at < sorted.length; at++) {
        const id = sorted[at]!;
        if (!column.terms[id]!.startsWith(value)) break;
        lists.push(column.postings[id]!);
      }
      return this.fromPostings(space, lists, boost);
    }
    const test = this.patternTest(kind, value, insensitive);
    return this.fromPostings(
      space,
      column.terms.flatMap((t, id) => (test(t) ? [column.postings[id]!] : [])),
      boost,
    );
  }

  private patternTest(
    kind: 'prefix' | 'wildcard',
    value: string,
    insensitive: boolean,
  ): (t: string) => boolean {
    if (kind === 'prefix') {
      const p = insensitive ? value.toLowerCase() : value;
      return insensitive ? (t) => t.toLowerCase().startsWith(p) : (t) => t.startsWith(p);
    }
    let source = '';
    for (let i = 0; i < value.length; i++) {
      const ch = value[i]!;
      if (ch === '\\' && i + 1 < value.length)
        source += value[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      else if (ch === '*') source += '.*';
      else if (ch === '?') source += '.';
      else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    const re = new RegExp(`^${source}$`, insensitive ? 'is' : 's');
    return (t) => re.test(t);
  }

  private idsMatch(ids: readonly string[], space: DocSpace, boost: number): Matches {
    const bits = new BitSet(space.visibleSize);
    if (space.path !== '') return { bits, score: boost };
    for (const id of ids) {
      const record = this.ctx.shard.docs.get(id);
      if (record && record.ordinal < space.visibleSize) bits.add(record.ordinal);
    }
    return { bits, score: boost };
  }

  private ids(spec: QueryBody, space: DocSpace): Matches {
    checkKeys('ids', spec, ['values', 'type']);
    if (!Array.isArray(spec.values)) throw parsingError('[ids] query requires [values]');
    return this.idsMatch(spec.values.map(String), space, (spec.boost as number) ?? 1);
  }

  private nested(spec: QueryBody, space: DocSpace): Matches {
    checkKeys('nested', spec, ['path', 'query', 'score_mode', 'ignore_unmapped']);
    const path = spec.path;
    if (typeof path !== 'string') throw parsingError("[nested] requires 'path' field");
    if (spec.query === undefined) throw parsingError("[nested] requires 'query' field");
    const field = this.mapping.field(path);
    if (!field || field.type !== 'nested') {
      if (spec.ignore_unmapped === true) return this.empty(space);
      throw new SearchEngineError(
        400,
        'query_shard_exception',
        `[nested] failed to find nested object under path [${path}]`,
      );
    }
    if (this.mapping.nestedScopeOf(path) !== space.path) return this.empty(space);
    const child = space.children.get(path);
    if (!child) return this.empty(space);
    const inner = this.compile(spec.query, child);
    const matched = inner.bits.and(child.live);
    const bits = new BitSet(space.visibleSize);
    const parents = child.parentOrd.data;
    const visible = space.visibleSize;
    const children = matched.toOrdinals();
    for (let i = 0; i < children.length; i++) {
      const parent = parents[children[i]!]!;
      if (parent < visible) bits.add(parent);
    }
    const scoreMode = show(spec.score_mode ?? 'avg');
    // Each parent's child scores, gathered only if a score is asked for: in filter context
    // (facet filters on devices, trouble codes) none is, and gathering costs more than matching.
    let gathered: Map<number, number[]> | undefined;
    const scoresOf = (parent: number): number[] | undefined => {
      if (!gathered) {
        const hits = new Map<number, number[]>();
        for (let i = 0; i < children.length; i++) {
          const ord = children[i]!;
          const p = parents[ord]!;
          if (p >= visible || scoreMode === 'none') continue;
          const list = hits.get(p) ?? [];
          list.push(scoreOf(inner, ord));
          hits.set(p, list);
        }
        gathered = hits;
      }
      return gathered.get(parent);
    };
    const boost = (spec.boost as number) ?? 1;
    const combine = (scores: number[]) => {
      switch (scoreMode) {
        case 'none':
          return 0;
        case 'sum':
          return scores.reduce((a, b) => a + b, 0);
        case 'max':
          return Math.max(...scores);
        case 'min':
          return Math.min(...scores);
        default:
          return scores.reduce((a, b) => a + b, 0) / scores.length;
      }
    };
    return { bits, score: (ord) => boost * combine(scoresOf(ord) ?? [0]) };
  }

  private geoColumn(name: string, spec: QueryBody, space: DocSpace): GeoColumn | undefined {
    const { field, column } = this.resolve(name, space);
    if (!field) {
      if (spec.ignore_unmapped === true) return undefined;
      throw new SearchEngineError(
        400,
        'query_shard_exception',
        `failed to find geo field [${name}]`,
      );
    }
    if (field.type !== 'geo_point') {
      throw new SearchEngineError(
        400,
        'query_shard_exception',
        `field [${name}] is not a geo_point field`,
      );
    }
    return column instanceof GeoColumn ? column : undefined;
  }

  private scanGeo(
    space: DocSpace,
    column: GeoColumn,
    test: (lat: number, lon: number) => boolean,
    boost: number,
  ): Matches {
    const bits = new BitSet(space.visibleSize);
    const lat = column.lat.data;
    const lon = column.lon.data;
    const n = Math.min(space.visibleSize, lat.length);
    const multi = column.multi.size > 0;
    for (let ord = 0; ord < n; ord++) {
      const la = lat[ord]!;
      if (la !== la) continue;
      if (multi && column.multi.has(ord)) {
        if (column.multi.get(ord)!.some((p) => test(p.lat, p.lon))) bits.add(ord);
      } else if (test(la, lon[ord]!)) {
        bits.add(ord);
      }
    }
    return { bits, score: boost };
  }

  private geoBoundingBox(spec: QueryBody, space: DocSpace): Matches {
    const options = ['validation_method', 'type', 'ignore_unmapped'];
    const fields = Object.keys(spec).filter(
      (k) => !options.includes(k) && k !== 'boost' && k !== '_name',
    );
    if (fields.length !== 1) throw parsingError('[geo_bbox] query requires exactly one field');
    const name = fields[0]!;
    const box = this.parseBox(asObject(spec[name], 'geo_bounding_box'));
    const column = this.geoColumn(name, spec, space);
    if (!column) return this.empty(space);
    const { top, bottom, left, right } = box;
    const crosses = left > right; // the box spans the antimeridian
    return this.scanGeo(
      space,
      column,
      (lat, lon) =>
        lat <= top &&
        lat >= bottom &&
        (crosses ? lon >= left || lon <= right : lon >= left && lon <= right),
      (spec.boost as number) ?? 1,
    );
  }

  private parseBox(raw: QueryBody): { top: number; bottom: number; left: number; right: number } {
    let topLeft: GeoPoint | undefined;
    let bottomRight: GeoPoint | undefined;
    if (typeof raw.wkt === 'string') {
      const m =
        /^\s*BBOX\s*\(\s*([-\d.eE]+)\s*,\s*([-\d.eE]+)\s*,\s*([-\d.eE]+)\s*,\s*([-\d.eE]+)\s*\)\s*$/i.exec(
          raw.wkt,
        );
      if (!m) throw parsingError(`failed to parse WKT bounding box [${raw.wkt}]`);
      return { left: Number(m[1]), right: Number(m[2]), top: Number(m[3]), bottom: Number(m[4]) };
    }
    if (raw.top_left !== undefined || raw.bottom_right !== undefined) {
      topLeft = parseGeoPoint(raw.top_left);
      bottomRight = parseGeoPoint(raw.bottom_right);
    } else if (raw.top_right !== undefined || raw.bottom_left !== undefined) {
      const tr = parseGeoPoint(raw.top_right);
      const bl = parseGeoPoint(raw.bottom_left);
      topLeft = { lat: tr.lat, lon: bl.lon };
      bottomRight = { lat: bl.lat, lon: tr.lon };
    } else if (['top', 'left', 'bottom', 'right'].every((k) => typeof raw[k] === 'number')) {
      return {
        top: raw.top as number,
        left: raw.left as number,
        bottom: raw.bottom as number,
        right: raw.right as number,
      };
    } else {
      throw parsingError(
        'failed to parse bounding box. Expected [top_left, bottom_right], [top_right, bottom_left], [top, left, bottom, right] or [wkt]',
      );
    }
    if (topLeft.lat < bottomRight.lat) {
      throw badRequest(`top is below bottom corner: ${topLeft.lat} vs. ${bottomRight.lat}`);
    }
    return { top: topLeft.lat, left: topLeft.lon, bottom: bottomRight.lat, right: bottomRight.lon };
  }

  private geoDistance(spec: QueryBody, space: DocSpace): Matches {
    const options = ['distance', 'distance_type', 'validation_method', 'ignore_unmapped'];
    const fields = Object.keys(spec).filter(
      (k) => !options.includes(k) && k !== 'boost' && k !== '_name',
    );
    if (fields.length !== 1) throw parsingError('[geo_distance] query requires exactly one field');
    if (spec.distance === undefined)
      throw badRequest("geo_distance requires 'distance' to be specified");
    const name = fields[0]!;
    const center = parseGeoPoint(spec[name]);
    const metres = parseDistance(spec.distance);
    const column = this.geoColumn(name, spec, space);
    if (!column) return this.empty(space);
    // Cheap latitude pre-check before the haversine.
    const latDelta = (metres / 6_371_008.7714) * (180 / Math.PI);
    return this.scanGeo(
      space,
      column,
      (lat, lon) =>
        Math.abs(lat - center.lat) <= latDelta && haversineMetres(center, lat, lon) <= metres,
      (spec.boost as number) ?? 1,
    );
  }
}

/** Compiles a query against a doc space; the result may include dead ordinals (callers AND with `live`). */
export function compileQuery(query: unknown, space: DocSpace, ctx: QueryContext): Matches {
  return new QueryCompiler(ctx).compile(query, space);
}
