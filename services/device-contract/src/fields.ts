import { z } from 'zod';

/** Device clocks are GPS-synced; a send time further ahead than this would pin a vehicle's state. */
export const MAX_CLOCK_AHEAD_MS = 15 * 60 * 1000;
/** Before this a device clock was never set, so the time is unusable. */
const EARLIEST_TIMESTAMP_MS = Date.UTC(2000, 0, 1);

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Absent, null and "" all mean "not sent": CVRA devices send empty strings for unknown values. */
const absent = (value: unknown) => (value === null || value === '' ? undefined : value);

/** A union's error: "is required" when absent, otherwise what was expected. */
const expected = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is required' : `expected ${what}`,
});

/** A finite number, or a string holding one: devices serialise numbers either way. */
export const numeric = z
  .union(
    [z.number(), z.string().trim().regex(NUMBER_TEXT, 'expected a number').transform(Number)],
    expected('a number'),
  )
  .pipe(z.number().finite());

export const optionalNumeric = z.preprocess(absent, numeric.optional());

/** Free text; numbers are accepted and kept as their string form. */
export const text = z
  .union([z.string(), z.number().transform(String)], expected('a string'))
  .pipe(z.string().max(256));
export const optionalText = z.preprocess(absent, text.optional());

/** An identifier such as a message, trip or driver id: non-empty, short, no control characters. */
export const identifier = z
  .union([z.string(), z.number().int().transform(String)], expected('a string'))
  .pipe(
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(128, 'must be at most 128 characters')
      .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters'),
  );
export const optionalIdentifier = z.preprocess(absent, identifier.optional());

/**
 * A vehicle identification number. Stored upper-case, so one vehicle is one document whatever
 * the device's casing. Legacy and test VINs are not always 17 characters, so only the alphabet
 * and length are checked here; the simulator generates standard, check-digit-valid VINs.
 */
export const vin = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .trim()
  .min(1, 'must not be empty')
  .max(32, 'must be at most 32 characters')
  .regex(/^[A-Za-z0-9_-]*$/, 'must be letters, digits, "-" or "_"')
  .transform((value) => value.toUpperCase());

/** `true`/`false`, or the strings "true"/"false" in any case. */
export const flag = z.union(
  [
    z.boolean(),
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['true', 'false']))
      .transform((value) => value === 'true'),
  ],
  expected('true or false'),
);

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch milliseconds sent as a string, as some devices serialise every number. */
const EPOCH_MILLIS_TEXT = /^\d{12,15}$/;
/** The largest time a JavaScript Date holds; beyond it `toISOString` would throw. */
const MAX_DATE_MS = 8.64e15;

/** Milliseconds since the epoch of an ISO-8601 date-time; a missing zone means UTC. */
function parseIsoDateTime(value: string): number | undefined {
  const m = ISO_DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = m;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3) || '0');
  const utc = Date.UTC(+year!, +month! - 1, +day!, +hour!, +minute!, +second, ms);
  const check = new Date(utc);
  // Date.UTC rolls 2024-02-31 over into March; a calendar-invalid date is unusable.
  const outOfRange = +hour! > 23 || +minute! > 59 || +second > 59;
  if (outOfRange || check.getUTCDate() !== +day! || check.getUTCMonth() !== +month! - 1) {
    return undefined;
  }
  if (zone.toUpperCase() === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/**
 * A device timestamp: ISO-8601 (zone optional, UTC assumed; a space may replace the `T`) or epoch
 * milliseconds. Normalised to an ISO-8601 UTC string so every index sorts it the same way.
 */
export const deviceTimestamp = z
  .union([z.string(), z.number()], expected('an ISO-8601 date-time or epoch millis'))
  .transform((value, ctx) => {
    const ms =
      typeof value === 'number'
        ? value
        : EPOCH_MILLIS_TEXT.test(value.trim())
          ? Number(value)
          : parseIsoDateTime(value);
    if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date-time or epoch millis' });
      return z.NEVER;
    }
    if (ms < EARLIEST_TIMESTAMP_MS) {
      ctx.addIssue({ code: 'custom', message: 'is before 2000: the device clock is not set' });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });
export const optionalDeviceTimestamp = z.preprocess(absent, deviceTimestamp.optional());

/**
 * A secondary timestamp (`CreationTimeStamp`): an unusable value is dropped rather than
 * rejecting a message whose send time is fine.
 */
export const lenientDeviceTimestamp = z
  .union([z.string(), z.number()])
  .optional()
  .catch(undefined)
  .transform((value) => {
    const parsed = optionalDeviceTimestamp.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  });

const latitude = numeric.pipe(z.number().min(-90, 'must be >= -90').max(90, 'must be <= 90'));
const longitude = numeric.pipe(z.number().min(-180, 'must be >= -180').max(180, 'must be <= 180'));

/** (0, 0) is what a receiver without a fix reports, so it is not a usable position. */
const hasFix = (p: { latitude: number; longitude: number }) =>
  p.latitude !== 0 || p.longitude !== 0;
const NO_FIX = { message: 'is (0, 0): the receiver has no position fix' };

/** CVRA `StartLocation`/`EndLocation`. */
export const devicePosition = z
  .object({ latitude, longitude, altitude: optionalNumeric })
  .refine(hasFix, NO_FIX);

/** CVRA `GeoLocation`: a position with heading (degrees) and speed (km/h). */
export const deviceGeolocation = z
  .object({
    latitude,
    longitude,
    altitude: optionalNumeric,
    heading: optionalNumeric,
    speed: optionalNumeric,
  })
  .refine(hasFix, NO_FIX);
