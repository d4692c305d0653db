import { Float64Column, Int32Column, OrdinalList } from '../util/growable';
import type { GeoPoint } from '../util/geo';
import type { ColumnKind } from './mapping';
import { TermOrder } from './term-order';

const MULTI = -2;

/**
 * A term's documents: one ordinal inline (ids, message ids: most terms of a unique field) or a
 * list, so a million unique terms don't cost a million list objects.
 */
export type Posting = OrdinalList | number;

const EMPTY = -1;

function addPosting(postings: Posting[], id: number, ord: number): void {
  const current = postings[id]!;
  if (current === EMPTY) {
    postings[id] = ord;
  } else if (typeof current === 'number') {
    if (current === ord) return;
    const list = new OrdinalList();
    list.push(current);
    list.push(ord);
    postings[id] = list;
  } else {
    current.push(ord);
  }
}

/**
 * Keyword values: a term dictionary with one posting list per term (for term/terms/prefix
 * queries) and per-document term ids (doc values, for sorting and aggregations).
 */
export class KeywordColumn {
  readonly kind = 'keyword';
  readonly termIds = new Map<string, number>();
  readonly terms: string[] = [];
  readonly postings: Posting[] = [];
  readonly single = new Int32Column(-1);
  readonly multi = new Map<number, number[]>();
  /** The terms in sort order, built on first use (sorting, prefix queries, terms keys). */
  readonly order = new TermOrder(this.terms);

  termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.postings.push(EMPTY);
    }
    return id;
  }

  add(ord: number, values: readonly string[]): void {
    if (values.length === 0) return;
    if (values.length === 1) {
      const id = this.termId(values[0]!);
      addPosting(this.postings, id, ord);
      this.single.set(ord, id);
      return;
    }
    const ids = [...new Set(values.map((v) => this.termId(v)))].sort((a, b) =>
      this.terms[a]! < this.terms[b]! ? -1 : 1,
    );
    for (const id of ids) addPosting(this.postings, id, ord);
    if (ids.length === 1) {
      this.single.set(ord, ids[0]!);
    } else {
      this.single.set(ord, MULTI);
      this.multi.set(ord, ids);
    }
  }

  /** Term ids of a document, sorted by term. */
  valuesOf(ord: number): readonly number[] {
    const id = this.single.get(ord);
    if (id >= 0) return [id];
    if (id === MULTI) return this.multi.get(ord) ?? [];
    return [];
  }

  has(ord: number): boolean {
    return this.single.get(ord) !== -1;
  }
}

/** Numbers, dates (epoch millis) and booleans (0/1) as doubles; NaN marks a missing value. */
export class NumericColumn {
  readonly single = new Float64Column();
  readonly multi = new Map<number, number[]>();

  constructor(readonly kind: 'numeric' | 'date' | 'boolean') {}

  add(ord: number, values: readonly number[]): void {
    if (values.length === 0) return;
    if (values.length === 1) {
      this.single.set(ord, values[0]!);
    } else {
      const sorted = [...values].sort((a, b) => a - b);
      this.single.set(ord, sorted[0]!);
      this.multi.set(ord, sorted);
    }
  }

  /** Values of a document, ascending. */
  valuesOf(ord: number): readonly number[] {
    const multi = this.multi.size > 0 ? this.multi.get(ord) : undefined;
    if (multi) return multi;
    const v = this.single.get(ord);
    return Number.isNaN(v) ? [] : [v];
  }

  has(ord: number): boolean {
    return !Number.isNaN(this.single.get(ord));
  }

  get hasMultiValues(): boolean {
    return this.multi.size > 0;
  }
}

export class GeoColumn {
  readonly kind = 'geo';
  readonly lat = new Float64Column();
  readonly lon = new Float64Column();
  readonly multi = new Map<number, GeoPoint[]>();

  add(ord: number, points: readonly GeoPoint[]): void {
    if (points.length === 0) return;
    this.lat.set(ord, points[0]!.lat);
    this.lon.set(ord, points[0]!.lon);
    if (points.length > 1) this.multi.set(ord, [...points]);
  }

  valuesOf(ord: number): readonly GeoPoint[] {
    const multi = this.multi.size > 0 ? this.multi.get(ord) : undefined;
    if (multi) return multi;
    const lat = this.lat.get(ord);
    return Number.isNaN(lat) ? [] : [{ lat, lon: this.lon.get(ord) }];
  }

  has(ord: number): boolean {
    return !Number.isNaN(this.lat.get(ord));
  }
}

/** Analyzed text: token postings only (no doc values, so no sorting or aggregating, as in OpenSearch). */
export class TextColumn {
  readonly kind = 'text';
  readonly termIds = new Map<string, number>();
  readonly terms: string[] = [];
  readonly postings: OrdinalList[] = [];
  readonly present = new OrdinalList();

  add(ord: number, tokens: readonly string[]): void {
    this.present.push(ord);
    for (const token of new Set(tokens)) {
      let id = this.termIds.get(token);
      if (id === undefined) {
        id = this.terms.length;
        this.termIds.set(token, id);
        this.terms.push(token);
        this.postings.push(new OrdinalList());
      }
      this.postings[id]!.push(ord);
    }
  }
}

export type Column = KeywordColumn | NumericColumn | GeoColumn | TextColumn;

export function createColumn(kind: ColumnKind): Column {
  switch (kind) {
    case 'keyword':
      return new KeywordColumn();
    case 'text':
      return new TextColumn();
    case 'geo':
      return new GeoColumn();
    default:
      return new NumericColumn(kind);
  }
}

/** The standard analyzer, approximated: lowercase word tokens. */
export function analyzeText(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}
