import { z } from 'zod';
import { timestamp } from './shared';

/** A vehicle's static data, from its thing attributes in the IoT registry. */
export const vehicleStaticData = z.object({
  make: z.string().optional(),
  model: z.string().optional(),
  year: z.int().optional(),
  colour: z.string().optional(),
});
export type VehicleStaticData = z.infer<typeof vehicleStaticData>;

/** One telematics unit (IoT thing) fitted to a vehicle; a vehicle may have several. */
export const vehicleDevice = z.object({
  deviceid: z.string(),
  softwareversion: z.string().optional(),
});
export type VehicleDevice = z.infer<typeof vehicleDevice>;

/** An active diagnostic trouble code: added when a device sets it, removed when it clears it. */
export const activeTroubleCode = z.object({
  code: z.string(),
  deviceid: z.string().optional(),
  messageid: z.string().optional(),
  sendtimestamp: timestamp,
});
export type ActiveTroubleCode = z.infer<typeof activeTroubleCode>;

export const ANOMALY_TYPES = [
  'over_speed',
  'low_fuel',
  'high_oil_temp',
  'harsh_acceleration',
] as const;
export const anomalyType = z.enum(ANOMALY_TYPES);
export type AnomalyType = z.infer<typeof anomalyType>;

/** What anomaly detection found, as kept on the vehicle's active list. */
export const activeAnomaly = z.object({
  anomalyid: z.string(),
  anomaly_type: anomalyType,
  value: z.number(),
  threshold: z.number(),
  tripid: z.string().optional(),
  deviceid: z.string().optional(),
  messageid: z.string().optional(),
  sendtimestamp: timestamp,
});
export type ActiveAnomaly = z.infer<typeof activeAnomaly>;
