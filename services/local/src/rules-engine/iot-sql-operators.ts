import type { ComparisonOperator } from './iot-sql-lexer';

/*
 * IoT SQL's operators on JSON values, with JavaScript's `undefined` standing for IoT's Undefined
 * (a missing field, `topic(9)` on a shorter topic). Per the AWS reference, an operand of the wrong
 * type makes the result Undefined rather than false, so `NOT (x = 1)` is not true when x is missing.
 */

/** AWS's pattern for strings that convert to Decimal; note: no `+` sign, no leading `.`. */
const DECIMAL_STRING = /^-?\d+(\.\d+)?(e-?\d+)?$/i;

/** A Boolean operand: a Boolean, or the string "true"/"false" in any case; else Undefined. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

export function and(left: unknown, right: unknown): boolean | undefined {
  const l = toBoolean(left);
  const r = toBoolean(right);
  return l === undefined || r === undefined ? undefined : l && r;
}

export function or(left: unknown, right: unknown): boolean | undefined {
  const l = toBoolean(left);
  const r = toBoolean(right);
  return l === undefined || r === undefined ? undefined : l || r;
}

export function not(operand: unknown): boolean | undefined {
  const value = toBoolean(operand);
  return value === undefined ? undefined : !value;
}

export function compare(
  operator: ComparisonOperator,
  left: unknown,
  right: unknown,
): boolean | undefined {
  switch (operator) {
    case '=':
      return equals(left, right);
    case '<>':
    case '!=': {
      const equal = equals(left, right);
      return equal === undefined ? undefined : !equal;
    }
    default:
      return order(operator, left, right);
  }
}

/**
 * `=`: values of the same JSON type compare by value (objects and arrays deeply); values of
 * different types, or Undefined, give Undefined. No conversion: `'1' = 1` is Undefined.
 */
function equals(left: unknown, right: unknown): boolean | undefined {
  if (left === undefined || right === undefined) return undefined;
  if (jsonType(left) !== jsonType(right)) return undefined;
  return jsonEqual(left, right);
}

/** `<`, `>` and co.: both operands are converted to Decimal (numeric strings too), else Undefined. */
function order(operator: '<' | '<=' | '>' | '>=', left: unknown, right: unknown) {
  const l = toDecimal(left);
  const r = toDecimal(right);
  if (l === undefined || r === undefined) return undefined;
  switch (operator) {
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
  }
}

function toDecimal(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && DECIMAL_STRING.test(value)) return Number(value);
  return undefined;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (jsonType(left) !== jsonType(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, i) => jsonEqual(item, right[i]));
  }
  if (typeof left === 'object' && typeof right === 'object' && left !== null && right !== null) {
    const leftKeys = Object.keys(left);
    if (leftKeys.length !== Object.keys(right).length) return false;
    return leftKeys.every(
      (key) =>
        Object.hasOwn(right, key) &&
        jsonEqual((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]),
    );
  }
  return false;
}
