import { z } from 'zod';
import { deviceMessage } from './envelope';
import { devicePosition, identifier, optionalDeviceTimestamp, optionalNumeric } from './fields';

/** `dt/cvra/{deviceId}/trip`: the summary a vehicle sends when a trip ends. */
export const tripMessage = deviceMessage({
  tripid: identifier,
  tripsummary: z.object({
    starttime: optionalDeviceTimestamp,
    /** km */
    distance: optionalNumeric,
    /** seconds */
    duration: optionalNumeric,
    /** litres used */
    fuel: optionalNumeric,
    /** Seconds spent in each speed band, e.g. `{"0-30": 412}`; device-defined, kept whole. */
    speedprofile: z.record(z.string(), z.unknown()).optional(),
    startlocation: devicePosition.optional(),
    endlocation: devicePosition.optional(),
  }),
});
export type TripMessage = z.output<typeof tripMessage>;
