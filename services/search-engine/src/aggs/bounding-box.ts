import { SearchEngineError, parsingError } from '../errors';
import { parseGeoPoint } from '../util/geo';
import { failedToParse, isObject, tokenName } from './params';

/** The `bounds` of a grid aggregation; `left > right` means it crosses the antimeridian. */
export interface BoundingBox {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

const WKT_BBOX =
  /^\s*BBOX\s*\(\s*([-+\d.eE]+)\s*,\s*([-+\d.eE]+)\s*,\s*([-+\d.eE]+)\s*,\s*([-+\d.eE]+)\s*\)\s*$/i;
const CORNERS = ['top_left', 'bottom_right', 'top_right', 'bottom_left'] as const;
const SIDES = ['top', 'left', 'bottom', 'right'] as const;

function malformed(): SearchEngineError {
  return parsingError(
    'failed to parse bounding box. Expected [top_left, bottom_right], [top_right, bottom_left], [top, left, bottom, right] or [wkt]',
  );
}

function side(raw: Record<string, unknown>, key: string): number | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n))
    throw parsingError(`failed to parse bounding box. [${key}] must be a number`);
  return n;
}

/** GeoBoundingBox.parseBoundingBox: corners, sides or WKT `BBOX(left, right, top, bottom)`. */
function parseBox(raw: unknown): BoundingBox {
  if (!isObject(raw))
    throw parsingError(
      `failed to parse bounding box. Expected START_OBJECT but found [${tokenName(raw)}]`,
    );
  for (const key of Object.keys(raw)) {
    if (
      key !== 'wkt' &&
      !(CORNERS as readonly string[]).includes(key) &&
      !(SIDES as readonly string[]).includes(key)
    ) {
      throw parsingError(`failed to parse bounding box. unexpected field [${key}]`);
    }
  }
  if (raw.wkt !== undefined) {
    if (Object.keys(raw).length > 1) {
      throw parsingError(
        'failed to parse bounding box. Conflicting definition found using well-known text and explicit corners.',
      );
    }
    const m = typeof raw.wkt === 'string' ? WKT_BBOX.exec(raw.wkt) : null;
    if (!m) throw parsingError(`failed to parse WKT bounding box [${JSON.stringify(raw.wkt)}]`);
    return { left: Number(m[1]), right: Number(m[2]), top: Number(m[3]), bottom: Number(m[4]) };
  }
  let top = side(raw, 'top');
  let left = side(raw, 'left');
  let bottom = side(raw, 'bottom');
  let right = side(raw, 'right');
  const point = (key: string) => (raw[key] === undefined ? undefined : parseGeoPoint(raw[key]));
  const topLeft = point('top_left');
  const bottomRight = point('bottom_right');
  const topRight = point('top_right');
  const bottomLeft = point('bottom_left');
  if (topLeft) [top, left] = [topLeft.lat, topLeft.lon];
  if (bottomRight) [bottom, right] = [bottomRight.lat, bottomRight.lon];
  if (topRight) [top, right] = [topRight.lat, topRight.lon];
  if (bottomLeft) [bottom, left] = [bottomLeft.lat, bottomLeft.lon];
  if (top === undefined || left === undefined || bottom === undefined || right === undefined)
    throw malformed();
  return { top, left, bottom, right };
}

export function parseBounds(type: string, raw: unknown): BoundingBox {
  try {
    return parseBox(raw);
  } catch (err) {
    if (err instanceof SearchEngineError) throw failedToParse(type, 'bounds', err);
    throw err;
  }
}

/** GeoBoundingBox.pointInBounds. */
export function pointInBounds(box: BoundingBox, lat: number, lon: number): boolean {
  if (lat < box.bottom || lat > box.top) return false;
  return box.left <= box.right
    ? lon >= box.left && lon <= box.right
    : lon >= box.left || lon <= box.right;
}
