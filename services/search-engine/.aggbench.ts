import { IndexMapping } from './src/index/mapping';
import { Shard } from './src/index/shard';
import { runAggregations } from './src/aggs/run-aggregations';
import { compileQuery } from './src/query/compile';

const mapping = {
  properties: {
    vin: { type: 'keyword' }, make: { type: 'keyword' }, speed: { type: 'float' },
    sendtimestamp: { type: 'date' },
    geolocation: { properties: { location: { type: 'geo_point' } } },
    trouble_codes: { type: 'nested', properties: { code: { type: 'keyword' } } },
  },
};
const shard = new Shard('v', IndexMapping.parse(mapping), { numberOfShards: 1, numberOfReplicas: 0, refreshIntervalMs: 1000, raw: {} }, Date.now());
let s = 1;
const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
const t0 = performance.now();
for (let i = 0; i < 100_000; i++) {
  const doc = {
    vin: `V${i}`, make: ['volvo', 'scania', 'man', 'daf'][i % 4], speed: Math.round(rnd() * 1200) / 10,
    sendtimestamp: 1704067200000 + Math.floor(rnd() * 86400000 * 30),
    geolocation: { location: { lat: rnd() * 170 - 85, lon: rnd() * 360 - 180 } },
    trouble_codes: Array.from({ length: i % 3 }, (_, j) => ({ code: `P0${(i * 7 + j) % 300}` })),
  };
  shard.applyIndex(doc.vin, Buffer.from(JSON.stringify(doc)), 1);
}
shard.refresh();
console.log('load ms', Math.round(performance.now() - t0));
const ctx = { shard, now: Date.now(), topHits: () => ({}) };
function timeIt(name: string, fn: () => unknown) {
  const times: number[] = [];
  for (let i = 0; i < 60; i++) { const a = performance.now(); fn(); times.push(performance.now() - a); }
  times.sort((a, b) => a - b);
  console.log(name, 'p50', times[30]!.toFixed(2), 'p95', times[57]!.toFixed(2));
}
const query = { range: { speed: { gte: 10 } } };
const filtered = () => { const m = compileQuery(query, shard.root, ctx).bits.and(shard.root.live); return m.toOrdinals(); };
timeIt('query only', filtered);
for (const precision of [3, 7, 12]) {
  timeIt(`geotile p${precision}+centroid (incl query)`, () => runAggregations({ g: { geotile_grid: { field: 'geolocation.location', precision }, aggs: { c: { geo_centroid: { field: 'geolocation.location' } } } } }, shard.root, filtered(), ctx));
}
const all = shard.root.live.toOrdinals();
timeIt('nested terms facet', () => runAggregations({ n: { nested: { path: 'trouble_codes' }, aggs: { t: { terms: { field: 'trouble_codes.code', size: 20 } } } } }, shard.root, all, ctx));
timeIt('terms vin size 10', () => runAggregations({ t: { terms: { field: 'vin' } } }, shard.root, all, ctx));
timeIt('terms speed', () => runAggregations({ t: { terms: { field: 'speed' } } }, shard.root, all, ctx));
timeIt('date_histogram 1h + avg', () => runAggregations({ d: { date_histogram: { field: 'sendtimestamp', fixed_interval: '1h' }, aggs: { a: { avg: { field: 'speed' } } } } }, shard.root, all, ctx));
timeIt('geohash p5', () => runAggregations({ g: { geohash_grid: { field: 'geolocation.location' } } }, shard.root, all, ctx));
timeIt('metrics', () => runAggregations({ a: { avg: { field: 'speed' } }, c: { cardinality: { field: 'make' } }, b: { geo_bounds: { field: 'geolocation.location' } } }, shard.root, all, ctx));
timeIt('geotile p7 no subs', () => runAggregations({ g: { geotile_grid: { field: 'geolocation.location', precision: 7 } } }, shard.root, all, ctx));
timeIt('geotile p7 + centroid', () => runAggregations({ g: { geotile_grid: { field: 'geolocation.location', precision: 7 }, aggs: { c: { geo_centroid: { field: 'geolocation.location' } } } } }, shard.root, all, ctx));
timeIt('geotile p3 + centroid', () => runAggregations({ g: { geotile_grid: { field: 'geolocation.location', precision: 3 }, aggs: { c: { geo_centroid: { field: 'geolocation.location' } } } } }, shard.root, all, ctx));
timeIt('centroid only', () => runAggregations({ c: { geo_centroid: { field: 'geolocation.location' } } }, shard.root, all, ctx));
