/** A fixed-size set of document ordinals, 32 per word, for fast boolean query algebra. */
export class BitSet {
  readonly words: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  static full(size: number): BitSet {
    const bits = new BitSet(size);
    bits.words.fill(0xffffffff);
    bits.clearTail();
    return bits;
  }

  static fromOrdinals(size: number, ordinals: ArrayLike<number>, count = ordinals.length): BitSet {
    const bits = new BitSet(size);
    for (let i = 0; i < count; i++) {
      const ord = ordinals[i]!;
      if (ord < size) bits.words[ord >>> 5]! |= 1 << (ord & 31);
    }
    return bits;
  }

  private clearTail(): void {
    const rest = this.size & 31;
    if (rest !== 0) this.words[this.words.length - 1] = (1 << rest) - 1;
  }

  has(ord: number): boolean {
    return ord < this.size && (this.words[ord >>> 5]! & (1 << (ord & 31))) !== 0;
  }

  add(ord: number): void {
    this.words[ord >>> 5]! |= 1 << (ord & 31);
  }

  remove(ord: number): void {
    this.words[ord >>> 5]! &= ~(1 << (ord & 31));
  }

  and(other: BitSet): this {
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i]! &= o[i] ?? 0;
    return this;
  }

  or(other: BitSet): this {
    const w = this.words;
    const o = other.words;
    const n = Math.min(w.length, o.length);
    for (let i = 0; i < n; i++) w[i]! |= o[i]!;
    return this;
  }

  andNot(other: BitSet): this {
    const w = this.words;
    const o = other.words;
    const n = Math.min(w.length, o.length);
    for (let i = 0; i < n; i++) w[i]! &= ~o[i]!;
    return this;
  }

  not(): this {
    const w = this.words;
    for (let i = 0; i < w.length; i++) w[i] = ~w[i]!;
    this.clearTail();
    return this;
  }

  clone(): BitSet {
    const copy = new BitSet(this.size);
    copy.words.set(this.words);
    return copy;
  }

  count(): number {
    let total = 0;
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let v = w[i]!;
      v = v - ((v >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      total += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return total;
  }

  /** The given (ascending) ordinals that are members; `ordinals` itself when all are. */
  keep(ordinals: Int32Array): Int32Array {
    const w = this.words;
    const size = this.size;
    // A filter matching everything (match_all facets) keeps all without a copy.
    if (ordinals.length === 0 || (ordinals[ordinals.length - 1]! < size && this.isFull()))
      return ordinals;
    const out = new Int32Array(ordinals.length);
    let n = 0;
    for (let i = 0; i < ordinals.length; i++) {
      const ord = ordinals[i]!;
      if (ord < size && (w[ord >>> 5]! & (1 << (ord & 31))) !== 0) out[n++] = ord;
    }
    return n === ordinals.length ? ordinals : out.subarray(0, n);
  }

  /** Whether every ordinal below `size` is a member. */
  isFull(): boolean {
    const w = this.words;
    const whole = this.size >>> 5;
    for (let i = 0; i < whole; i++) if (w[i] !== 0xffffffff) return false;
    const rest = this.size & 31;
    return rest === 0 || w[whole] === ((1 << rest) - 1) >>> 0;
  }

  /** The members in ascending order. */
  toOrdinals(): Int32Array {
    const out = new Int32Array(this.count());
    let n = 0;
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let v = w[i]!;
      while (v !== 0) {
        const t = v & -v;
        out[n++] = (i << 5) + (31 - Math.clz32(t));
        v ^= t;
      }
    }
    return out;
  }
}
