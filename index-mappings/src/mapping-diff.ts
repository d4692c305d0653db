import type { FieldMapping, IndexMapping, ObjectFieldMapping } from './mapping-types';

/** A live field (or `dynamic` setting) that differs from the file in a way PUT _mapping cannot fix. */
export interface MappingConflict {
  field: string;
  expected: string;
  actual: string;
}

export interface MappingDiff {
  /** Topmost dotted paths in the file but not live: safe to add with PUT _mapping. */
  missingFields: string[];
  conflicts: MappingConflict[];
}

/** The `field` a root-level `dynamic` conflict is reported under. */
export const ROOT_FIELD = '(root)';

// OpenSearch's defaults, which GET _mapping leaves out.
const DEFAULT_DYNAMIC = 'true';
const DEFAULT_DATE_FORMAT = 'strict_date_optional_time||epoch_millis';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// GET _mapping may answer `"dynamic": "false"` for a file's `false`; compare them as strings.
const ownDynamic = (field: JsonObject): string | undefined =>
  typeof field.dynamic === 'boolean' || typeof field.dynamic === 'string'
    ? String(field.dynamic)
    : undefined;

const isDisabled = (field: JsonObject): boolean =>
  field.enabled === false || field.enabled === 'false';

/** One comparable description per field kind; a difference is a conflict. */
const describeExpected = (field: FieldMapping): string => {
  if (field.type === 'date') return `date (${field.format})`;
  if ('enabled' in field) return 'object (enabled: false)';
  return field.type;
};

const describeLive = (field: JsonObject): string => {
  // An object mapping has no `type` in GET _mapping's answer.
  const type = typeof field.type === 'string' ? field.type : 'object';
  if (type === 'date') {
    const format = typeof field.format === 'string' ? field.format : DEFAULT_DATE_FORMAT;
    return `date (${format})`;
  }
  if (type === 'object' && isDisabled(field)) return 'object (enabled: false)';
  return type;
};

const hasProperties = (field: FieldMapping): field is ObjectFieldMapping => 'properties' in field;

interface Scope {
  path: string;
  expectedDynamic: string;
  liveDynamic: string;
}

/**
 * Compares a mapping file with a live mapping (the `mappings` object of GET /{index}/_mapping).
 * Pure: ensureIndices decides what to do with the result. Live fields the file does not declare
 * are ignored, since a mapping can only grow.
 */
export function diffMapping(expected: IndexMapping, live: unknown): MappingDiff {
  const diff: MappingDiff = { missingFields: [], conflicts: [] };
  const liveRoot = isObject(live) ? live : {};
  const root: Scope = { path: '', expectedDynamic: DEFAULT_DYNAMIC, liveDynamic: DEFAULT_DYNAMIC };
  compareObject(expected, liveRoot, root, false, diff);
  return diff;
}

function compareObject(
  expected: IndexMapping | ObjectFieldMapping,
  live: JsonObject,
  parent: Scope,
  parentDynamicDiffers: boolean,
  diff: MappingDiff,
): void {
  const expectedOwn = expected.dynamic === undefined ? undefined : String(expected.dynamic);
  const liveOwn = ownDynamic(live);
  const scope: Scope = {
    path: parent.path,
    expectedDynamic: expectedOwn ?? parent.expectedDynamic,
    liveDynamic: liveOwn ?? parent.liveDynamic,
  };
  const dynamicDiffers = scope.expectedDynamic !== scope.liveDynamic;
  // Report where the difference starts, not again on every child that inherits it.
  const setHere = expectedOwn !== undefined || liveOwn !== undefined;
  if (dynamicDiffers && (!parentDynamicDiffers || setHere)) {
    diff.conflicts.push({
      field: scope.path === '' ? ROOT_FIELD : scope.path,
      expected: `dynamic: ${scope.expectedDynamic}`,
      actual: `dynamic: ${scope.liveDynamic}`,
    });
  }

  const liveProperties = isObject(live.properties) ? live.properties : {};
  for (const [name, expectedField] of Object.entries(expected.properties)) {
    const path = scope.path === '' ? name : `${scope.path}.${name}`;
    const liveField = liveProperties[name];
    if (!isObject(liveField)) {
      diff.missingFields.push(path);
      continue;
    }
    const expectedKind = describeExpected(expectedField);
    const liveKind = describeLive(liveField);
    if (expectedKind !== liveKind) {
      diff.conflicts.push({ field: path, expected: expectedKind, actual: liveKind });
      continue;
    }
    if (hasProperties(expectedField)) {
      compareObject(expectedField, liveField, { ...scope, path }, dynamicDiffers, diff);
    }
  }
}
