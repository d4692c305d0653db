import { IndexMapping } from './src/index/mapping';
import { Shard } from './src/index/shard';
import { runAggregations } from './src/aggs/run-aggregations';
const mapping = { properties: { vin: { type: 'keyword' }, geolocation: { properties: { location: { type: 'geo_point' } } } } };
const shard = new Shard('v', IndexMapping.parse(mapping), { numberOfShards: 1, numberOfReplicas: 0, refreshIntervalMs: 1000, raw: {} }, Date.now());
let s = 1; const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let i = 0; i < 100_000; i++) shard.applyIndex(`V${i}`, Buffer.from(JSON.stringify({ vin: `V${i}`, geolocation: { location: { lat: rnd() * 170 - 85, lon: rnd() * 360 - 180 } } })), 1);
shard.refresh();
const ctx = { shard, now: Date.now(), topHits: () => ({}) };
const all = shard.root.live.toOrdinals();
const cases: [string, unknown][] = [
  ['p3 no subs', { g: { geotile_grid: { field: 'geolocation.location', precision: 3 } } }],
  ['p7 no subs', { g: { geotile_grid: { field: 'geolocation.location', precision: 7 } } }],
  ['p3 + centroid', { g: { geotile_grid: { field: 'geolocation.location', precision: 3 }, aggs: { c: { geo_centroid: { field: 'geolocation.location' } } } } }],
  ['p7 + centroid', { g: { geotile_grid: { field: 'geolocation.location', precision: 7 }, aggs: { c: { geo_centroid: { field: 'geolocation.location' } } } } }],
  ['centroid', { c: { geo_centroid: { field: 'geolocation.location' } } }],
];
const times = new Map<string, number[]>();
for (let round = 0; round < 40; round++) for (const [name, aggs] of cases) {
  const a = performance.now(); runAggregations(aggs, shard.root, all, ctx); const t = performance.now() - a;
  if (round >= 5) (times.get(name) ?? times.set(name, []).get(name)!).push(t);
}
for (const [name, ts] of times) { ts.sort((a, b) => a - b); console.log(name.padEnd(16), 'min', ts[0]!.toFixed(2), 'p50', ts[ts.length >> 1]!.toFixed(2), 'p95', ts[Math.floor(ts.length * 0.95)]!.toFixed(2)); }
