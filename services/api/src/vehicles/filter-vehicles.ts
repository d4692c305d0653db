import { z } from 'zod';
import { defineRoute } from '../http/route';
import { searchIndex } from '../search/search-response';
import type { StoredVehicle } from './stored-vehicle';
import { vehicleFilterParams } from './vehicle-filters';
import { vehicleQuery } from './vehicle-query';
import { STATUS_COLOURS, vehicleStatus } from './vehicle-status';
import { statusOf } from './vehicle-summary';

/** OpenSearch's default result window; more markers than this is a cluster's job. */
export const MAX_FILTERED_VEHICLES = 10_000;

const FILTER_FIELDS = [
  'vin',
  'sendtimestamp',
  'geolocation.latitude',
  'geolocation.longitude',
  'geolocation.heading',
  'geolocation.speed',
  'trouble_codes.code',
  'anomalies.anomaly_type',
];

export const vehicleMarker = z.object({
  vin: z.string(),
  lat: z.number(),
  lon: z.number(),
  heading: z.number().nullable(),
  speedKmh: z.number().nullable(),
  status: vehicleStatus,
  statusColour: z.string(),
});

export const filterVehiclesResponse = z.object({
  total: z.number().int(),
  /** True when more vehicles match than were returned; zoom in or cluster. */
  truncated: z.boolean(),
  vehicles: z.array(vehicleMarker),
});

/** Every matching vehicle in view, with just what a map needs to draw and animate it. */
export const filterVehicles = defineRoute({
  operationId: 'filterVehicles',
  method: 'GET',
  path: '/vehicles/filter',
  summary: `Up to ${MAX_FILTERED_VEHICLES} vehicles in view, with position, heading, speed and status`,
  tag: 'vehicles',
  access: 'viewer',
  query: z.object(vehicleFilterParams).strict(),
  response: filterVehiclesResponse,
  async handle({ query }, deps) {
    const body = await searchIndex<StoredVehicle>(deps.search, 'latest_telemetry', {
      size: MAX_FILTERED_VEHICLES,
      track_total_hits: true,
      query: vehicleQuery(query),
      sort: [{ vin: 'asc' }],
      _source: { includes: FILTER_FIELDS },
    });
    const total = body.hits.total?.value ?? 0;
    const vehicles = body.hits.hits.flatMap((hit) => {
      const stored = hit._source;
      const { latitude, longitude, heading, speed } = stored?.geolocation ?? {};
      if (!stored || latitude === undefined || longitude === undefined) return [];
      const status = statusOf(stored, deps);
      return [
        {
          vin: stored.vin,
          lat: latitude,
          lon: longitude,
          heading: heading ?? null,
          speedKmh: speed ?? null,
          status,
          statusColour: STATUS_COLOURS[status],
        },
      ];
    });
    return { total, truncated: total > body.hits.hits.length, vehicles };
  },
});
