/**
 * The first `k` of `count` candidates (0..count-1) under `compare`, in order. A bounded heap
 * keeps it O(n log k): a terms aggregation over 100,000 distinct values needs only its top 10.
 */
export function topK(
  count: number,
  k: number,
  compare: (a: number, b: number) => number,
): Int32Array {
  if (k <= 0 || count === 0) return new Int32Array(0);
  if (count <= k * 4) {
    const all = Array.from({ length: count }, (_, i) => i).sort(compare);
    return Int32Array.from(all.slice(0, k));
  }
  // Max-heap on `compare`: the root is the worst candidate kept so far.
  const heap = new Int32Array(k);
  let size = 0;
  const siftUp = (at: number) => {
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i]!, heap[parent]!) <= 0) break;
      const t = heap[i]!;
      heap[i] = heap[parent]!;
      heap[parent] = t;
      i = parent;
    }
  };
  const siftDown = () => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < size && compare(heap[l]!, heap[worst]!) > 0) worst = l;
      if (r < size && compare(heap[r]!, heap[worst]!) > 0) worst = r;
      if (worst === i) return;
      const t = heap[i]!;
      heap[i] = heap[worst]!;
      heap[worst] = t;
      i = worst;
    }
  };
  for (let c = 0; c < count; c++) {
    if (size < k) {
      heap[size++] = c;
      siftUp(size - 1);
    } else if (compare(c, heap[0]!) < 0) {
      heap[0] = c;
      siftDown();
    }
  }
  return Int32Array.from(Array.from(heap.subarray(0, size)).sort(compare));
}

/** Compares strings as OpenSearch compares terms: by UTF-8 bytes, i.e. by code point. */
export function compareTerms(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (code points above U+FFFF) sort after every other UTF-16 unit in UTF-8 order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
