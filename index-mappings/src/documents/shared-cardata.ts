import { z } from 'zod';
import { timestamp } from './shared';
import { activeAnomaly, activeTroubleCode, vehicleDevice, vehicleStaticData } from './vehicle';

/**
 * The vehicle's state that outlives a message (`_id` = vin): static data from the registry, its
 * devices and their software versions, active trouble codes and anomalies. Telemetry ingest joins
 * it; OTA resolves its target devices from it.
 */
export const sharedCardataDocument = z.object({
  vin: z.string(),
  ...vehicleStaticData.shape,
  devices: z.array(vehicleDevice).optional(),
  trouble_codes: z.array(activeTroubleCode).optional(),
  anomalies: z.array(activeAnomaly).optional(),
  /**
   * When each recently cleared code was cleared, so a "set" that arrives
   * after a newer "clear" cannot bring the code back.
   */
  cleared_trouble_codes: z
    .array(z.object({ code: z.string(), sendtimestamp: timestamp }))
    .optional(),
  createdat: timestamp.optional(),
  updatedat: timestamp.optional(),
});
export type SharedCardataDocument = z.infer<typeof sharedCardataDocument>;
