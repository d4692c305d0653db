import type { FieldMapping, IndexMapping, ObjectFieldMapping } from './mapping-types';

/** The body of PUT /{index}/_mapping. */
export interface MappingUpdate {
  properties: Record<string, FieldMapping>;
}

/**
 * Builds the one additive PUT _mapping body that adds `missingFields` (dotted paths from
 * diffMapping) as the file defines them. Each parent is repeated with its type, because
 * OpenSearch refuses to merge a `nested` parent sent without `type: nested`.
 */
export function buildMappingUpdate(
  expected: IndexMapping,
  missingFields: readonly string[],
): MappingUpdate {
  const update: MappingUpdate = { properties: {} };
  for (const path of missingFields) {
    const segments = path.split('.');
    let source: Record<string, FieldMapping> = expected.properties;
    let target: Record<string, FieldMapping> = update.properties;
    segments.forEach((name, depth) => {
      const field = source[name];
      if (field === undefined) {
        throw new Error(`buildMappingUpdate: ${path} is not in the mapping file`);
      }
      if (depth === segments.length - 1) {
        target[name] = field;
        return;
      }
      if (!('properties' in field)) {
        throw new Error(
          `buildMappingUpdate: ${path} goes through ${name}, which has no properties`,
        );
      }
      const existing = target[name];
      const parent: ObjectFieldMapping =
        existing !== undefined && 'properties' in existing
          ? existing
          : { type: field.type, properties: {} };
      target[name] = parent;
      source = field.properties;
      target = parent.properties;
    });
  }
  return update;
}
