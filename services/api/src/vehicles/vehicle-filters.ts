import { ANOMALY_TYPES } from '@fleet/index-mappings';
import { z } from 'zod';
import { repeated, single } from '../http/query-params';

/** Checks west, south, east, north in degrees; west > east crosses the antimeridian. */
function toBoundingBox(parts: readonly number[], ctx: z.RefinementCtx) {
  const [west, south, east, north] = parts;
  if (
    parts.length !== 4 ||
    parts.some((n) => !Number.isFinite(n)) ||
    west === undefined ||
    south === undefined ||
    east === undefined ||
    north === undefined
  ) {
    ctx.addIssue({ code: 'custom', message: 'must be west,south,east,north in degrees' });
    return z.NEVER;
  }
  if ([west, east].some((lon) => lon < -180 || lon > 180)) {
    ctx.addIssue({ code: 'custom', message: 'longitudes must be within [-180, 180]' });
  }
  if ([south, north].some((lat) => lat < -90 || lat > 90)) {
    ctx.addIssue({ code: 'custom', message: 'latitudes must be within [-90, 90]' });
  }
  if (south > north) ctx.addIssue({ code: 'custom', message: 'south must not exceed north' });
  return { west, south, east, north };
}

/** `west,south,east,north` as a query parameter. */
export const boundingBox = z
  .string()
  .transform((text, ctx) =>
    toBoundingBox(
      text.split(',').map((part) => (part.trim() === '' ? NaN : Number(part))),
      ctx,
    ),
  )
  .meta({ description: 'west,south,east,north in degrees (west > east crosses the antimeridian)' });

/** `[west, south, east, north]` in a JSON body. */
export const boundingBoxArray = z
  .array(z.number())
  .transform((parts, ctx) => toBoundingBox(parts, ctx))
  .meta({ description: '[west, south, east, north] in degrees' });

export type BoundingBox = z.output<typeof boundingBox>;

const YEAR = /^(\d{4})(?:\.\.(\d{4}))?$/;

/** A model year (`2021`) or an inclusive range (`2018..2021`). */
const yearOrRange = z.union([z.string(), z.int()]).transform((value, ctx) => {
  const match = YEAR.exec(String(value).trim());
  const from = Number(match?.[1]);
  const to = match?.[2] === undefined ? from : Number(match[2]);
  if (!match || from > to) {
    ctx.addIssue({ code: 'custom', message: 'must be a year (2021) or a range (2018..2021)' });
    return z.NEVER;
  }
  return { from, to };
});

const name = z.string().trim().min(1).max(64);
const vin = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-HJ-NPR-Z0-9]{1,17}$/, 'must be a VIN or the start of one');

/** The filters every vehicle route takes, as query parameters. */
export const vehicleFilterParams = {
  vin: single(vin)
    .optional()
    .meta({ description: 'A full VIN (17 characters) matches exactly; fewer match as a prefix.' }),
  make: repeated(name).optional(),
  model: repeated(name).optional(),
  year: repeated(yearOrRange)
    .optional()
    .meta({ description: 'Model years (2021) or ranges (2018..2021); repeat for several.' }),
  swVersion: single(name).optional().meta({ description: 'A device software version, exactly.' }),
  troubleCodes: repeated(name)
    .optional()
    .meta({ description: 'Vehicles with any of these active trouble codes.' }),
  anomalies: repeated(z.enum(ANOMALY_TYPES))
    .optional()
    .meta({ description: 'Vehicles with any of these active anomalies.' }),
  bbox: single(boundingBox).optional(),
};

export const vehicleFilters = z.object(vehicleFilterParams).strict();
export type VehicleFilters = z.output<typeof vehicleFilters>;

/** The filters that count as facets on the filter panel. */
export const FACETS = ['make', 'model', 'year', 'swVersion', 'troubleCodes', 'anomalies'] as const;
export type Facet = (typeof FACETS)[number];

/** The same filters in a JSON body (OTA targeting): lists as arrays, the box as four numbers. */
export const vehicleFiltersBody = z
  .object({
    vin: vin.optional(),
    make: z.array(name).max(100).optional(),
    model: z.array(name).max(100).optional(),
    year: z.array(yearOrRange).max(100).optional(),
    swVersion: name.optional(),
    troubleCodes: z.array(name).max(100).optional(),
    anomalies: z.array(z.enum(ANOMALY_TYPES)).optional(),
    bbox: boundingBoxArray.optional(),
  })
  .strict();
