import type { KeywordColumn } from '../../src/index/columns';
import { IndexMapping } from '../../src/index/mapping';
import { Shard } from '../../src/index/shard';
import { encodeSort, rankOrdinals, sortValuesOf } from '../../src/search/rank-ordinals';
import {
  type SortClause,
  type SortValue,
  compareKeys,
  parseSort,
  resolveSortKeys,
} from '../../src/search/sort';

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAPPING = {
  properties: {
    vin: { type: 'keyword' },
    make: { type: 'keyword' },
    tags: { type: 'keyword' },
    year: { type: 'integer' },
    speed: { type: 'float' },
  },
};
const MAKES = ['Ford', 'Volvo', 'volvo', 'Äpfel', '10', '9', ''];
const TAGS = ['a', 'b', 'Z', 'é', 'a b'];
/** Terms and strings that are no term, several in one gap between terms. */
const BETWEEN = [...MAKES, 'Ford~', 'G', 'Ford~~', 'F', 'a~'];

describe('ranking ordinals on encoded sort keys', () => {
  const random = mulberry32(3);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const docs = Array.from({ length: 400 }, (_, n) => {
    const doc: Record<string, unknown> = { vin: `V${(n * 7919) % 1000}` };
    if (random() < 0.8) doc.make = pick(MAKES);
    if (random() < 0.6) doc.tags = random() < 0.5 ? pick(TAGS) : [pick(TAGS), pick(TAGS)];
    if (random() < 0.8) doc.year = 2010 + Math.floor(random() * 8);
    if (random() < 0.7)
      doc.speed = random() < 0.7 ? Math.round(random() * 500) / 10 : [1, Math.round(random() * 9)];
    return JSON.stringify(doc);
  });
  const load = () => {
    const shard = new Shard(
      'ranked',
      IndexMapping.parse(MAPPING),
      { numberOfShards: 1, numberOfReplicas: 0, refreshIntervalMs: 1000, raw: {} },
      0,
    );
    docs.forEach((doc, n) => shard.applyIndex(`d${n}`, doc, 1));
    shard.refresh();
    return shard;
  };
  // Ranking all 400 orders whole dictionaries; `few` only ever ranks a handful of documents,
  // so its `vin` keys are ranked among those documents' own terms.
  const shard = load();
  const few = load();
  const all = shard.root.live.toOrdinals();

  /** The reference: every key materialized, all candidates sorted. */
  function reference(
    on: Shard,
    ordinals: Int32Array,
    clauses: SortClause[],
    after: SortValue[] | undefined,
    k: number,
  ) {
    const keys = resolveSortKeys(clauses, on, on.root, () => 1);
    return Array.from(ordinals, (ord) => ({ ord, keys: sortValuesOf(keys, ord) }))
      .filter((row) => !after || compareKeys(row.keys, after, clauses) > 0)
      .sort((a, b) => compareKeys(a.keys, b.keys, clauses) || a.ord - b.ord)
      .slice(0, k)
      .map((row) => row.ord);
  }

  it('selects what sorting every materialized key selects', () => {
    let encoded = 0;
    for (let i = 0; i < 600; i++) {
      const clauses = parseSort(
        Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          const field = pick(['vin', 'make', 'tags', 'year', 'speed', '_doc']);
          const keyword = ['vin', 'make', 'tags'].includes(field);
          const spec: Record<string, unknown> = { order: pick(['asc', 'desc']) };
          if (random() < 0.5)
            spec.missing = pick(['_first', '_last', keyword ? pick(BETWEEN) : pick([0, 2013, -1])]);
          if (random() < 0.3) spec.mode = pick(['min', 'max', 'avg', 'sum', 'median']);
          return { [field]: spec };
        }),
      );
      const small = random() < 0.5;
      const on = small ? few : shard;
      const ordinals = small ? all.filter(() => random() < 0.05).slice(0, 40) : all;
      const keys = resolveSortKeys(clauses, on, on.root, () => 1);
      let after: SortValue[] | undefined;
      if (random() < 0.5) {
        // A hit's keys (as a next page asks), sometimes nudged to a value that is no key.
        const values = sortValuesOf(keys, pick(Array.from(all)));
        after = values.map((v, c) => {
          if (random() < 0.6) return v;
          return ['vin', 'make', 'tags'].includes(clauses[c]!.field) ? pick(BETWEEN) : null;
        });
      }
      const k = pick([0, 1, 5, 50, 99, 1000]);
      const sort = encodeSort(keys, after);
      if (!sort) continue;
      encoded++;
      expect(Array.from(rankOrdinals(sort, ordinals, k))).toEqual(
        reference(on, ordinals, clauses, after, k),
      );
    }
    // `few` never needed its whole `vin` dictionary in order.
    expect((few.root.column('vin') as KeywordColumn).order.isCurrent()).toBe(false);
    expect(encoded).toBeGreaterThan(400);
  });

  it('orders request strings that fall between the same two terms', () => {
    // 'Ford~' and 'G' both sit between the terms 'Ford' and 'Volvo'.
    for (const [missing, after] of [
      ['G', 'Ford~'],
      ['Ford~', 'G'],
      ['G', 'G'],
    ]) {
      for (const order of ['asc', 'desc']) {
        const clauses = parseSort([{ make: { order, missing } }, '_doc']);
        const keys = resolveSortKeys(clauses, shard, shard.root, () => 1);
        const sort = encodeSort(keys, [after!, 0])!;
        expect(Array.from(rankOrdinals(sort, all, 1000))).toEqual(
          reference(shard, all, clauses, [after!, 0], 1000),
        );
      }
    }
  });
});
