import { badRequest } from '../errors';

const TIME_UNITS: Readonly<Record<string, number>> = {
  nanos: 1e-6,
  micros: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** OpenSearch's TimeValue.parseTimeValue (case-insensitive, integral amounts), in millis. */
export function parseTimeValue(text: string, setting: string): number {
  const normalized = text.toLowerCase().trim();
  if (normalized === '0' || normalized === '-1') return Number(normalized);
  const m = /^(-?[\d.]+)\s*(nanos|micros|ms|s|m|h|d)$/.exec(normalized);
  if (!m) {
    throw badRequest(
      `failed to parse setting [${setting}] with value [${text}] as a time value: unit is missing or unrecognized`,
    );
  }
  if (!/^-?\d+$/.test(m[1]!)) {
    throw badRequest(`failed to parse [${text}], fractional time values are not supported`);
  }
  return Math.trunc(Number(m[1]) * TIME_UNITS[m[2]!]!);
}
