import { z } from 'zod';
import { timestamp } from './shared';
import { vehicleStaticData } from './vehicle';

/** One IoT thing (`_id` = deviceid = thing name), from registry events and OTA job results. */
export const devicesDocument = z.object({
  deviceid: z.string(),
  thingname: z.string(),
  thingid: z.string().optional(),
  thingtypename: z.string().optional(),
  /** The registry's version of the thing, so an older registry event cannot overwrite a newer one. */
  versionnumber: z.int().optional(),
  vin: z.string().optional(),
  ...vehicleStaticData.shape,
  softwareversion: z.string().optional(),
  /** Every thing attribute as the registry holds it, stored but not indexed. */
  attributes: z.record(z.string(), z.unknown()).optional(),
  createdat: timestamp.optional(),
  updatedat: timestamp.optional(),
  lastjobid: z.string().optional(),
  /** IoT job execution status, e.g. QUEUED, IN_PROGRESS, SUCCEEDED, FAILED. */
  lastjobstatus: z.string().optional(),
  lastjobupdatedat: timestamp.optional(),
});
export type DevicesDocument = z.infer<typeof devicesDocument>;
