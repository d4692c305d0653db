import { type z } from 'zod';
import { cardataMessage } from './cardata';
import { dtcMessage } from './dtc';
import { eventMessage } from './event';
import { lowercaseKeys, PayloadTooDeepError } from './lowercase-keys';
import type { DeviceMessageKind } from './topics';
import { tripMessage } from './trip';

export const deviceMessageSchemas = {
  cardata: cardataMessage,
  dtc: dtcMessage,
  trip: tripMessage,
  event: eventMessage,
} as const;

export type DeviceMessage<K extends DeviceMessageKind = DeviceMessageKind> = z.output<
  (typeof deviceMessageSchemas)[K]
>;

export type ParsedDeviceMessage<K extends DeviceMessageKind> =
  | { readonly success: true; readonly message: DeviceMessage<K> }
  | { readonly success: false; readonly reason: string };

/** "is required" reads better in an error sink than zod's "expected string, received undefined". */
const requiredFieldError: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

/** One line naming every bad field: `geolocation.latitude must be <= 90; vin is required`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.') || '(payload)';
      return `${path} ${issue.message}`;
    })
    .join('; ');
}

/**
 * The backend's reading of a device payload: keys lower-cased recursively, then validated and
 * normalised (numbers from strings, timestamps to ISO-8601 UTC, VINs and codes upper-case).
 * Rejections carry a reason naming each bad field.
 */
export function parseDeviceMessage<K extends DeviceMessageKind>(
  kind: K,
  payload: unknown,
): ParsedDeviceMessage<K> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return { success: false, reason: `${kind} payload must be a JSON object` };
  }
  let lowercased: unknown;
  try {
    lowercased = lowercaseKeys(payload);
  } catch (err) {
    if (err instanceof PayloadTooDeepError) return { success: false, reason: err.message };
    throw err;
  }
  const schema = deviceMessageSchemas[kind] as unknown as z.ZodType<DeviceMessage<K>>;
  const parsed = schema.safeParse(lowercased, { error: requiredFieldError });
  if (parsed.success) return { success: true, message: parsed.data };
  return { success: false, reason: `invalid ${kind}: ${describeIssues(parsed.error)}` };
}
