/**
 * restJson1 and awsJson1_1 encode timestamps as epoch seconds (a JSON number, fractional for
 * milliseconds); the SDK turns them back into `Date`s.
 */
export function epochSeconds(epochMillis: number): number {
  return epochMillis / 1000;
}
