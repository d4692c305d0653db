import type {
  ActiveAnomaly,
  ActiveTroubleCode,
  Geolocation,
  VehicleDevice,
} from '@fleet/index-mappings';

/** The fields of a `latest_telemetry` or `shared_cardata` document the vehicle routes read. */
export interface StoredVehicle {
  readonly vin: string;
  readonly make?: string;
  readonly model?: string;
  readonly year?: number;
  readonly colour?: string;
  readonly sendtimestamp?: string | number;
  readonly geolocation?: Partial<Geolocation>;
  readonly devices?: readonly VehicleDevice[];
  readonly trouble_codes?: readonly Partial<ActiveTroubleCode>[];
  readonly anomalies?: readonly Partial<ActiveAnomaly>[];
}

/** `_source` includes for a vehicle summary: everything above, nothing else. */
export const STORED_VEHICLE_FIELDS = [
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

/** Stored timestamps are ISO strings or epoch millis; the API always answers ISO. */
export function toIso(value: string | number | undefined): string | null {
  if (value === undefined) return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export const toMillis = (value: string | number | undefined) => {
  const iso = toIso(value);
  return iso === null ? undefined : Date.parse(iso);
};
