import type { z } from 'zod';
import type { configResponse } from '../../src/settings/config-routes';
import type { jobDetail, jobSummary } from '../../src/ota/ota-job-view';
import type { aggregateVehiclesResponse } from '../../src/vehicles/aggregate-vehicles';
import type { filterVehiclesResponse } from '../../src/vehicles/filter-vehicles';
import type { vehicleDetail } from '../../src/vehicles/get-vehicle';
import type { lookupVehicleResponse } from '../../src/vehicles/lookup-vehicle';
import type { telemetrySeriesResponse } from '../../src/vehicles/telemetry-series';
import type { tripRouteResponse } from '../../src/vehicles/trip-route';
import type {
  vehicleAnomaly,
  vehicleDtc,
  vehicleEvent,
  vehicleTrip,
} from '../../src/vehicles/vehicle-history';

/** Response bodies as the routes document them, for typed assertions. */
export type Aggregate = z.output<typeof aggregateVehiclesResponse>;
export type Filtered = z.output<typeof filterVehiclesResponse>;
export type Lookup = z.output<typeof lookupVehicleResponse>;
export type VehicleDetail = z.output<typeof vehicleDetail>;
export type Page<T extends z.ZodType> = { items: z.output<T>[]; nextToken: string | null };
export type Events = Page<typeof vehicleEvent>;
export type Trips = Page<typeof vehicleTrip>;
export type Dtcs = Page<typeof vehicleDtc>;
export type Anomalies = Page<typeof vehicleAnomaly>;
export type TripRoute = z.output<typeof tripRouteResponse>;
export type TelemetrySeries = z.output<typeof telemetrySeriesResponse>;
export type Config = z.output<typeof configResponse>;
export type JobDetail = z.output<typeof jobDetail>;
export type JobSummary = z.output<typeof jobSummary>;
