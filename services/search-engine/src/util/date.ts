import { badRequest } from '../errors';

/** Date formats the engine understands, by OpenSearch's built-in names. */
const ISO_FORMATS = new Set([
  'strict_date_optional_time',
  'date_optional_time',
  'strict_date_optional_time_nanos',
  'strict_date_time',
  'date_time',
  'strict_date_time_no_millis',
  'date_time_no_millis',
  'strict_date',
  'date',
  'strict_date_hour_minute_second',
  'date_hour_minute_second',
  'strict_date_hour_minute_second_millis',
  'date_hour_minute_second_millis',
]);
const EPOCH_FORMATS = new Set(['epoch_millis', 'epoch_second']);

export const DEFAULT_DATE_FORMAT = 'strict_date_optional_time||epoch_millis';

/** A Java-style pattern such as `yyyy-MM-dd HH:mm:ss`, compiled once. */
interface DatePattern {
  readonly regex: RegExp;
  readonly fields: string[];
  format(millis: number): string;
}

const PATTERN_TOKEN = /'([^']*)'|(yyyy|uuuu|yy|MM|M|dd|d|HH|H|mm|ss|SSS|XXX|Z)|([-/:. T,])/g;
const patternCache = new Map<string, DatePattern | undefined>();

function compilePattern(pattern: string): DatePattern | undefined {
  if (patternCache.has(pattern)) return patternCache.get(pattern);
  let source = '';
  let consumed = 0;
  const fields: string[] = [];
  const printers: ((d: Date) => string)[] = [];
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  for (const m of pattern.matchAll(PATTERN_TOKEN)) {
    if (m.index !== consumed) break;
    consumed += m[0].length;
    const [, literal, field, separator] = m;
    if (literal !== undefined || separator !== undefined) {
      const text = literal ?? separator!;
      source += text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      printers.push(() => text);
      continue;
    }
    fields.push(field!);
    const digits: Record<string, string> = {
      yyyy: '(\\d{4})',
      uuuu: '(\\d{4})',
      yy: '(\\d{2})',
      SSS: '(\\d{3})',
      M: '(\\d{1,2})',
      d: '(\\d{1,2})',
      H: '(\\d{1,2})',
      XXX: '(Z|[+-]\\d{2}:\\d{2})',
      Z: '([+-]\\d{4})',
    };
    source += digits[field!] ?? '(\\d{2})';
    printers.push((d) => {
      switch (field) {
        case 'yyyy':
        case 'uuuu':
          return pad(d.getUTCFullYear(), 4);
        case 'yy':
          return pad(d.getUTCFullYear() % 100, 2);
        case 'MM':
          return pad(d.getUTCMonth() + 1, 2);
        case 'M':
          return String(d.getUTCMonth() + 1);
        case 'dd':
          return pad(d.getUTCDate(), 2);
        case 'd':
          return String(d.getUTCDate());
        case 'HH':
          return pad(d.getUTCHours(), 2);
        case 'H':
          return String(d.getUTCHours());
        case 'mm':
          return pad(d.getUTCMinutes(), 2);
        case 'ss':
          return pad(d.getUTCSeconds(), 2);
        case 'SSS':
          return pad(d.getUTCMilliseconds(), 3);
        case 'XXX':
          return 'Z';
        default:
          return '+0000';
      }
    });
  }
  const compiled =
    consumed === pattern.length && fields.length > 0
      ? {
          regex: new RegExp(`^${source}$`),
          fields,
          format: (t: number) => printers.map((p) => p(new Date(t))).join(''),
        }
      : undefined;
  patternCache.set(pattern, compiled);
  return compiled;
}

function parsePattern(text: string, pattern: DatePattern): number | undefined {
  const m = pattern.regex.exec(text);
  if (!m) return undefined;
  const parts = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0, offset: 0 };
  pattern.fields.forEach((field, i) => {
    const v = m[i + 1]!;
    if (field === 'yy') parts.y = 2000 + Number(v);
    else if (field === 'yyyy' || field === 'uuuu') parts.y = Number(v);
    else if (field === 'XXX' || field === 'Z') {
      if (v !== 'Z') {
        const digits = v.replace(':', '');
        parts.offset =
          (digits.startsWith('-') ? -1 : 1) *
          (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
      }
    } else if (field === 'SSS') parts.S = Number(v);
    else parts[field[0] as 'M' | 'd' | 'H' | 'm' | 's'] = Number(v);
  });
  const t = Date.UTC(parts.y, parts.M - 1, parts.d, parts.H, parts.m, parts.s, parts.S);
  return new Date(t).getUTCDate() === parts.d && parts.M <= 12
    ? t - parts.offset * 60_000
    : undefined;
}

export function validateDateFormat(format: string): void {
  for (const part of format.split('||')) {
    if (!ISO_FORMATS.has(part) && !EPOCH_FORMATS.has(part) && !compilePattern(part)) {
      throw badRequest(`Invalid format: [${format}]: unsupported date format [${part}]`);
    }
  }
}

const ISO_PATTERN =
  /^([+-]?\d{4,6})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
const two = (text: string, i: number) => digit(text, i) * 10 + digit(text, i + 1);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/** Fast path for what devices send: `YYYY-MM-DDTHH:MM:SS[.fff]Z`, without regex or allocation. */
function parseCanonicalUtc(text: string): number | undefined {
  const n = text.length;
  if (n < 20 || n > 24 || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (
    text[4] !== '-' ||
    text[7] !== '-' ||
    text[10] !== 'T' ||
    text[13] !== ':' ||
    text[16] !== ':'
  )
    return undefined;
  let millis = 0;
  if (n > 20) {
    if (text[19] !== '.' || n === 21) return undefined;
    for (let i = 20, scale = 100; i < n - 1; i++, scale /= 10) {
      const d = digit(text, i);
      if (!(d >= 0 && d <= 9)) return undefined;
      millis += d * scale;
    }
  }
  for (const i of DIGIT_POSITIONS) {
    const d = digit(text, i);
    if (!(d >= 0 && d <= 9)) return undefined;
  }
  const year = two(text, 0) * 100 + two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

function parseIso(text: string): number | undefined {
  const fast = parseCanonicalUtc(text);
  if (fast !== undefined) return fast;
  const m = ISO_PATTERN.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (zone && !h) return undefined;
  const month = mo ? Number(mo) : 1;
  const day = d ? Number(d) : 1;
  const hour = h ? Number(h) : 0;
  const minute = mi ? Number(mi) : 0;
  const second = s ? Number(s) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const millis = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(Number(y), month - 1, day, hour, minute, second, millis);
  if (new Date(t).getUTCDate() !== day) return undefined; // e.g. February 30th
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    t -= sign * offset * 60_000;
  }
  return t;
}

type DateParser = (value: unknown) => number | undefined;
const EPOCH_TEXT = /^-?\d+(\.\d+)?$/;
const parserCache = new Map<string, DateParser[]>();

function partParser(part: string): DateParser {
  if (EPOCH_FORMATS.has(part)) {
    const factor = part === 'epoch_second' ? 1000 : 1;
    return (value) => {
      if (typeof value === 'string' && !EPOCH_TEXT.test(value)) return undefined;
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
      return Number.isFinite(n) ? Math.floor(n * factor) : undefined;
    };
  }
  const pattern = ISO_FORMATS.has(part) ? undefined : compilePattern(part);
  return (value) =>
    typeof value !== 'string'
      ? undefined
      : pattern
        ? parsePattern(value, pattern)
        : parseIso(value);
}

/** Parses a date value with a `a||b` format list; undefined when no format accepts it. */
export function parseDate(value: unknown, format = DEFAULT_DATE_FORMAT): number | undefined {
  let parsers = parserCache.get(format);
  if (!parsers) {
    parsers = format.split('||').map(partParser);
    parserCache.set(format, parsers);
  }
  for (const parse of parsers) {
    const t = parse(value);
    if (t !== undefined) return t;
  }
  return undefined;
}

/** Renders a date the way the first format of the field's format list prints it. */
export function formatDate(millis: number, format = DEFAULT_DATE_FORMAT): string {
  const first = format.split('||')[0]!;
  if (first === 'epoch_millis') return String(millis);
  if (first === 'epoch_second') return String(Math.floor(millis / 1000));
  const iso = new Date(millis).toISOString();
  if (first === 'strict_date' || first === 'date') return iso.slice(0, 10);
  const pattern = ISO_FORMATS.has(first) ? undefined : compilePattern(first);
  return pattern ? pattern.format(millis) : iso;
}

const UNITS = 'yMwdhHms';

function addUnit(t: number, amount: number, unit: string): number {
  const d = new Date(t);
  switch (unit) {
    case 'y':
      d.setUTCFullYear(d.getUTCFullYear() + amount);
      return d.getTime();
    case 'M':
      d.setUTCMonth(d.getUTCMonth() + amount);
      return d.getTime();
    case 'w':
      return t + amount * 7 * 86_400_000;
    case 'd':
      return t + amount * 86_400_000;
    case 'h':
    case 'H':
      return t + amount * 3_600_000;
    case 'm':
      return t + amount * 60_000;
    case 's':
      return t + amount * 1000;
    default:
      throw badRequest(`unit [${unit}] not supported for date math`);
  }
}

/** Rounds down to the start of the unit; with `up`, to its last millisecond (OpenSearch's gt/lte rule). */
function roundUnit(t: number, unit: string, up: boolean): number {
  const d = new Date(t);
  let start: number;
  switch (unit) {
    case 'y':
      start = Date.UTC(d.getUTCFullYear(), 0, 1);
      break;
    case 'M':
      start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      break;
    case 'w': {
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      start = day - ((d.getUTCDay() + 6) % 7) * 86_400_000; // ISO weeks start on Monday
      break;
    }
    case 'd':
      start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      break;
    case 'h':
    case 'H':
      start = t - (((t % 3_600_000) + 3_600_000) % 3_600_000);
      break;
    case 'm':
      start = t - (((t % 60_000) + 60_000) % 60_000);
      break;
    case 's':
      start = t - (((t % 1000) + 1000) % 1000);
      break;
    default:
      throw badRequest(`unit [${unit}] not supported for date math`);
  }
  return up ? addUnit(start, 1, unit) - 1 : start;
}

/**
 * Resolves an OpenSearch date-math expression: `now-1h`, `now/d`, `2024-01-01||+1M/d`, or a
 * plain date in the given format.
 */
export function resolveDateMath(
  expression: unknown,
  options: { now: number; format?: string; roundUp?: boolean },
): number {
  const format = options.format ?? DEFAULT_DATE_FORMAT;
  if (
    typeof expression !== 'string' ||
    (!expression.startsWith('now') && !expression.includes('||'))
  ) {
    const t = parseDate(expression, format);
    if (t === undefined) {
      throw badRequest(
        `failed to parse date field [${String(expression)}] with format [${format}]`,
        'parse_exception',
      );
    }
    return t;
  }
  let anchor: number;
  let math: string;
  if (expression.startsWith('now')) {
    anchor = options.now;
    math = expression.slice(3);
  } else {
    const at = expression.indexOf('||');
    const base = parseDate(expression.slice(0, at), format);
    if (base === undefined) throw badRequest(`failed to parse date field [${expression}]`);
    anchor = base;
    math = expression.slice(at + 2);
  }
  let i = 0;
  let t = anchor;
  while (i < math.length) {
    const op = math[i]!;
    i++;
    if (op === '/') {
      const unit = math[i];
      if (!unit || !UNITS.includes(unit)) throw badRequest(`invalid date math [${expression}]`);
      t = roundUnit(t, unit, options.roundUp ?? false);
      i++;
    } else if (op === '+' || op === '-') {
      let digits = '';
      while (i < math.length && /\d/.test(math[i]!)) digits += math[i++];
      const unit = math[i];
      if (!unit || !UNITS.includes(unit)) throw badRequest(`invalid date math [${expression}]`);
      i++;
      t = addUnit(t, (op === '-' ? -1 : 1) * (digits ? Number(digits) : 1), unit);
    } else {
      throw badRequest(`operator not supported for date math [${expression}]`);
    }
  }
  return t;
}
