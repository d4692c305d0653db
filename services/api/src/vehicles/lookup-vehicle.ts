import { z } from 'zod';
import { notFound } from '../http/api-error';
import { defineRoute } from '../http/route';
import { single } from '../http/query-params';
import { searchIndex } from '../search/search-response';
import { STORED_VEHICLE_FIELDS, type StoredVehicle } from './stored-vehicle';
import { boundingBox, vehicleFilterParams } from './vehicle-filters';
import { vehicleQuery } from './vehicle-query';
import { toVehicleSummary, vehicleSummary } from './vehicle-summary';

export const lookupVehicleResponse = z.object({
  vehicle: vehicleSummary,
  /** How many vehicles matched; more than one means the cluster has split since it was drawn. */
  matches: z.number().int(),
});

/** The vehicle inside a one-vehicle cluster's bounds, so a click on it can open its detail. */
export const lookupVehicle = defineRoute({
  operationId: 'lookupVehicle',
  method: 'GET',
  path: '/vehicles/lookup',
  summary: "The vehicle inside a one-vehicle cluster's bounds",
  tag: 'vehicles',
  access: 'viewer',
  query: z.object({ ...vehicleFilterParams, bbox: single(boundingBox) }).strict(),
  response: lookupVehicleResponse,
  async handle({ query }, deps) {
    const body = await searchIndex<StoredVehicle>(deps.search, 'latest_telemetry', {
      size: 1,
      track_total_hits: true,
      query: vehicleQuery(query),
      sort: [{ vin: 'asc' }],
      _source: { includes: STORED_VEHICLE_FIELDS },
    });
    const stored = body.hits.hits[0]?._source;
    if (!stored) throw notFound('no vehicle matches inside these bounds');
    return { vehicle: toVehicleSummary(stored, deps), matches: body.hits.total?.value ?? 1 };
  },
});
