import type { KeywordColumn } from '../index/columns';
import type { SortValue } from './sort';

/** Keys of a list of ordinals and some request values, on one numeric scale. */
export interface EncodedKeys {
  /** Per ordinal; NaN when it has no key. */
  readonly keys: Float64Array;
  /** Per request value; NaN for null. */
  readonly values: number[];
}

/**
 * A sort clause's keys as numbers that order exactly as `compareValues` orders the keys
 * themselves (keyword terms by rank), so ranking compares doubles instead of strings.
 */
export interface KeyEncoder {
  /**
   * Whether a request value (a `missing` substitute, a search_after value) goes on the keys'
   * scale: null or of the keys' type. Mixed types only compare as the values themselves.
   */
  readonly accepts: (value: SortValue) => boolean;
  /** The keys of `ordinals` and the (accepted) request values. */
  readonly read: (ordinals: Int32Array, values: readonly SortValue[]) => EncodedKeys;
}

const numberOrNull = (value: SortValue) => value === null || typeof value === 'number';
const stringOrNull = (value: SortValue) => value === null || typeof value === 'string';

/** Keys that are numbers already (numeric fields, scores, `_doc`). */
export function numberEncoder(key: (ord: number) => number): KeyEncoder {
  return {
    accepts: numberOrNull,
    read(ordinals, values) {
      const keys = new Float64Array(ordinals.length);
      for (let i = 0; i < ordinals.length; i++) keys[i] = key(ordinals[i]!);
      return { keys, values: values.map((v) => (v === null ? NaN : (v as number))) };
    },
  };
}

/** Below this share of the dictionary, candidates rank their own terms rather than all terms. */
const GLOBAL_SHARE = 8;

/**
 * Terms by rank: in the whole dictionary when its order is at hand or the candidates are a good
 * share of it (`vin` over a fleet), else among the candidates' own terms (`messageid` for one
 * trip, where ordering a million growing terms would cost far more than the page).
 */
export function keywordEncoder(column: KeywordColumn, pickLast: boolean): KeyEncoder {
  return {
    accepts: stringOrNull,
    read(ordinals, values) {
      const single = column.single.data;
      const ids = new Int32Array(ordinals.length);
      for (let i = 0; i < ordinals.length; i++) {
        const ord = ordinals[i]!;
        let id = ord < single.length ? single[ord]! : -1;
        if (id === -2) {
          const all = column.valuesOf(ord);
          id = all.length === 0 ? -1 : all[pickLast ? all.length - 1 : 0]!;
        }
        ids[i] = id;
      }
      const terms = column.terms;
      const keys = new Float64Array(ordinals.length);
      if (column.order.isCurrent() || ordinals.length * GLOBAL_SHARE >= terms.length) {
        const ranks = column.order.ranks();
        const sorted = column.order.sorted();
        for (let i = 0; i < ids.length; i++) keys[i] = ids[i]! < 0 ? NaN : ranks[ids[i]!]!;
        return { keys, values: placeAmong(values, sorted.length, (r) => terms[sorted[r]!]!) };
      }
      const distinct = [...new Set(ids)].filter((id) => id >= 0);
      distinct.sort((a, b) => (terms[a]! < terms[b]! ? -1 : 1));
      const rankOf = new Map<number, number>();
      distinct.forEach((id, rank) => rankOf.set(id, rank));
      for (let i = 0; i < ids.length; i++) keys[i] = ids[i]! < 0 ? NaN : rankOf.get(ids[i]!)!;
      return { keys, values: placeAmong(values, distinct.length, (r) => terms[distinct[r]!]!) };
    },
  };
}

/**
 * Request strings on the scale of `count` ascending distinct terms: a term's rank, or a point
 * strictly between the ranks of its neighbours (several in one gap in their own order).
 */
function placeAmong(
  values: readonly SortValue[],
  count: number,
  termAt: (rank: number) => string,
): number[] {
  const lowerBound = (value: string) => {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (termAt(mid) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const gaps = new Map<number, string[]>();
  const at = values.map((value) => {
    if (typeof value !== 'string') return -1;
    const rank = lowerBound(value);
    if (rank < count && termAt(rank) === value) return rank;
    const between = gaps.get(rank) ?? [];
    if (!between.includes(value)) between.push(value);
    gaps.set(rank, between);
    return rank;
  });
  for (const between of gaps.values()) between.sort((a, b) => (a < b ? -1 : 1));
  return values.map((value, i) => {
    if (typeof value !== 'string') return NaN;
    const rank = at[i]!;
    const between = gaps.get(rank);
    const j = between ? between.indexOf(value) : -1;
    return j < 0 ? rank : rank - 1 + (j + 1) / (between!.length + 1);
  });
}
