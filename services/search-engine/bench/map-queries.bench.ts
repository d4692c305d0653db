/**
 * The fleet API's map queries, one shape at a time, against the engine in-process (so
 * `node --cpu-prof` sees it): 100,000 `latest_telemetry` vehicles around 24 cities, as
 * `services/local/bench/api.bench.ts` loads them. Prints the median wall time and `took` per shape.
 *
 *   node --max-semi-space-size=64 --expose-gc --import tsx bench/map-queries.bench.ts
 *   BENCH_VEHICLES=20000 BENCH_RUNS=5 BENCH_ONLY='aggregate*,page50' node --import tsx bench/map-queries.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureIndices } from '@fleet/index-mappings';
import { Client } from '@opensearch-project/opensearch';
import { startSearchEngine } from '../src/index';

const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const ONLY = process.env.BENCH_ONLY;

const CITIES: readonly [number, number][] = [
  [52.52, 13.4],
  [48.86, 2.35],
  [51.51, -0.13],
  [40.42, -3.7],
  [41.9, 12.5],
  [52.37, 4.9],
  [50.11, 8.68],
  [48.14, 11.58],
  [59.33, 18.07],
  [55.68, 12.57],
  [47.5, 19.04],
  [50.08, 14.44],
  [40.71, -74.0],
  [34.05, -118.24],
  [41.88, -87.63],
  [29.76, -95.37],
  [43.65, -79.38],
  [19.43, -99.13],
  [-23.55, -46.63],
  [-33.87, 151.21],
  [35.68, 139.69],
  [1.35, 103.82],
  [28.61, 77.21],
  [-26.2, 28.05],
];
const MAKES = [
  ['Ford', 'Transit'],
  ['Toyota', 'Hilux'],
  ['Volvo', 'FH16'],
  ['Renault', 'Master'],
  ['Mercedes', 'Sprinter'],
  ['Iveco', 'Daily'],
] as const;
const COLOURS = ['white', 'black', 'silver', 'blue', 'red'] as const;

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(42);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const thingName = (n: number) => `bench-tcu-${String(n).padStart(6, '0')}`;

function vehicle(n: number, now: number) {
  const [make, model] = MAKES[n % MAKES.length]!;
  const [lat0, lon0] = CITIES[n % CITIES.length]!;
  const lat = Math.max(-89, Math.min(89, lat0 + gaussian() * 0.25));
  const lon = Math.max(-179.9, Math.min(179.9, lon0 + gaussian() * 0.35));
  const speed = random() < 0.6 ? Math.round(random() * 110) : 0;
  const softwareversion = n % 10 === 0 ? '2.1.0' : '2.0.0';
  return {
    vin: `BENCH${String(n).padStart(12, '0')}`,
    make,
    model,
    year: 2015 + (n % 11),
    colour: COLOURS[n % COLOURS.length],
    devices: [{ deviceid: thingName(n), softwareversion }],
    trouble_codes:
      n % 50 === 0
        ? [
            {
              code: 'P0301',
              deviceid: thingName(n),
              sendtimestamp: new Date(now - 3_600_000).toISOString(),
            },
          ]
        : [],
    anomalies:
      n % 97 === 0
        ? [
            {
              anomalyid: `${thingName(n)}|a|over_speed`,
              anomaly_type: 'over_speed',
              value: 150,
              threshold: 130,
              sendtimestamp: new Date(now - 60_000).toISOString(),
            },
          ]
        : [],
    updatedat: new Date(now).toISOString(),
    messageid: `m-${n}`,
    deviceid: thingName(n),
    sendtimestamp: new Date(now - Math.round(random() * 600_000)).toISOString(),
    geolocation: {
      latitude: lat,
      longitude: lon,
      heading: Math.round(random() * 360),
      speed,
      location: { lat, lon },
    },
    fuel: Math.round(random() * 100),
    oiltemp: 80 + Math.round(random() * 30),
    ignitionstatus: speed > 0 ? 'run' : 'off',
    softwareversion,
  };
}

const LOCATION = 'geolocation.location';
const SUMMARY_FIELDS = [
  'vin',
  'make',
  'model',
  'year',
  'colour',
  'sendtimestamp',
  'geolocation.latitude',
  'geolocation.longitude',
  'geolocation.heading',
  'geolocation.speed',
  'devices.deviceid',
  'devices.softwareversion',
  'trouble_codes.code',
  'anomalies.anomaly_type',
];
const MARKER_FIELDS = [
  'vin',
  'sendtimestamp',
  'geolocation.latitude',
  'geolocation.longitude',
  'geolocation.heading',
  'geolocation.speed',
  'trouble_codes.code',
  'anomalies.anomaly_type',
];
const all = { match_all: {} };
const grid = (precision: number, subs: Record<string, unknown>) => ({
  geotile_grid: { field: LOCATION, precision, size: 10_000 },
  aggs: subs,
});
const centroid = { geo_centroid: { field: LOCATION } };
const bounds = { geo_bounds: { field: LOCATION } };
const sample = { top_hits: { size: 1, _source: { includes: ['vin'] } } };
const sampleTerms = { terms: { field: 'vin', size: 1 } };
const facet = (field: string, size: number, nested?: string, filter: object = all) => ({
  filter,
  aggs: {
    values: nested
      ? {
          nested: { path: nested },
          aggs: {
            values: { terms: { field, size }, aggs: { vehicles: { reverse_nested: {} } } },
          },
        }
      : { terms: { field, size } },
  },
});
/** The facets, each counted under the facet filters but its own (here: at most `make`). */
const facets = (make?: object) => ({
  facet_make: facet('make', 100),
  facet_model: facet('model', 200, undefined, make),
  facet_year: facet('year', 100, undefined, make),
  facet_swVersion: facet('devices.softwareversion', 100, 'devices', make),
  facet_troubleCodes: facet('trouble_codes.code', 100, 'trouble_codes', make),
  facet_anomalies: facet('anomalies.anomaly_type', 10, 'anomalies', make),
});
/** GET /vehicles/aggregate as the API sends it for a bbox and zoom, optionally with `make=`. */
const aggregate = (
  zoom: number,
  box: [number, number, number, number],
  sampleAgg: object,
  make?: string,
) => {
  const makeFilter = make === undefined ? all : { bool: { filter: [{ terms: { make: [make] } }] } };
  return {
    size: 50,
    track_total_hits: true,
    query: {
      bool: {
        filter: [
          {
            geo_bounding_box: {
              [LOCATION]: {
                top_left: { lat: box[3], lon: box[0] },
                bottom_right: { lat: box[1], lon: box[2] },
              },
            },
          },
        ],
      },
    },
    post_filter: makeFilter,
    sort: [{ vin: 'asc' }],
    _source: { includes: SUMMARY_FIELDS },
    aggs: {
      matching: {
        filter: makeFilter,
        aggs: { clusters: grid(zoom + 2, { centroid, bounds, sample: sampleAgg }) },
      },
      ...facets(make === undefined ? undefined : makeFilter),
    },
  };
};
const WORLD: [number, number, number, number] = [-180, -85, 180, 85];

const SHAPES: Record<string, object> = {
  count: { size: 0, track_total_hits: true, query: all },
  page50: { size: 50, query: all, sort: [{ vin: 'asc' }], _source: ['vin'] },
  page50_summary: {
    size: 50,
    query: all,
    sort: [{ vin: 'asc' }],
    search_after: ['BENCH000000050000'],
    _source: { includes: SUMMARY_FIELDS },
  },
  geotile5: { size: 0, query: all, aggs: { g: grid(5, {}) } },
  geotile5_metrics: { size: 0, query: all, aggs: { g: grid(5, { centroid, bounds }) } },
  geotile5_top_hits: { size: 0, query: all, aggs: { g: grid(5, { sample }) } },
  geotile5_terms_vin: { size: 0, query: all, aggs: { g: grid(5, { sample: sampleTerms }) } },
  geotile12_all: { size: 0, query: all, aggs: { g: grid(12, { centroid, bounds, sample }) } },
  geotile12_all_terms_vin: {
    size: 0,
    query: all,
    aggs: { g: grid(12, { centroid, bounds, sample: sampleTerms }) },
  },
  terms_make: { size: 0, query: all, aggs: { f: facet('make', 100) } },
  nested_reverse: {
    size: 0,
    query: all,
    aggs: { f: facet('devices.softwareversion', 100, 'devices') },
  },
  facets: { size: 0, query: all, aggs: facets() },
  prefix_vin: {
    size: 50,
    track_total_hits: true,
    query: { bool: { filter: [{ prefix: { vin: 'BENCH00000001' } }] } },
    sort: [{ vin: 'asc' }],
    _source: { includes: SUMMARY_FIELDS },
  },
  filter10000: {
    size: 10_000,
    track_total_hits: true,
    query: all,
    sort: [{ vin: 'asc' }],
    _source: { includes: MARKER_FIELDS },
  },
  aggregate_world_z3: aggregate(3, WORLD, sample),
  aggregate_world_z3_terms_vin: aggregate(3, WORLD, sampleTerms),
  aggregate_world_z3_ford: aggregate(3, WORLD, sample, 'Ford'),
  aggregate_europe_z5: aggregate(5, [-10, 35, 30, 60], sample),
  aggregate_berlin_z10: aggregate(10, [12.8, 52.2, 14, 52.8], sample),
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'map-queries-'));
  const engine = await startSearchEngine({ dataDir, port: 0 });
  const client = new Client({ node: engine.url });
  try {
    await ensureIndices(client, { replicas: 0 });
    const now = Date.now();
    for (let start = 0; start < VEHICLES; start += 5_000) {
      const body: unknown[] = [];
      for (let n = start; n < Math.min(VEHICLES, start + 5_000); n++) {
        const doc = vehicle(n, now);
        body.push({ index: { _index: 'latest_telemetry', _id: doc.vin } }, doc);
      }
      const { body: result } = await client.bulk({ body: body as never });
      if (result.errors) throw new Error('bulk load failed');
    }
    await client.indices.refresh({ index: 'latest_telemetry' });
    const shapes = Object.entries(SHAPES).filter(([name]) => {
      const wanted = (s: string) =>
        s.endsWith('*') ? name.startsWith(s.slice(0, -1)) : name === s;
      return !ONLY || ONLY.split(',').some(wanted);
    });
    // Every shape warms up before any is measured, so loading's garbage and the first sort of
    // a dictionary land in no measurement. With --expose-gc, each shape starts collected.
    const gc = (globalThis as { gc?: () => void }).gc;
    for (const [, body] of shapes)
      for (let i = 0; i < 3; i++) await client.search({ index: 'latest_telemetry', body });
    console.log(`${VEHICLES} vehicles; median of ${RUNS} runs, after 3 warm-up runs`);
    console.log('| shape | wall ms | took ms | bytes |');
    console.log('| --- | --- | --- | --- |');
    for (const [name, body] of shapes) {
      gc?.();
      const walls: number[] = [];
      const tooks: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const response = await client.search({ index: 'latest_telemetry', body });
        walls.push(performance.now() - started);
        tooks.push(response.body.took);
        bytes = JSON.stringify(response.body).length;
      }
      console.log(
        `| ${name} | ${median(walls).toFixed(1)} | ${median(tooks)} | ${bytes.toLocaleString('en-US')} |`,
      );
    }
  } finally {
    await client.close();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
