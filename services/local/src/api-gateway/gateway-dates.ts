// The two date formats API Gateway writes into a proxy event.

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) =>
  `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;

/** `Mon Jun 15 05:56:21 UTC 2026`: Java's `Date.toString`, used for `exp` and `iat` claims. */
export function javaDate(epochMs: number): string {
  const d = new Date(epochMs);
  const weekday = WEEKDAYS[d.getUTCDay()] ?? '';
  const month = MONTHS[d.getUTCMonth()] ?? '';
  return `${weekday} ${month} ${two(d.getUTCDate())} ${clock(d)} UTC ${d.getUTCFullYear()}`;
}

/** `15/Jun/2026:05:12:43 +0000`: common log format, used for `requestContext.requestTime`. */
export function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const month = MONTHS[d.getUTCMonth()] ?? '';
  return `${two(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${clock(d)} +0000`;
}
