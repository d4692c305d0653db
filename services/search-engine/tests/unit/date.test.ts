import { formatDate, parseDate, resolveDateMath } from '../../src/util/date';

const NOW = Date.UTC(2026, 10, 23, 14, 35, 12, 345); // a Monday

describe('dates', () => {
  it('parses strict_date_optional_time with and without zone, and epoch millis', () => {
    expect(parseDate('2026-11-23')).toBe(Date.UTC(2026, 10, 23));
    expect(parseDate('2026-11-23T10:00:00Z')).toBe(Date.UTC(2026, 10, 23, 10));
    expect(parseDate('2026-11-23T10:00:00.5+02:00')).toBe(Date.UTC(2026, 10, 23, 8, 0, 0, 500));
    expect(parseDate(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(parseDate('1700000000000')).toBe(1_700_000_000_000);
  });

  it('rejects impossible dates and garbage', () => {
    expect(parseDate('2026-02-30')).toBeUndefined();
    expect(parseDate('2026-13-01')).toBeUndefined();
    expect(parseDate('yesterday')).toBeUndefined();
    expect(parseDate({})).toBeUndefined();
  });

  it('resolves date math with rounding down, and up for gt/lte', () => {
    expect(resolveDateMath('now-1h', { now: NOW })).toBe(NOW - 3_600_000);
    expect(resolveDateMath('now/d', { now: NOW })).toBe(Date.UTC(2026, 10, 23));
    expect(resolveDateMath('now/d', { now: NOW, roundUp: true })).toBe(Date.UTC(2026, 10, 24) - 1);
    expect(resolveDateMath('now-1d/d', { now: NOW })).toBe(Date.UTC(2026, 10, 22));
    expect(resolveDateMath('now/w', { now: NOW })).toBe(Date.UTC(2026, 10, 23));
    expect(resolveDateMath('2026-01-31||+1M', { now: NOW })).toBe(Date.UTC(2026, 2, 3));
    expect(resolveDateMath('now+2m/m', { now: NOW })).toBe(Date.UTC(2026, 10, 23, 14, 37));
  });

  it('refuses malformed expressions with a 400', () => {
    expect(() => resolveDateMath('now-1x', { now: NOW })).toThrow(/date math/);
    expect(() => resolveDateMath('not a date', { now: NOW })).toThrow(/failed to parse date/);
  });

  it('formats with the first format of the field', () => {
    expect(formatDate(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000Z');
    expect(formatDate(1234, 'epoch_millis||strict_date_optional_time')).toBe('1234');
  });
});

describe('date patterns', () => {
  it('parses and formats Java-style patterns', () => {
    expect(parseDate('2024-03-01', 'yyyy-MM-dd')).toBe(Date.UTC(2024, 2, 1));
    expect(parseDate('2024/03/01 13:45:10', 'yyyy/MM/dd HH:mm:ss')).toBe(
      Date.UTC(2024, 2, 1, 13, 45, 10),
    );
    expect(parseDate('2024-02-30', 'yyyy-MM-dd')).toBeUndefined();
    expect(formatDate(Date.UTC(2024, 2, 1, 13, 45), 'yyyy-MM-dd')).toBe('2024-03-01');
    expect(formatDate(Date.UTC(2024, 2, 1, 13, 45), "yyyy-MM-dd'T'HH:mm")).toBe('2024-03-01T13:45');
  });
});

describe('canonical UTC timestamps', () => {
  it('parse the same as the general ISO path, and reject near misses', () => {
    for (const text of [
      '2026-11-23T10:00:00Z',
      '2026-11-23T10:00:00.5Z',
      '2026-11-23T10:00:00.123Z',
      '2024-02-29T23:59:59.999Z',
    ]) {
      expect(parseDate(text)).toBe(new Date(text).getTime());
    }
    expect(parseDate('2026-11-31T10:00:00Z')).toBeUndefined();
    expect(parseDate('2026-11-23T24:00:00Z')).toBeUndefined();
    expect(parseDate('2026-1a-23T10:00:00Z')).toBeUndefined();
  });
});
