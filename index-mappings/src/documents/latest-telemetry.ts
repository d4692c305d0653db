import { z } from 'zod';
import { cardataDocument } from './cardata';
import { activeAnomaly, activeTroubleCode } from './vehicle';
import { timestamp } from './shared';

/**
 * The newest telemetry of one vehicle (`_id` = vin) joined with everything the map and the
 * vehicle detail need: static data, devices, active trouble codes and anomalies.
 */
export const latestTelemetryDocument = cardataDocument.extend({
  trouble_codes: z.array(activeTroubleCode).optional(),
  anomalies: z.array(activeAnomaly).optional(),
  updatedat: timestamp.optional(),
});
export type LatestTelemetryDocument = z.infer<typeof latestTelemetryDocument>;
