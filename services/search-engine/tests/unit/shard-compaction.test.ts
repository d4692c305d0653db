import { IndexMapping } from '../../src/index/mapping';
import { Shard } from '../../src/index/shard';
import { executeCount, executeSearch } from '../../src/search/execute-search';

const MAPPING = {
  dynamic: 'strict',
  properties: {
    vin: { type: 'keyword' },
    make: { type: 'keyword' },
    speed: { type: 'float' },
    sendtimestamp: { type: 'date' },
    trouble_codes: { type: 'nested', properties: { code: { type: 'keyword' } } },
  },
};

const VEHICLES = 100;
const ROUNDS = 251; // 25,100 overwrites: enough dead ordinals to trigger compactions

/** The telemetry of one vehicle in one round: what the ingest writes to latest_telemetry. */
function telemetry(vehicle: number, round: number) {
  return {
    vin: `VIN${String(vehicle).padStart(3, '0')}`,
    make: vehicle % 2 === 0 ? 'Volvo' : 'Scania',
    speed: (vehicle + round) % 130,
    sendtimestamp: new Date(Date.UTC(2026, 10, 23) + round * 2000).toISOString(),
    // Codes change every round, so nested children churn too.
    trouble_codes:
      round % 3 === 0 ? [] : [{ code: `P0${round % 7}00` }, { code: `U0${vehicle % 4}00` }],
  };
}

describe('shard compaction under constant overwrites', () => {
  const shard = new Shard(
    'latest_telemetry',
    IndexMapping.parse(MAPPING),
    {
      numberOfShards: 1,
      numberOfReplicas: 0,
      refreshIntervalMs: 1000,
      raw: {},
    },
    Date.now(),
  );
  const sizes: number[] = [];
  let version = 0;

  beforeAll(() => {
    for (let round = 0; round < ROUNDS; round++) {
      version++;
      for (let v = 0; v < VEHICLES; v++) {
        shard.applyIndex(
          `VIN${String(v).padStart(3, '0')}`,
          JSON.stringify(telemetry(v, round)),
          version,
        );
      }
      shard.refresh();
      sizes.push(shard.root.size);
    }
  });

  it('compacts: ordinals stay bounded instead of growing with every overwrite', () => {
    expect(Math.max(...sizes)).toBeLessThan(VEHICLES * ROUNDS);
    expect(shard.root.size).toBeLessThanOrEqual(VEHICLES * 101 + 10_000);
    expect(sizes.some((size, i) => i > 0 && size < sizes[i - 1]!)).toBe(true);
    expect(shard.docCount).toBe(VEHICLES);
  });

  it('keeps every vehicle at its newest telemetry', () => {
    const now = Date.now();
    expect(executeCount([shard], {}, now).count).toBe(VEHICLES);
    const last = ROUNDS - 1;
    const result = executeSearch(
      [shard],
      { size: VEHICLES, sort: [{ vin: 'asc' }], query: { term: { make: 'Volvo' } } },
      {},
      now,
    );
    const hits = (result.hits as { hits: { _id: string; _source: { speed: number } }[] }).hits;
    expect(hits).toHaveLength(VEHICLES / 2);
    for (const hit of hits) {
      const vehicle = Number(hit._id.slice(3));
      expect(JSON.parse(JSON.stringify(hit._source))).toEqual(telemetry(vehicle, last));
    }
  });

  it('answers nested queries and aggregations from the compacted children', () => {
    const now = Date.now();
    const last = ROUNDS - 1; // 250 % 3 !== 0: in the last round every vehicle has two codes
    const code = `P0${last % 7}00`;
    const nested = executeCount(
      [shard],
      {
        query: {
          nested: { path: 'trouble_codes', query: { term: { 'trouble_codes.code': code } } },
        },
      },
      now,
    );
    expect(nested.count).toBe(VEHICLES);
    const stale = executeCount(
      [shard],
      {
        query: {
          nested: {
            path: 'trouble_codes',
            query: { term: { 'trouble_codes.code': `P0${(last - 1) % 7}00` } },
          },
        },
      },
      now,
    );
    expect(stale.count).toBe(0);
    const result = executeSearch(
      [shard],
      {
        size: 0,
        aggs: {
          codes: {
            nested: { path: 'trouble_codes' },
            aggs: { code: { terms: { field: 'trouble_codes.code', size: 10 } } },
          },
          fastest: { max: { field: 'speed' } },
        },
      },
      {},
      now,
    );
    const aggs = result.aggregations as {
      codes: { doc_count: number; code: { buckets: { key: string; doc_count: number }[] } };
      fastest: { value: number };
    };
    expect(aggs.codes.doc_count).toBe(VEHICLES * 2);
    expect(aggs.codes.code.buckets.find((b) => b.key === code)?.doc_count).toBe(VEHICLES);
    const expectedMax = Math.max(...Array.from({ length: VEHICLES }, (_, v) => (v + last) % 130));
    expect(aggs.fastest.value).toBe(expectedMax);
  });
});
