import { z } from 'zod';
import { geolocation, timestamp } from './shared';
import { anomalyType } from './vehicle';

/** One anomaly detected in telemetry; `_id` = anomalyid, so a redelivered message adds none. */
export const anomalyDocument = z.object({
  anomalyid: z.string(),
  anomaly_type: anomalyType,
  value: z.number(),
  threshold: z.number(),
  messageid: z.string(),
  vin: z.string(),
  deviceid: z.string(),
  tripid: z.string().optional(),
  sendtimestamp: timestamp,
  receivedat: timestamp.optional(),
  geolocation: geolocation.optional(),
});
export type AnomalyDocument = z.infer<typeof anomalyDocument>;
