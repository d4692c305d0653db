import { SearchEngineError } from '../../../src/errors';
import type { DocSpace } from '../../../src/index/doc-space';
import { IndexMapping } from '../../../src/index/mapping';
import { Shard } from '../../../src/index/shard';
import { type AggregationContext, runAggregations } from '../../../src/aggs/run-aggregations';

/** A cut-down latest_telemetry mapping: the field types aggregations care about. */
export const VEHICLE_MAPPING = {
  dynamic: 'strict',
  properties: {
    vin: { type: 'keyword' },
    make: { type: 'keyword' },
    description: { type: 'text' },
    year: { type: 'integer' },
    speed: { type: 'float' },
    active: { type: 'boolean' },
    tags: { type: 'keyword' },
    sendtimestamp: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
    geolocation: { properties: { location: { type: 'geo_point' } } },
    trouble_codes: {
      type: 'nested',
      properties: {
        code: { type: 'keyword' },
        sendtimestamp: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
      },
    },
  },
};

export interface Vehicle {
  vin: string;
  make?: string;
  description?: string;
  year?: number;
  speed?: number;
  active?: boolean;
  tags?: string[];
  sendtimestamp?: string;
  geolocation?: { location: { lat: number; lon: number } | string };
  trouble_codes?: { code: string; sendtimestamp?: string }[];
}

/** Six vehicles in Amsterdam, Antwerp and Paris (the cities of OpenSearch's geotile_grid YAML test). */
export const FLEET: Vehicle[] = [
  {
    vin: 'V1',
    make: 'volvo',
    description: 'blue truck',
    year: 2019,
    speed: 50.5,
    active: true,
    tags: ['cold', 'fast'],
    sendtimestamp: '2024-01-01T00:10:00.000Z',
    geolocation: { location: { lat: 52.374081, lon: 4.91235 } },
    trouble_codes: [
      { code: 'P0300', sendtimestamp: '2024-01-01T00:05:00.000Z' },
      { code: 'P0420', sendtimestamp: '2024-01-01T00:06:00.000Z' },
    ],
  },
  {
    vin: 'V2',
    make: 'volvo',
    year: 2020,
    speed: 80.25,
    active: false,
    tags: ['cold'],
    sendtimestamp: '2024-01-01T00:20:00.000Z',
    geolocation: { location: { lat: 52.369219, lon: 4.901618 } },
    trouble_codes: [{ code: 'P0300' }],
  },
  {
    vin: 'V3',
    make: 'scania',
    year: 2020,
    speed: 100,
    active: true,
    sendtimestamp: '2024-01-01T02:05:00.000Z',
    geolocation: { location: { lat: 52.371667, lon: 4.914722 } },
    trouble_codes: [],
  },
  {
    vin: 'V4',
    make: 'man',
    year: 2018,
    speed: 30.75,
    active: true,
    sendtimestamp: '2024-01-03T10:00:00.000Z',
    geolocation: { location: { lat: 51.2229, lon: 4.4052 } },
    trouble_codes: [{ code: 'P0420' }, { code: 'P0171' }],
  },
  {
    vin: 'V5',
    make: 'scania',
    year: 2021,
    sendtimestamp: '2024-01-03T11:00:00.000Z',
    geolocation: { location: { lat: 48.861111, lon: 2.336389 } },
    trouble_codes: [{ code: 'P0300' }],
  },
  {
    vin: 'V6',
    make: 'volvo',
    year: 2021,
    speed: 0,
    active: false,
    sendtimestamp: '2024-02-15T00:00:00.000Z',
    geolocation: { location: { lat: 48.86, lon: 2.327 } },
  },
];

export function buildShard(docs: readonly object[], mapping: object = VEHICLE_MAPPING): Shard {
  const shard = new Shard(
    'vehicles',
    IndexMapping.parse(mapping),
    { numberOfShards: 1, numberOfReplicas: 0, refreshIntervalMs: 1000, raw: {} },
    Date.now(),
  );
  docs.forEach((doc, i) => {
    const id = 'vin' in doc && typeof doc.vin === 'string' ? doc.vin : `doc-${i}`;
    shard.applyIndex(id, JSON.stringify(doc), 1);
  });
  shard.refresh();
  return shard;
}

export function liveOrdinals(space: DocSpace): Int32Array {
  return space.live.toOrdinals().filter((ord) => ord < space.visibleSize);
}

export interface TopHitsCall {
  space: string;
  ordinals: number[];
  request: Record<string, unknown>;
}

export function contextFor(shard: Shard, calls: TopHitsCall[] = []): AggregationContext {
  return {
    shard,
    now: Date.parse('2024-03-01T00:00:00.000Z'),
    topHits(space, ordinals, request) {
      calls.push({ space: space.path, ordinals: [...ordinals], request });
      return {
        total: { value: ordinals.length, relation: 'eq' },
        hits: [...ordinals].map((ord) => ({ _id: shard.byOrdinal[ord]?.id ?? `nested-${ord}` })),
      };
    },
  };
}

/** Runs aggregations over every live root document (or the given vins). */
export function aggregate(
  shard: Shard,
  aggs: unknown,
  vins?: readonly string[],
): Record<string, unknown> {
  const ordinals = vins
    ? Int32Array.from(vins.map((vin) => shard.get(vin)!.ordinal)).sort()
    : liveOrdinals(shard.root);
  return runAggregations(aggs, shard.root, ordinals, contextFor(shard));
}

/** The SearchEngineError `fn` throws (fails the test when it throws nothing or something else). */
export function errorOf(fn: () => unknown): SearchEngineError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SearchEngineError) return err;
    throw err;
  }
  throw new Error('expected a SearchEngineError, but nothing was thrown');
}

/** Builds `count` vehicles at pseudo-random positions (deterministic). */
export function randomFleet(count: number, seed = 42): Vehicle[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, (_, i) => ({
    vin: `R${i}`,
    make: ['volvo', 'scania', 'man', 'daf'][i % 4]!,
    year: 2015 + (i % 7),
    speed: Math.round(random() * 1200) / 10,
    geolocation: { location: { lat: random() * 170 - 85, lon: random() * 360 - 180 } },
  }));
}

/** Follows a dotted path (`a.buckets.0.key`) through a response. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
