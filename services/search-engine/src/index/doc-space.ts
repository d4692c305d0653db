import { BitSet } from '../util/bitset';
import { Int32Column } from '../util/growable';
import {
  type Column,
  KeywordColumn,
  NumericColumn,
  GeoColumn,
  TextColumn,
  createColumn,
} from './columns';
import type { ParsedDocument } from './document-parser';
import { type ColumnKind } from './mapping';

/**
 * A numbered set of documents with their field columns: the root documents of an index, or
 * the nested objects at one nested path (each pointing at its parent ordinal), like Lucene's
 * hidden nested documents.
 */
export class DocSpace {
  /** Ordinals handed out so far. */
  size = 0;
  /** Ordinals below this are searchable (set at refresh). */
  visibleSize = 0;
  /** Which visible ordinals are live; rebuilt at refresh. */
  live = new BitSet(0);
  readonly columns = new Map<string, Column>();
  readonly children = new Map<string, DocSpace>();
  readonly parentOrd = new Int32Column(-1);
  /** For each child path: the first child ordinal and the child count of each of my ordinals. */
  readonly childStart = new Map<string, Int32Column>();
  readonly childCount = new Map<string, Int32Column>();

  constructor(
    readonly path: string,
    public parent?: DocSpace,
  ) {}

  column(path: string): Column | undefined {
    return this.columns.get(path);
  }

  child(path: string): DocSpace {
    let space = this.children.get(path);
    if (!space) {
      space = new DocSpace(path, this);
      this.children.set(path, space);
      this.childStart.set(path, new Int32Column(0));
      this.childCount.set(path, new Int32Column(0));
    }
    return space;
  }

  /** Appends a parsed document (and its nested children); returns its ordinal. */
  add(
    doc: ParsedDocument,
    kindOf: (path: string) => ColumnKind | undefined,
    parentOrd = -1,
  ): number {
    const ord = this.size++;
    if (parentOrd >= 0) this.parentOrd.set(ord, parentOrd);
    for (const [path, values] of doc.values) {
      let column = this.columns.get(path);
      if (!column) {
        const kind = kindOf(path);
        if (!kind) continue;
        column = createColumn(kind);
        this.columns.set(path, column);
      }
      (column.add as (ord: number, values: unknown[]) => void)(ord, values);
    }
    for (const [path, children] of doc.nested) {
      const space = this.child(path);
      this.childStart.get(path)!.set(ord, space.size);
      this.childCount.get(path)!.set(ord, children.length);
      for (const child of children) space.add(child, kindOf, ord);
    }
    return ord;
  }

  /** Makes every ordinal visible; `rootLive` decides liveness of root ordinals. */
  refresh(rootLive?: BitSet): void {
    if (rootLive) {
      this.live = rootLive;
    } else {
      const parentLive = this.parent!.live;
      const live = new BitSet(this.size);
      const parents = this.parentOrd.data;
      for (let ord = 0; ord < this.size; ord++) if (parentLive.has(parents[ord]!)) live.add(ord);
      this.live = live;
    }
    this.visibleSize = this.size;
    for (const child of this.children.values()) child.refresh();
  }

  /** Ordinals of the live children (at `path`) of the given parent ordinals. */
  childrenOf(path: string, parents: ArrayLike<number>): Int32Array {
    const space = this.children.get(path);
    if (!space) return new Int32Array(0);
    // The columns' arrays directly (past their end, a parent has no children).
    const start = this.childStart.get(path)!.data;
    const count = this.childCount.get(path)!.data;
    const known = Math.min(start.length, count.length);
    const visible = space.visibleSize;
    let total = 0;
    for (let i = 0; i < parents.length; i++) {
      const p = parents[i]!;
      if (p < known) total += count[p]!;
    }
    const out = new Int32Array(total);
    let n = 0;
    for (let i = 0; i < parents.length; i++) {
      const p = parents[i]!;
      if (p >= known) continue;
      const first = start[p]!;
      const last = first + count[p]!;
      for (let c = first; c < last; c++) if (c < visible) out[n++] = c;
    }
    return n === total ? out : out.subarray(0, n);
  }

  /**
   * Rebuilds this space keeping only live ordinals, in order; returns old→new ordinal map.
   * Order is preserved, so every posting list stays sorted.
   */
  compact(keep: BitSet, parentRemap?: Int32Array): { space: DocSpace; remap: Int32Array } {
    const remap = new Int32Array(this.size).fill(-1);
    let next = 0;
    for (let ord = 0; ord < this.size; ord++) if (keep.has(ord)) remap[ord] = next++;
    const space = new DocSpace(this.path, this.parent);
    space.size = next;
    for (const [path, column] of this.columns)
      space.columns.set(path, remapColumn(column, remap, this.size));
    if (parentRemap) {
      for (let ord = 0; ord < this.size; ord++) {
        const to = remap[ord]!;
        if (to >= 0) space.parentOrd.set(to, parentRemap[this.parentOrd.get(ord)]!);
      }
    }
    for (const [path, child] of this.children) {
      const compacted = child.compact(child.live, remap);
      compacted.space.parent = space;
      space.children.set(path, compacted.space);
      const start = new Int32Column(0);
      const count = new Int32Column(0);
      const oldStart = this.childStart.get(path)!;
      const oldCount = this.childCount.get(path)!;
      for (let ord = 0; ord < this.size; ord++) {
        const to = remap[ord]!;
        if (to < 0) continue;
        const n = oldCount.get(ord);
        if (n > 0) start.set(to, compacted.remap[oldStart.get(ord)]!);
        count.set(to, n);
      }
      space.childStart.set(path, start);
      space.childCount.set(path, count);
    }
    return { space, remap };
  }
}

function remapColumn(column: Column, remap: Int32Array, size: number): Column {
  if (column instanceof KeywordColumn) {
    const out = new KeywordColumn();
    for (let ord = 0; ord < size; ord++) {
      const to = remap[ord]!;
      if (to >= 0)
        out.add(
          to,
          column.valuesOf(ord).map((id) => column.terms[id]!),
        );
    }
    out.order.inherit(column.order, out.termIds);
    return out;
  }
  if (column instanceof NumericColumn) {
    const out = new NumericColumn(column.kind);
    for (let ord = 0; ord < size; ord++) {
      const to = remap[ord]!;
      if (to >= 0) out.add(to, column.valuesOf(ord));
    }
    return out;
  }
  if (column instanceof GeoColumn) {
    const out = new GeoColumn();
    for (let ord = 0; ord < size; ord++) {
      const to = remap[ord]!;
      if (to >= 0) out.add(to, column.valuesOf(ord));
    }
    return out;
  }
  const out = new TextColumn();
  const tokens = new Map<number, string[]>();
  column.terms.forEach((term, id) => {
    const list = column.postings[id]!;
    for (let i = 0; i < list.length; i++) {
      const to = remap[list.data[i]!]!;
      if (to < 0) continue;
      const arr = tokens.get(to) ?? [];
      arr.push(term);
      tokens.set(to, arr);
    }
  });
  for (let i = 0; i < column.present.length; i++) {
    const to = remap[column.present.data[i]!]!;
    if (to >= 0) out.add(to, tokens.get(to) ?? []);
  }
  return out;
}
