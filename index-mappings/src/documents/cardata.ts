import { z } from 'zod';
import { geolocation, timestamp } from './shared';
import { vehicleDevice, vehicleStaticData } from './vehicle';

const axisValue = z.object({ axis: z.number().optional(), value: z.number().optional() });
const maxAverage = z.object({ max: z.number().optional(), average: z.number().optional() });

/** CVRA `Communications`: strings as devices send them (often empty). */
const communications = z.object({
  gsm: z
    .object({
      satelites: z.string().optional(),
      fix: z.string().optional(),
      networktype: z.string().optional(),
      mnc: z.string().optional(),
      mcc: z.string().optional(),
      lac: z.string().optional(),
      cid: z.string().optional(),
    })
    .optional(),
  wifi: z.object({ networkid: z.string().optional() }).optional(),
  wired: z.object({ networkid: z.string().optional() }).optional(),
});

/**
 * One telemetry message (`dt/cvra/{deviceId}/cardata`), lowercased, with `geolocation.location`
 * added and the vehicle's static data and devices joined. `_id` is derived from `messageid`.
 */
export const cardataDocument = z.object({
  messageid: z.string(),
  simulationid: z.string().optional(),
  vin: z.string(),
  deviceid: z.string(),
  tripid: z.string().optional(),
  driverid: z.string().optional(),
  name: z.string().optional(),
  creationtimestamp: timestamp.optional(),
  sendtimestamp: timestamp,
  receivedat: timestamp.optional(),
  geolocation,
  communications: communications.optional(),
  acceleration: z
    .object({ maxlongitudinal: axisValue.optional(), maxlateral: axisValue.optional() })
    .optional(),
  throttle: maxAverage.optional(),
  speed: maxAverage.optional(),
  odometer: z
    .object({
      metres: z.number().optional(),
      ticksfl: z.int().optional(),
      ticksfr: z.int().optional(),
      ticksrl: z.int().optional(),
      ticksrr: z.int().optional(),
    })
    .optional(),
  /** Fuel level, %. */
  fuel: z.number().optional(),
  fuelinfo: z
    .object({
      currenttripconsumption: z.number().optional(),
      tankcapacity: z.number().optional(),
    })
    .optional(),
  oiltemp: z.number().optional(),
  /** CVRA sends strings such as "on", "off", "run". */
  ignitionstatus: z.string().optional(),
  /** The software version the reporting device says it runs. */
  softwareversion: z.string().optional(),
  ...vehicleStaticData.shape,
  devices: z.array(vehicleDevice).optional(),
});
export type CardataDocument = z.infer<typeof cardataDocument>;
