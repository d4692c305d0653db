/**
 * `npm run bench:api`: API latency with a large fleet loaded, measured the way the console sees
 * it: over HTTP through the local API Gateway, with a real cognito-local ID token.
 *
 * 1. Starts the local stack (no simulated fleet) and bulk-loads BENCH_API_VEHICLES vehicles
 *    (default 100,000) into `shared_cardata` and `latest_telemetry`, spread around 24 cities.
 * 2. Signs in as the demo viewer.
 * 3. For each route, BENCH_API_REQUESTS sequential requests (default 200) after a warm-up,
 *    varying zoom, bounding box and filters as a user panning a map would, and prints p50/p95/p99.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@opensearch-project/opensearch';
import { signIn } from '../src/cognito/sign-in';
import { ephemeralConfig } from '../src/config';
import { startLocalStack } from '../src/start-local-stack';
import { mulberry32, thingAttributes, thingName, vinOf } from './fleet';

const VEHICLES = Number(process.env.BENCH_API_VEHICLES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_API_REQUESTS ?? 200);
const WARMUP = 20;
const PASSWORD = 'Bench-Demo-Pass-1!';

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

const random = mulberry32(42);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

function vehicleDocs(n: number, now: number) {
  const attributes = thingAttributes(n);
  const [lat0, lon0] = CITIES[n % CITIES.length]!;
  const lat = Math.max(-89, Math.min(89, lat0 + gaussian() * 0.25));
  const lon = Math.max(-179.9, Math.min(179.9, lon0 + gaussian() * 0.35));
  const speed = random() < 0.6 ? Math.round(random() * 110) : 0;
  const state = {
    vin: attributes.vin,
    make: attributes.make,
    model: attributes.model,
    year: Number(attributes.year),
    colour: attributes.colour,
    devices: [{ deviceid: thingName(n), softwareversion: n % 10 === 0 ? '2.1.0' : '2.0.0' }],
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
  };
  const latest = {
    ...state,
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
    softwareversion: state.devices[0]!.softwareversion,
  };
  return { state, latest };
}

async function load(search: Client) {
  const now = Date.now();
  const batch = 2_500;
  for (let start = 0; start < VEHICLES; start += batch) {
    const body: unknown[] = [];
    for (let n = start; n < Math.min(VEHICLES, start + batch); n++) {
      const { state, latest } = vehicleDocs(n, now);
      body.push({ index: { _index: 'shared_cardata', _id: state.vin } }, state);
      body.push({ index: { _index: 'latest_telemetry', _id: state.vin } }, latest);
    }
    const { body: result } = await search.bulk({ body: body as never });
    if (result.errors) throw new Error('bulk load failed');
  }
  await search.indices.refresh({ index: 'shared_cardata,latest_telemetry' });
}

/** A map view: a city at a zoom, as a bbox roughly the size of a 1600×900 px screen. */
function mapView(i: number) {
  const [lat, lon] = CITIES[i % CITIES.length]!;
  const zoom = 3 + (i % 10);
  const widthDegrees = (360 * 1600) / (256 * 2 ** zoom);
  const heightDegrees = Math.min(170, widthDegrees * (900 / 1600));
  const west = Math.max(-180, lon - widthDegrees / 2);
  const east = Math.min(180, lon + widthDegrees / 2);
  const south = Math.max(-85, lat - heightDegrees / 2);
  const north = Math.min(85, lat + heightDegrees / 2);
  return { zoom, bbox: [west, south, east, north].map((v) => v.toFixed(4)).join(',') };
}

const FILTERS = [
  '',
  '&make=Ford',
  '&year=2018..2021',
  '&make=Volvo&make=Iveco&troubleCodes=P0301',
  '&swVersion=2.1.0',
];

interface Route {
  readonly name: string;
  readonly path: (i: number) => string;
}

const ROUTES: readonly Route[] = [
  {
    name: 'GET /vehicles/aggregate',
    path: (i) => {
      const view = mapView(i);
      return `/vehicles/aggregate?zoom=${view.zoom}&bbox=${view.bbox}&limit=50${FILTERS[i % FILTERS.length]}`;
    },
  },
  {
    name: 'GET /vehicles/filter',
    // The console asks for markers once zoomed in past the clusters.
    path: (i) => `/vehicles/filter?bbox=${mapView(i * 7 + 8).bbox}${FILTERS[i % FILTERS.length]}`,
  },
  { name: 'GET /vehicles/{vin}', path: (i) => `/vehicles/${vinOf((i * 7919) % VEHICLES)}` },
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const stack = await startLocalStack(ephemeralConfig(dataDir, { demoPassword: PASSWORD }), {
    log: () => undefined,
  });
  const search = new Client({ node: stack.searchUrl });
  try {
    const loadStart = performance.now();
    await load(search);
    console.error(
      `[bench] loaded ${VEHICLES.toLocaleString('en-US')} vehicles in ${Math.round(performance.now() - loadStart)} ms`,
    );
    const { idToken } = await signIn({
      endpoint: stack.cognito.endpoint,
      clientId: stack.cognito.clientId,
      username: 'viewer@fleet.local',
      password: PASSWORD,
    });
    const results: {
      route: string;
      p50: number;
      p95: number;
      p99: number;
      mean: number;
      bytes: number;
    }[] = [];
    for (const route of ROUTES) {
      const timings: number[] = [];
      let bytes = 0;
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        const started = performance.now();
        const response = await fetch(`${stack.apiUrl}${route.path(i)}`, {
          headers: { authorization: idToken },
        });
        const text = await response.text();
        const elapsed = performance.now() - started;
        if (response.status !== 200)
          throw new Error(`${route.name}: ${response.status} ${text.slice(0, 300)}`);
        if (i >= WARMUP) {
          timings.push(elapsed);
          bytes += text.length;
        }
      }
      timings.sort((a, b) => a - b);
      results.push({
        route: route.name,
        p50: percentile(timings, 50),
        p95: percentile(timings, 95),
        p99: percentile(timings, 99),
        mean: timings.reduce((a, b) => a + b, 0) / timings.length,
        bytes: Math.round(bytes / timings.length),
      });
    }
    console.log(
      `\nAPI latency, ${VEHICLES.toLocaleString('en-US')} vehicles, ${REQUESTS} sequential requests per route (after ${WARMUP} warm-up), through the local API Gateway with a Cognito ID token\n`,
    );
    console.log('| route | p50 ms | p95 ms | p99 ms | mean ms | mean response bytes |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of results) {
      console.log(
        `| ${r.route} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.mean.toFixed(1)} | ${r.bytes.toLocaleString('en-US')} |`,
      );
    }
    const aggregate = results.find((r) => r.route === 'GET /vehicles/aggregate')!;
    console.log(
      `\naggregate p95 ${aggregate.p95.toFixed(1)} ms (target ≤ 80 ms): ${aggregate.p95 <= 80 ? 'met' : 'missed'}`,
    );
  } finally {
    await search.close();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
