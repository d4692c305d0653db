import { badRequest } from '../errors';

/** Rounds epoch millis down to bucket keys (UTC), and steps from one key to the next. */
export interface Rounding {
  round(t: number): number;
  next(key: number): number;
}

export type CalendarUnit =
  'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** DateHistogramAggregationBuilder.DATE_FIELD_UNITS. */
export const CALENDAR_UNITS: Readonly<Record<string, CalendarUnit>> = {
  second: 'second',
  '1s': 'second',
  minute: 'minute',
  '1m': 'minute',
  hour: 'hour',
  '1h': 'hour',
  day: 'day',
  '1d': 'day',
  week: 'week',
  '1w': 'week',
  month: 'month',
  '1M': 'month',
  quarter: 'quarter',
  '1q': 'quarter',
  year: 'year',
  '1y': 'year',
};

const floorMod = (a: number, n: number) => ((a % n) + n) % n;

function roundCalendar(t: number, unit: CalendarUnit): number {
  switch (unit) {
    case 'second':
      return t - floorMod(t, 1000);
    case 'minute':
      return t - floorMod(t, 60_000);
    case 'hour':
      return t - floorMod(t, 3_600_000);
    case 'day':
      return t - floorMod(t, 86_400_000);
    case 'week': {
      const day = t - floorMod(t, 86_400_000);
      return day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000; // weeks start on Monday
    }
    default: {
      const d = new Date(t);
      const year = d.getUTCFullYear();
      if (unit === 'year') return Date.UTC(year, 0, 1);
      const month = d.getUTCMonth();
      return Date.UTC(year, unit === 'quarter' ? month - (month % 3) : month, 1);
    }
  }
}

function nextCalendar(key: number, unit: CalendarUnit): number {
  switch (unit) {
    case 'second':
      return key + 1000;
    case 'minute':
      return key + 60_000;
    case 'hour':
      return key + 3_600_000;
    case 'day':
      return key + 86_400_000;
    case 'week':
      return key + 7 * 86_400_000;
    default: {
      const d = new Date(key);
      const months = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
    }
  }
}

/** Calendar-aware buckets (months have their real lengths); `offset` shifts each bucket start. */
export function calendarRounding(unit: CalendarUnit, offset: number): Rounding {
  return {
    round: (t) => roundCalendar(t - offset, unit) + offset,
    next: (key) => nextCalendar(key - offset, unit) + offset,
  };
}

/** Fixed-length buckets of `interval` millis from the epoch, shifted by `offset`. */
export function fixedRounding(interval: number, offset: number): Rounding {
  if (interval < 1) throw badRequest('Zero or negative time interval not supported');
  return {
    round: (t) => Math.floor((t - offset) / interval) * interval + offset,
    next: (key) => key + interval,
  };
}
