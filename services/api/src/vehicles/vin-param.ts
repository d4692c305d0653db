import { z } from 'zod';

/** A full VIN in a path (`/vehicles/{vin}`); stored VINs are upper case. */
export const vinParams = z.object({
  vin: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-HJ-NPR-Z0-9]{17}$/, 'must be a 17-character VIN'),
});
