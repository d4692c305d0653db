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
const mode = process.argv[2] ?? 'tile';
const aggs = mode === 'tile' ? { g: { geotile_grid: { field: 'geolocation.location', precision: 3 }, aggs: { c: { geo_centroid: { field: 'geolocation.location' } } } } }
  : { g: { geohash_grid: { field: 'geolocation.location' } } };
const times: number[] = [];
for (let i = 0; i < 100; i++) { const a = performance.now(); runAggregations(aggs, shard.root, all, ctx); times.push(performance.now() - a); }
times.sort((a, b) => a - b); console.log(mode, 'p50', times[50]!.toFixed(2), 'p95', times[95]!.toFixed(2));
