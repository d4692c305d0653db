import { type API, type Client, errors, type Types } from '@opensearch-project/opensearch';
import { openSearchTarget, type SearchTarget, uniqueIndexName } from './search-target';

/**
 * A response body read as plain JSON. The client's generated types model aggregations as a wide
 * union, so the contract tests read bodies untyped and assert every field they rely on.
 */
export type JsonBody = ReturnType<typeof JSON.parse>;

export function json(response: { body: unknown }): JsonBody {
  return response.body;
}

/** Awaits a request that must fail with `status`, and returns the response body. */
export async function expectStatus(request: Promise<unknown>, status: number): Promise<JsonBody> {
  let caught: unknown;
  try {
    await request;
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(errors.ResponseError);
  const error = caught as errors.ResponseError;
  expect(error.meta.statusCode).toBe(status);
  return error.meta.body;
}

/**
 * Awaits a request that must fail with an OpenSearch error envelope
 * `{ error: { root_cause: [...], type, reason }, status }`, and returns `error`.
 */
export async function expectError(
  request: Promise<unknown>,
  status: number,
  type?: string,
): Promise<JsonBody> {
  const body = await expectStatus(request, status);
  expect(body.status).toBe(status);
  expect(typeof body.error?.type).toBe('string');
  expect(typeof body.error?.reason).toBe('string');
  expect(Array.isArray(body.error?.root_cause)).toBe(true);
  if (type !== undefined) expect(body.error.type).toBe(type);
  return body.error;
}

/** One primary and no replica: deterministic counts and seq_nos, green on a single node. */
export const singleShard = { number_of_shards: 1, number_of_replicas: 0 };

export async function createIndex(
  client: Client,
  index: string,
  mappings: Types.Common_Mapping.TypeMapping,
  settings: Record<string, unknown> = {},
): Promise<void> {
  await client.indices.create({
    index,
    body: { settings: { ...singleShard, ...settings }, mappings },
  });
}

export async function deleteIndices(client: Client, indices: string[]): Promise<void> {
  for (const index of indices) {
    await client.indices.delete({ index }, { ignore: [404] });
  }
}

/** The `_id`s of the hits, in response order. */
export function hitIds(body: JsonBody): string[] {
  const hits: { _id: string }[] = body.hits.hits;
  return hits.map((hit) => hit._id);
}

/** The `_id`s of the hits, sorted, for assertions that do not depend on hit order. */
export function sortedHitIds(body: JsonBody): string[] {
  return hitIds(body).sort();
}

// ---------------------------------------------------------------------------------------------
// Fleet-domain fixture: how Fleet Manager models a vehicle's latest telemetry.
// ---------------------------------------------------------------------------------------------

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface TroubleCode {
  code: string;
  severity: 'low' | 'high';
}

export interface Vehicle {
  vin: string;
  make: string;
  model: string;
  year: number;
  geolocation: { location: GeoPoint };
  trouble_codes?: TroubleCode[];
  sendtimestamp: string;
  speed?: number;
}

/** `dynamic: strict`, like the real index mappings: an unknown field is an error, not a guess. */
export const vehicleMappings: Types.Common_Mapping.TypeMapping = {
  dynamic: 'strict',
  properties: {
    vin: { type: 'keyword' },
    make: { type: 'keyword' },
    model: { type: 'keyword' },
    year: { type: 'integer' },
    geolocation: { properties: { location: { type: 'geo_point' } } },
    trouble_codes: {
      type: 'nested',
      properties: { code: { type: 'keyword' }, severity: { type: 'keyword' } },
    },
    sendtimestamp: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
    // Speeds are exact binary fractions, so float storage does not blur the expected sums.
    speed: { type: 'float' },
  },
};

export const cities = {
  berlin: { lat: 52.52, lon: 13.405 },
  hamburg: { lat: 53.5511, lon: 9.9937 },
  stockholm: { lat: 59.3293, lon: 18.0686 },
  gothenburg: { lat: 57.7089, lon: 11.9746 },
  paris: { lat: 48.8566, lon: 2.3522 },
  lyon: { lat: 45.764, lon: 4.8357 },
  sydney: { lat: -33.8688, lon: 151.2093 },
  chicago: { lat: 41.8781, lon: -87.6298 },
} satisfies Record<string, GeoPoint>;

/** Eight vehicles keyed by document `_id`. v7 has no speed and no trouble codes. */
export const fleet: Record<string, Vehicle> = {
  v1: {
    vin: 'WVWZZZ1KZ9W000001',
    make: 'Volkswagen',
    model: 'Golf',
    year: 2019,
    geolocation: { location: cities.berlin },
    trouble_codes: [
      { code: 'P0301', severity: 'high' },
      { code: 'P0420', severity: 'low' },
    ],
    sendtimestamp: '2024-03-01T08:15:00Z',
    speed: 42.5,
  },
  v2: {
    vin: 'WVWZZZ3CZLE000002',
    make: 'Volkswagen',
    model: 'Passat',
    year: 2021,
    geolocation: { location: cities.hamburg },
    trouble_codes: [{ code: 'P0420', severity: 'low' }],
    sendtimestamp: '2024-03-01T09:45:00Z',
    speed: 88,
  },
  v3: {
    vin: 'YV1ZW72V2L1000003',
    make: 'Volvo',
    model: 'V60',
    year: 2020,
    geolocation: { location: cities.stockholm },
    trouble_codes: [],
    sendtimestamp: '2024-03-01T10:05:00Z',
    speed: 0,
  },
  v4: {
    vin: 'YV1LFA2BCN1000004',
    make: 'Volvo',
    model: 'XC90',
    year: 2022,
    geolocation: { location: cities.gothenburg },
    trouble_codes: [{ code: 'P0171', severity: 'low' }],
    sendtimestamp: '2024-03-03T12:00:00Z',
    speed: 105.25,
  },
  v5: {
    vin: 'VF1RJA00X61000005',
    make: 'Renault',
    model: 'Clio',
    year: 2018,
    geolocation: { location: cities.paris },
    trouble_codes: [{ code: 'P0301', severity: 'low' }],
    sendtimestamp: '2024-03-03T13:30:00Z',
    speed: 30,
  },
  v6: {
    vin: 'VF1RFB00X64000006',
    make: 'Renault',
    model: 'Megane',
    year: 2019,
    geolocation: { location: cities.lyon },
    trouble_codes: [
      { code: 'P0301', severity: 'low' },
      { code: 'P0171', severity: 'high' },
      { code: 'P0301', severity: 'high' },
    ],
    sendtimestamp: '2024-03-04T07:00:00Z',
    speed: 64.75,
  },
  v7: {
    vin: 'JTDKAMFU0N3000007',
    make: 'Toyota',
    model: 'Prius',
    year: 2023,
    geolocation: { location: cities.sydney },
    sendtimestamp: '2024-03-04T23:59:59Z',
  },
  v8: {
    vin: '1FTFW1E82NF000008',
    make: 'Ford',
    model: 'F-150',
    year: 2017,
    geolocation: { location: cities.chicago },
    trouble_codes: [{ code: 'P0420', severity: 'high' }],
    sendtimestamp: '2024-03-05T00:00:00Z',
    speed: 120,
  },
};

export const fleetIds = Object.keys(fleet).sort();

/** Creates `index` with the vehicle mapping and loads the fleet fixture, searchable on return. */
export async function createFleetIndex(client: Client, index: string): Promise<void> {
  await createIndex(client, index, vehicleMappings);
  const body = Object.entries(fleet).flatMap(([id, vehicle]) => [
    { index: { _index: index, _id: id } },
    vehicle,
  ]);
  const response = json(await client.bulk({ body, refresh: true }));
  if (response.errors !== false) {
    throw new Error(`loading the fleet fixture failed: ${JSON.stringify(response)}`);
  }
}

/** The vehicle with `_id` `id`; throws on a typo rather than returning undefined. */
export function vehicle(id: string): Vehicle {
  const found = fleet[id];
  if (!found) throw new Error(`no vehicle ${id} in the fixture`);
  return found;
}

/** A test file's fleet index: the target and the index name, valid inside tests. */
export interface FleetIndex {
  readonly target: SearchTarget;
  readonly index: string;
}

/** Opens the target and loads the fleet fixture into a fresh index for one test file. */
export function useFleetIndex(prefix: string): FleetIndex {
  const fleet = { index: uniqueIndexName(prefix) } as { target: SearchTarget; index: string };
  beforeAll(async () => {
    fleet.target = await openSearchTarget();
    await createFleetIndex(fleet.target.client, fleet.index);
  });
  afterAll(async () => {
    await deleteIndices(fleet.target.client, [fleet.index]);
    await fleet.target.close();
  });
  return fleet;
}

/**
 * Runs an aggregation-only search and returns `aggregations`. The body is untyped: the client's
 * generated aggregation types omit `field`, which every aggregation needs.
 */
export async function aggregate(
  fleet: FleetIndex,
  body: Record<string, unknown>,
): Promise<JsonBody> {
  const request = { size: 0, ...body } as API.Search_RequestBody;
  const response = json(await fleet.target.client.search({ index: fleet.index, body: request }));
  return response.aggregations;
}
