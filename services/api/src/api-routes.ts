import { z } from 'zod';
import { buildOpenApiDocument } from './http/openapi';
import { defineRoute, type Route } from './http/route';
import { OTA_ROUTES } from './ota/ota-routes';
import { getConfig, putConfig } from './settings/config-routes';
import { aggregateVehicles } from './vehicles/aggregate-vehicles';
import { filterVehicles } from './vehicles/filter-vehicles';
import { getVehicle } from './vehicles/get-vehicle';
import { lookupVehicle } from './vehicles/lookup-vehicle';
import { getTelemetrySeries } from './vehicles/telemetry-series';
import { getTripRoute } from './vehicles/trip-route';
import {
  listVehicleAnomalies,
  listVehicleDtcs,
  listVehicleEvents,
  listVehicleTrips,
} from './vehicles/vehicle-history';

export const API_VERSION = '1.0.0';

const FLEET_ROUTES: readonly Route[] = [
  aggregateVehicles,
  filterVehicles,
  lookupVehicle,
  getVehicle,
  listVehicleEvents,
  listVehicleTrips,
  listVehicleDtcs,
  listVehicleAnomalies,
  getTripRoute,
  getTelemetrySeries,
  getConfig,
  putConfig,
  ...OTA_ROUTES,
];

/** `GET /openapi.json`: public, so tools and the console can read it before signing in. */
const getOpenApiDocument = defineRoute({
  operationId: 'getOpenApiDocument',
  method: 'GET',
  path: '/openapi.json',
  summary: 'This OpenAPI 3.1 document',
  tag: 'meta',
  access: 'public',
  response: z.record(z.string(), z.unknown()),
  handle: () => Promise.resolve(openApiDocument()),
});

/** Every route the API serves. */
export const API_ROUTES: readonly Route[] = [...FLEET_ROUTES, getOpenApiDocument];

let cachedDocument: ReturnType<typeof buildOpenApiDocument> | undefined;
export const openApiDocument = () =>
  (cachedDocument ??= buildOpenApiDocument(API_ROUTES, { version: API_VERSION }));
