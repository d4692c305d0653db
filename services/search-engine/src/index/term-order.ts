const WIDE = /[\ud800-\uffff]/;

/**
 * A keyword column's terms in sort order (JavaScript string order, as sorting compares keys), so
 * sorting compares integer ranks instead of strings. Terms are only ever appended, so the order
 * is extended by merging in the new terms rather than re-sorting them all.
 */
export class TermOrder {
  /** Term ids in ascending term order. */
  private sortedIds: Int32Array = new Int32Array(0);
  /** The position of each term id in `sortedIds`. */
  private rankOf: Int32Array = new Int32Array(0);
  /** Whether a term has a UTF-16 unit at or above U+D800, where UTF-16 and code point order part. */
  private wide = false;

  constructor(private readonly terms: readonly string[]) {}

  /** Whether the order covers every term (no merge pending): using it costs nothing. */
  isCurrent(): boolean {
    return this.sortedIds.length === this.terms.length;
  }

  /** Rank of every term id (ties impossible: terms are distinct). */
  ranks(): Int32Array {
    this.update();
    return this.rankOf;
  }

  /**
   * Whether ranks also follow code point (UTF-8 byte) order, as terms aggregations order keys:
   * true unless a term has a surrogate or a character above them.
   */
  matchesCodePointOrder(): boolean {
    this.update();
    return !this.wide;
  }

  /** Term ids in ascending order. */
  sorted(): Int32Array {
    this.update();
    return this.sortedIds;
  }

  /** The number of terms ordered before `term` (its rank when present). */
  lowerBound(term: string): number {
    const sorted = this.sorted();
    const terms = this.terms;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (terms[sorted[mid]!]! < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adopts the order of `previous` (the column this one was rebuilt from) for the shared terms. */
  inherit(previous: TermOrder, termIds: ReadonlyMap<string, number>): void {
    if (previous.sortedIds.length === 0 || this.sortedIds.length > 0) return;
    const oldTerms = previous.terms;
    const sorted = new Int32Array(this.terms.length);
    let n = 0;
    for (const oldId of previous.sortedIds) {
      const id = termIds.get(oldTerms[oldId]!);
      if (id !== undefined) sorted[n++] = id;
    }
    // Only a complete order is adopted; terms the old one lacked would need a merge anyway.
    if (n !== this.terms.length) return;
    this.wide = previous.wide; // a subset of its terms: at worst a needless `true`
    this.install(sorted);
  }

  private update(): void {
    const terms = this.terms;
    const known = this.sortedIds.length;
    if (known === terms.length) return;
    const added = Array.from({ length: terms.length - known }, (_, i) => known + i);
    if (!this.wide) this.wide = added.some((id) => WIDE.test(terms[id]!));
    added.sort((a, b) => (terms[a]! < terms[b]! ? -1 : 1));
    const merged = new Int32Array(terms.length);
    const old = this.sortedIds;
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < old.length && j < added.length) {
      merged[n++] = terms[old[i]!]! < terms[added[j]!]! ? old[i++]! : added[j++]!;
    }
    while (i < old.length) merged[n++] = old[i++]!;
    while (j < added.length) merged[n++] = added[j++]!;
    this.install(merged);
  }

  private install(sorted: Int32Array): void {
    const rankOf = new Int32Array(sorted.length);
    for (let r = 0; r < sorted.length; r++) rankOf[sorted[r]!] = r;
    this.sortedIds = sorted;
    this.rankOf = rankOf;
  }
}
