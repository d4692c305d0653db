import type { KeyEncoder } from './key-encoders';
import { type SortClause, type SortKeys, type SortValue, withMissing } from './sort';

/** One clause on numbers: its keys are read into a Float64Array per ranking. */
interface EncodedClause {
  readonly encoder: KeyEncoder;
  /** -1 for `desc`: keys are negated so that smaller always sorts first. */
  readonly sign: number;
  /** The `missing` substitute; null keeps missing keys missing. */
  readonly missing: SortValue;
  readonly missingFirst: boolean;
}

/** A sort whose every key (and search_after value) can be compared as a number. */
export interface EncodedSort {
  readonly clauses: readonly EncodedClause[];
  readonly after: readonly SortValue[] | undefined;
}

const isCustomMissing = (clause: SortClause) =>
  clause.missing !== '_last' && clause.missing !== '_first';

/**
 * The sort on numbers, or undefined when some clause (`_id`) or value (a `missing` or
 * search_after value of another type than the field's) only compares as the values themselves:
 * mixed types compare inconsistently, so those requests keep the reference algorithm.
 */
export function encodeSort(
  keys: SortKeys,
  searchAfter?: readonly SortValue[],
): EncodedSort | undefined {
  const clauses: EncodedClause[] = [];
  for (let c = 0; c < keys.clauses.length; c++) {
    const clause = keys.clauses[c]!;
    const encoder = keys.encoders[c];
    const missing = isCustomMissing(clause) ? clause.missing : null;
    if (!encoder?.accepts(missing) || !encoder.accepts(searchAfter?.[c] ?? null)) return undefined;
    clauses.push({
      encoder,
      sign: clause.order === 'asc' ? 1 : -1,
      missing,
      missingFirst: clause.missing === '_first',
    });
  }
  return { clauses, after: searchAfter };
}

/** Like compareValues on the keys these encode: missing (NaN) last, or first, whatever the order. */
function compareEncoded(x: number, y: number, missingFirst: boolean): number {
  if (x !== x || y !== y) {
    if (x !== x && y !== y) return 0;
    if (x !== x) return missingFirst ? -1 : 1;
    return missingFirst ? 1 : -1;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A clause's signed keys (missing ones substituted) and its signed search_after value. */
function readKeys(
  clause: EncodedClause,
  ordinals: Int32Array,
  after: SortValue | undefined,
): { keys: Float64Array; after: number } {
  const { keys, values } = clause.encoder.read(ordinals, [clause.missing, after ?? null]);
  const sign = clause.sign;
  const substitute = values[0]!;
  for (let i = 0; i < keys.length; i++) {
    const v = keys[i]!;
    keys[i] = (v === v ? v : substitute) * sign;
  }
  return { keys, after: values[1]! * sign };
}

/** Compares candidates i and j by their keys; 0 when every key is equal. */
function keyComparator(
  sort: EncodedSort,
  columns: readonly Float64Array[],
): (i: number, j: number) => number {
  if (columns.length === 1) {
    const keys = columns[0]!;
    const missingFirst = sort.clauses[0]!.missingFirst;
    return (i, j) => {
      const x = keys[i]!;
      const y = keys[j]!;
      if (x < y) return -1;
      if (x > y) return 1;
      return x === y ? 0 : compareEncoded(x, y, missingFirst);
    };
  }
  return (i, j) => {
    for (let c = 0; c < columns.length; c++) {
      const keys = columns[c]!;
      const cmp = compareEncoded(keys[i]!, keys[j]!, sort.clauses[c]!.missingFirst);
      if (cmp !== 0) return cmp;
    }
    return 0;
  };
}

function isAscending(ordinals: Int32Array): boolean {
  for (let i = 1; i < ordinals.length; i++) if (ordinals[i - 1]! >= ordinals[i]!) return false;
  return true;
}

/**
 * The best `k` of `ordinals` (one doc space) under the sort, ties by ordinal, only those after
 * search_after if it has one: keys are read once per candidate into typed arrays and the winners
 * kept in a bounded heap, so a page of 50 of 100,000 vehicles allocates almost nothing.
 */
export function rankOrdinals(sort: EncodedSort, ordinals: Int32Array, k: number): Int32Array {
  if (k <= 0 || ordinals.length === 0) return new Int32Array(0);
  // No keys (top_hits without a sort): the lowest ordinals, already first in a bucket.
  if (sort.clauses.length === 0 && !sort.after && isAscending(ordinals))
    return ordinals.slice(0, k);
  const read = sort.clauses.map((clause, c) => readKeys(clause, ordinals, sort.after?.[c]));
  const columns = read.map((r) => r.keys);
  let candidates: Int32Array | null = null;
  if (sort.after) {
    const after = read.map((r) => r.after);
    const kept = new Int32Array(ordinals.length);
    let n = 0;
    for (let i = 0; i < ordinals.length; i++) {
      for (let c = 0; c < columns.length; c++) {
        const cmp = compareEncoded(columns[c]![i]!, after[c]!, sort.clauses[c]!.missingFirst);
        if (cmp === 0) continue;
        if (cmp > 0) kept[n++] = i;
        break;
      }
    }
    candidates = kept.subarray(0, n);
  }
  const byKeys = keyComparator(sort, columns);
  const compare = (i: number, j: number) => byKeys(i, j) || ordinals[i]! - ordinals[j]!;
  const chosen = selectBest(candidates, ordinals.length, k, compare);
  return Int32Array.from(chosen, (i) => ordinals[i]!);
}

/** The first `k` of the candidate indices (all of 0..n-1 when `candidates` is null), in order. */
function selectBest(
  candidates: Int32Array | null,
  n: number,
  k: number,
  compare: (i: number, j: number) => number,
): Int32Array {
  const count = candidates ? candidates.length : n;
  const at = (p: number) => (candidates ? candidates[p]! : p);
  if (k >= count) {
    const all = new Int32Array(count);
    for (let p = 0; p < count; p++) all[p] = at(p);
    return all.sort(compare);
  }
  // Max-heap of the best k so far: the root is the worst kept.
  const heap = new Int32Array(k);
  let size = 0;
  for (let p = 0; p < count; p++) {
    const item = at(p);
    if (size < k) {
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (compare(item, heap[parent]!) <= 0) break;
        heap[i] = heap[parent]!;
        i = parent;
      }
      heap[i] = item;
    } else if (compare(item, heap[0]!) < 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= k) break;
        const r = l + 1;
        const worst = r < k && compare(heap[r]!, heap[l]!) > 0 ? r : l;
        if (compare(heap[worst]!, item) <= 0) break;
        heap[i] = heap[worst]!;
        i = worst;
      }
      heap[i] = item;
    }
  }
  return heap.subarray(0, size).sort(compare);
}

/** The keys of one ordinal as `hit.sort` shows them (with `missing` substituted). */
export function sortValuesOf(keys: SortKeys, ord: number): SortValue[] {
  return keys.keyOf.map((k, c) => withMissing(k(ord), keys.clauses[c]!));
}
