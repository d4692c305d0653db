/**
 * Deep copy of a JSON value. Documents are JSON, and unlike structuredClone this keeps
 * objects in the caller's realm, so deep-equality (noop detection) compares like with like.
 */
export function jsonClone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
