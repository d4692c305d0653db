import { ANOMALY_TYPES } from '@fleet/index-mappings';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import { STATUS_COLOURS, vehicleStatus, vehicleStatusOf } from './vehicle-status';
import { type StoredVehicle, toIso, toMillis } from './stored-vehicle';

export const latLon = z.object({ lat: z.number(), lon: z.number() });

/** One vehicle in a list: enough for a row and a marker. */
export const vehicleSummary = z.object({
  vin: z.string(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  year: z.number().int().nullable(),
  colour: z.string().nullable(),
  position: latLon.nullable(),
  heading: z.number().nullable(),
  speedKmh: z.number().nullable(),
  lastSeen: z.iso.datetime().nullable(),
  status: vehicleStatus,
  statusColour: z.string(),
  softwareVersions: z.array(z.string()),
  troubleCodes: z.array(z.string()),
  anomalies: z.array(z.enum(ANOMALY_TYPES)),
});
export type VehicleSummary = z.output<typeof vehicleSummary>;

const unique = (values: readonly (string | undefined)[]) => [
  ...new Set(values.filter((v): v is string => v !== undefined)),
];

export function positionOf(stored: StoredVehicle) {
  const { latitude, longitude } = stored.geolocation ?? {};
  return latitude === undefined || longitude === undefined
    ? null
    : { lat: latitude, lon: longitude };
}

export function statusOf(stored: StoredVehicle, deps: Pick<ApiDeps, 'now' | 'offlineAfterMs'>) {
  return vehicleStatusOf(
    {
      lastSeenMs: toMillis(stored.sendtimestamp),
      speedKmh: stored.geolocation?.speed,
      activeIssues: (stored.trouble_codes?.length ?? 0) + (stored.anomalies?.length ?? 0),
    },
    deps.now(),
    deps.offlineAfterMs,
  );
}

export function toVehicleSummary(
  stored: StoredVehicle,
  deps: Pick<ApiDeps, 'now' | 'offlineAfterMs'>,
): VehicleSummary {
  const status = statusOf(stored, deps);
  return {
    vin: stored.vin,
    make: stored.make ?? null,
    model: stored.model ?? null,
    year: stored.year ?? null,
    colour: stored.colour ?? null,
    position: positionOf(stored),
    heading: stored.geolocation?.heading ?? null,
    speedKmh: stored.geolocation?.speed ?? null,
    lastSeen: toIso(stored.sendtimestamp),
    status,
    statusColour: STATUS_COLOURS[status],
    softwareVersions: unique((stored.devices ?? []).map((d) => d.softwareversion)),
    troubleCodes: unique((stored.trouble_codes ?? []).map((t) => t.code)),
    anomalies: unique(
      (stored.anomalies ?? []).map((a) => a.anomaly_type),
    ) as VehicleSummary['anomalies'],
  };
}
