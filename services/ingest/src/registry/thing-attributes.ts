import { vin as vinSchema } from '@fleet/device-contract';
import type { VehicleStaticData } from '@fleet/index-mappings';

/** What the registry handler reads from a thing's attributes. */
export interface ThingStaticData extends VehicleStaticData {
  readonly vin?: string;
  readonly softwareversion?: string;
}

export interface ThingAttributes {
  readonly data: ThingStaticData;
  /** Attribute values that cannot be used, e.g. `attributes.vin must not be empty`. */
  readonly issues: readonly string[];
}

/** The attribute keys we understand, lower-case; `color` is accepted for `colour`. */
const KEYS = {
  vin: ['vin'],
  make: ['make'],
  model: ['model'],
  year: ['year'],
  colour: ['colour', 'color'],
  softwareversion: ['softwareversion'],
} as const;

/** Registry attribute values are strings, but a hand-made event may carry a number. */
function textValue(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** `year` is an `integer` field; anything else is left out rather than failing the event. */
function yearValue(value: unknown): number | undefined {
  const text = textValue(value);
  if (text === undefined || !/^\d{1,4}$/.test(text)) return undefined;
  const year = Number(text);
  return year >= 1 ? year : undefined;
}

/**
 * Reads the static data of a thing from its attributes, matching keys case-insensitively
 * (`softwareVersion` and `softwareversion` are the same attribute). A VIN is normalised like the
 * VIN devices send (trimmed, upper-case), so both name the same vehicle document; an unusable VIN
 * is an issue, since leaving it out would detach the device from its vehicle.
 */
export function readThingAttributes(
  attributes: Readonly<Record<string, unknown>>,
): ThingAttributes {
  const byKey = new Map<string, unknown>();
  for (const [key, value] of Object.entries(attributes)) {
    const lower = key.toLowerCase();
    // An exact lower-case key wins over another casing of it.
    if (!byKey.has(lower) || key === lower) byKey.set(lower, value);
  }
  const first = (keys: readonly string[]) =>
    keys.map((key) => byKey.get(key)).find((value) => value !== undefined);

  const issues: string[] = [];
  let vin: string | undefined;
  const rawVin = first(KEYS.vin);
  const vinText = textValue(rawVin);
  if (vinText !== undefined) {
    const parsed = vinSchema.safeParse(vinText);
    if (parsed.success) vin = parsed.data;
    else issues.push(`attributes.vin ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  } else if (rawVin !== undefined && rawVin !== null && rawVin !== '') {
    issues.push('attributes.vin must be a string');
  }

  const text = (field: 'make' | 'model' | 'colour' | 'softwareversion') =>
    textValue(first(KEYS[field]));
  const fields: ThingStaticData = {
    vin,
    make: text('make'),
    model: text('model'),
    year: yearValue(first(KEYS.year)),
    colour: text('colour'),
    softwareversion: text('softwareversion'),
  };
  // Absent fields are left out rather than `undefined`, so the data compares as its JSON.
  const data = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as ThingStaticData;
  return { data, issues };
}
