import type { z } from 'zod';
import { anomalyDocument } from './documents/anomaly';
import { cardataDocument } from './documents/cardata';
import { devicesDocument } from './documents/devices';
import { dtcDocument } from './documents/dtc';
import { eventDocument } from './documents/event';
import { latestTelemetryDocument } from './documents/latest-telemetry';
import { sharedCardataDocument } from './documents/shared-cardata';
import { tripDocument } from './documents/trip';
import type { IndexName } from './index-definitions';

/** The stored document shape of each index; a unit test keeps them and the mapping files in step. */
export const documentSchemas = {
  devices: devicesDocument,
  shared_cardata: sharedCardataDocument,
  cardata: cardataDocument,
  latest_telemetry: latestTelemetryDocument,
  trip: tripDocument,
  dtc: dtcDocument,
  anomaly: anomalyDocument,
  event: eventDocument,
} as const satisfies Record<IndexName, z.ZodObject>;
