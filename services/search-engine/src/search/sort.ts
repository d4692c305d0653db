import { SearchEngineError, badRequest, parsingError } from '../errors';
import { KeywordColumn, NumericColumn, TextColumn } from '../index/columns';
import type { DocSpace } from '../index/doc-space';
import type { Shard } from '../index/shard';
import { show } from '../util/show';
import { type KeyEncoder, keywordEncoder, numberEncoder } from './key-encoders';

/** One resolved sort clause. */
export interface SortClause {
  readonly field: string;
  readonly order: 'asc' | 'desc';
  /** `_last`, `_first`, or a value that stands in for missing ones. */
  readonly missing: number | string;
  readonly mode?: 'min' | 'max' | 'sum' | 'avg' | 'median';
  readonly unmappedType?: string;
}

const SORT_OPTIONS = ['order', 'missing', 'mode', 'unmapped_type', 'format', 'numeric_type'];

/** Normalizes every form of `sort` (string, object, array, `field:order` param) into clauses. */
export function parseSort(raw: unknown): SortClause[] {
  if (raw === undefined) return [];
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
  return items.map((item): SortClause => {
    if (typeof item === 'string') {
      const [field, order] = item.includes(':') ? item.split(':') : [item, undefined];
      if (order !== undefined && order !== 'asc' && order !== 'desc') {
        throw badRequest(`unsupported sort order [${order}]`);
      }
      return {
        field: field,
        order: order ?? (field === '_score' ? 'desc' : 'asc'),
        missing: '_last',
      };
    }
    if (item === null || typeof item !== 'object') throw parsingError('malformed sort format');
    const entries = Object.entries(item as Record<string, unknown>);
    if (entries.length !== 1)
      throw parsingError('malformed sort format, a sort object takes one field');
    const [field, spec] = entries[0]!;
    if (field === '_geo_distance' || field === '_script') {
      throw parsingError(`sort type [${field}] is not supported by this engine`);
    }
    const defaultOrder = field === '_score' ? 'desc' : 'asc';
    if (typeof spec === 'string') {
      if (spec !== 'asc' && spec !== 'desc') throw badRequest(`unsupported sort order [${spec}]`);
      return { field, order: spec, missing: '_last' };
    }
    const o = (spec ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (!SORT_OPTIONS.includes(key)) {
        throw parsingError(`[field_sort] unknown field [${key}]`);
      }
    }
    const order = o.order ?? defaultOrder;
    if (order !== 'asc' && order !== 'desc')
      throw badRequest(`unsupported sort order [${show(order)}]`);
    const mode = o.mode as SortClause['mode'];
    if (mode !== undefined && !['min', 'max', 'sum', 'avg', 'median'].includes(mode)) {
      throw badRequest(`Unknown SortMode [${String(mode)}]`);
    }
    return {
      field,
      order,
      missing: (o.missing as SortClause['missing']) ?? '_last',
      mode,
      unmappedType: o.unmapped_type as string | undefined,
    };
  });
}

/** A sort key per document: numbers or strings; null = missing. */
export type SortValue = number | string | null;

export interface SortKeys {
  readonly clauses: readonly SortClause[];
  /** Per clause, the key of a document ordinal. */
  readonly keyOf: ((ord: number) => SortValue)[];
  /** Values as OpenSearch prints them in `hit.sort`. */
  readonly render: ((key: SortValue) => unknown)[];
  /** Per clause, the same order on numbers when the clause allows it (see KeyEncoder). */
  readonly encoders: (KeyEncoder | undefined)[];
}

const NO_KEYS = numberEncoder(() => NaN);

function reduce(
  values: readonly number[],
  mode: SortClause['mode'],
  order: 'asc' | 'desc',
): number {
  switch (mode ?? (order === 'asc' ? 'min' : 'max')) {
    case 'min':
      return values[0]!;
    case 'max':
      return values[values.length - 1]!;
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    default: {
      const mid = values.length >> 1;
      return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
    }
  }
}

export function resolveSortKeys(
  clauses: readonly SortClause[],
  shard: Shard,
  space: DocSpace,
  score: (ord: number) => number,
): SortKeys {
  const keyOf: SortKeys['keyOf'] = [];
  const render: SortKeys['render'] = [];
  const encoders: SortKeys['encoders'] = [];
  for (const clause of clauses) {
    const { field } = clause;
    // Every branch pushes one encoder (or undefined) before its keyOf.
    if (field === '_score') {
      encoders.push(numberEncoder(score));
      keyOf.push(score);
      render.push((k) => k);
      continue;
    }
    if (field === '_doc') {
      encoders.push(numberEncoder((ord) => ord));
      keyOf.push((ord) => ord);
      render.push((k) => k);
      continue;
    }
    if (field === '_id') {
      encoders.push(undefined);
      keyOf.push((ord) => (space.path === '' ? (shard.byOrdinal[ord]?.id ?? null) : null));
      render.push((k) => k);
      continue;
    }
    const mapping = shard.mapping.field(field);
    if (!mapping) {
      if (!clause.unmappedType) {
        throw new SearchEngineError(
          400,
          'query_shard_exception',
          `No mapping found for [${field}] in order to sort on`,
        );
      }
      encoders.push(NO_KEYS);
      keyOf.push(() => null);
      render.push((k) => k);
      continue;
    }
    if (mapping.type === 'text') {
      throw badRequest(
        `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`,
      );
    }
    if (mapping.properties || mapping.type === 'geo_point') {
      throw badRequest(`can't sort on field [${field}] of type [${mapping.type}]`);
    }
    const column =
      shard.mapping.nestedScopeOf(field) === space.path ? space.column(field) : undefined;
    if (column instanceof KeywordColumn) {
      const pickLast = (clause.mode ?? (clause.order === 'asc' ? 'min' : 'max')) === 'max';
      encoders.push(keywordEncoder(column, pickLast));
      keyOf.push((ord) => {
        const ids = column.valuesOf(ord);
        if (ids.length === 0) return null;
        return column.terms[pickLast ? ids[ids.length - 1]! : ids[0]!]!;
      });
      render.push((k) => k);
    } else if (column instanceof NumericColumn) {
      const data = column.single.data;
      encoders.push(numericEncoder(column, clause));
      keyOf.push(
        column.hasMultiValues
          ? (ord) => {
              const values = column.valuesOf(ord);
              return values.length === 0 ? null : reduce(values, clause.mode, clause.order);
            }
          : (ord) => {
              const v = ord < data.length ? data[ord]! : NaN;
              return v === v ? v : null;
            },
      );
      render.push((k) => k);
    } else if (column instanceof TextColumn) {
      throw badRequest(`can't sort on text field [${field}]`);
    } else {
      encoders.push(NO_KEYS);
      keyOf.push(() => null);
      render.push((k) => k);
    }
  }
  return { clauses, keyOf, render, encoders };
}

/** Numeric doc values, reduced per the clause's mode when a document has several. */
function numericEncoder(column: NumericColumn, clause: SortClause): KeyEncoder {
  const data = column.single.data;
  return numberEncoder(
    column.hasMultiValues
      ? (ord) => {
          const values = column.valuesOf(ord);
          return values.length === 0 ? NaN : reduce(values, clause.mode, clause.order);
        }
      : (ord) => (ord < data.length ? data[ord]! : NaN),
  );
}

function compareValues(a: SortValue, b: SortValue, clause: SortClause): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    // Missing values go last (or first) whatever the order.
    const missingFirst = clause.missing === '_first';
    if (a === null) return missingFirst ? -1 : 1;
    return missingFirst ? 1 : -1;
  }
  const c = a < b ? -1 : a > b ? 1 : 0;
  return clause.order === 'asc' ? c : -c;
}

/** Substitutes a custom `missing` value, which then sorts like a real value. */
export function withMissing(key: SortValue, clause: SortClause): SortValue {
  if (key !== null || clause.missing === '_last' || clause.missing === '_first') return key;
  return clause.missing;
}

export function compareKeys(
  a: readonly SortValue[],
  b: readonly SortValue[],
  clauses: readonly SortClause[],
): number {
  for (let i = 0; i < clauses.length; i++) {
    const c = compareValues(a[i] ?? null, b[i] ?? null, clauses[i]!);
    if (c !== 0) return c;
  }
  return 0;
}
