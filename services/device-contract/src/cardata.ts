import { z } from 'zod';
import { deviceMessage } from './envelope';
import { deviceGeolocation, optionalIdentifier, optionalNumeric, optionalText } from './fields';

const axisValue = z.object({ axis: optionalNumeric, value: optionalNumeric });
const maxAverage = z.object({ max: optionalNumeric, average: optionalNumeric });
const networkId = z.object({ networkid: optionalText });

/** `dt/cvra/{deviceId}/cardata`: telemetry, typically every 2 s while driving. */
export const cardataMessage = deviceMessage({
  simulationid: optionalText,
  tripid: optionalIdentifier,
  driverid: optionalText,
  name: optionalText,
  geolocation: deviceGeolocation,
  communications: z
    .object({
      gsm: z
        .object({
          satelites: optionalText,
          fix: optionalText,
          networktype: optionalText,
          mnc: optionalText,
          mcc: optionalText,
          lac: optionalText,
          cid: optionalText,
        })
        .optional(),
      wifi: networkId.optional(),
      wired: networkId.optional(),
    })
    .optional(),
  acceleration: z
    .object({ maxlongitudinal: axisValue.optional(), maxlateral: axisValue.optional() })
    .optional(),
  throttle: maxAverage.optional(),
  speed: maxAverage.optional(),
  odometer: z
    .object({
      metres: optionalNumeric,
      ticksfl: optionalNumeric,
      ticksfr: optionalNumeric,
      ticksrl: optionalNumeric,
      ticksrr: optionalNumeric,
    })
    .optional(),
  fuel: optionalNumeric,
  fuelinfo: z
    .object({ currenttripconsumption: optionalNumeric, tankcapacity: optionalNumeric })
    .optional(),
  oiltemp: optionalNumeric,
  ignitionstatus: optionalText,
  /** The software version the reporting device runs; a Fleet Manager addition to CVRA. */
  softwareversion: optionalText,
});
export type CardataMessage = z.output<typeof cardataMessage>;
