import { z } from 'zod';
import type { FieldMapping, IndexMapping } from '../../../src';

/** A mapping field described the way the comparison below speaks about it. */
const describeMapping = (field: FieldMapping): string =>
  'enabled' in field ? 'object (enabled: false)' : field.type;

/** Every field of a mapping by dotted path. */
export function mappedFields(mapping: { properties: Record<string, FieldMapping> }, prefix = '') {
  const fields = new Map<string, string>();
  for (const [name, field] of Object.entries(mapping.properties)) {
    const path = `${prefix}${name}`;
    fields.set(path, describeMapping(field));
    if ('properties' in field) {
      for (const [child, kind] of mappedFields(field, `${path}.`)) fields.set(child, kind);
    }
  }
  return fields;
}

type AnySchema = z.core.$ZodType;

const unwrap = (schema: AnySchema): AnySchema => {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodReadonly
  ) {
    current = current.unwrap();
  }
  return current;
};

const isIntNumber = (schema: AnySchema): boolean =>
  schema instanceof z.ZodNumber && ['safeint', 'int32', 'uint32'].includes(schema.format ?? '');

const isDateString = (schema: AnySchema): boolean =>
  schema instanceof z.ZodISODateTime || schema instanceof z.ZodISODate;

const isGeoPoint = (schema: z.ZodObject): boolean =>
  Object.keys(schema.shape).sort().join(',') === 'lat,lon';

interface Classified {
  /** Mapping kinds compatible with the schema. */
  accepts: readonly string[];
  /** Sub-fields, for object-like schemas that are not geo points. */
  shape?: z.ZodObject;
}

/** Which mapping types can hold what a zod schema accepts. Throws on a schema kind it cannot judge. */
function classify(schema: AnySchema, path: string): Classified {
  const inner = unwrap(schema);
  if (isDateString(inner)) return { accepts: ['date'] };
  if (inner instanceof z.ZodUnion) {
    // A timestamp: ISO-8601 strings and epoch-ms integers, both parsed by a `date` field.
    const options = inner.options.map(unwrap);
    if (options.some(isDateString) && options.every((o) => isDateString(o) || isIntNumber(o))) {
      return { accepts: ['date'] };
    }
    throw new Error(`${path}: a union other than ISO date | epoch ms has no mapping rule`);
  }
  if (inner instanceof z.ZodNumber) {
    return { accepts: isIntNumber(inner) ? ['integer', 'long'] : ['float', 'double'] };
  }
  if (
    inner instanceof z.ZodString ||
    inner instanceof z.ZodStringFormat ||
    inner instanceof z.ZodEnum ||
    (inner instanceof z.ZodLiteral && [...inner.values].every((v) => typeof v === 'string'))
  ) {
    return { accepts: ['keyword'] };
  }
  if (inner instanceof z.ZodBoolean) return { accepts: ['boolean'] };
  // Free-form keys: stored whole, not indexed.
  if (inner instanceof z.ZodRecord) return { accepts: ['object (enabled: false)'] };
  if (inner instanceof z.ZodObject) {
    return isGeoPoint(inner)
      ? { accepts: ['geo_point'] }
      : { accepts: ['object', 'nested'], shape: inner };
  }
  if (inner instanceof z.ZodArray) {
    const element = unwrap(inner.element);
    if (element instanceof z.ZodObject && !isGeoPoint(element)) {
      return { accepts: ['nested', 'object'], shape: element };
    }
    return classify(element, path);
  }
  throw new Error(`${path}: no mapping rule for schema type ${inner._zod.def.type}`);
}

/** Every field a document schema declares, by dotted path, with the mapping kinds it accepts. */
export function declaredFields(schema: z.ZodObject, prefix = ''): Map<string, readonly string[]> {
  const fields = new Map<string, readonly string[]>();
  for (const [name, fieldSchema] of Object.entries<AnySchema>(schema.shape)) {
    const path = `${prefix}${name}`;
    const { accepts, shape } = classify(fieldSchema, path);
    fields.set(path, accepts);
    if (shape) {
      for (const [child, kinds] of declaredFields(shape, `${path}.`)) fields.set(child, kinds);
    }
  }
  return fields;
}

/**
 * Compares a document schema with its mapping in both directions and returns one readable line
 * per mismatch; an empty list means they agree.
 */
export function schemaMappingMismatches(
  index: string,
  schema: z.ZodObject,
  mapping: IndexMapping,
): string[] {
  const mismatches: string[] = [];
  let declared: Map<string, readonly string[]>;
  try {
    declared = declaredFields(schema);
  } catch (error) {
    return [`${index}: ${(error as Error).message}`];
  }
  const mapped = mappedFields(mapping);
  for (const [path, accepts] of declared) {
    const kind = mapped.get(path);
    if (kind === undefined) {
      mismatches.push(`${index}: ${path} is in the document schema but not in the mapping`);
    } else if (!accepts.includes(kind)) {
      mismatches.push(
        `${index}: ${path} is mapped as ${kind}, but its schema needs ${accepts.join(' or ')}`,
      );
    }
  }
  for (const [path, kind] of mapped) {
    if (!declared.has(path)) {
      mismatches.push(`${index}: ${path} is mapped (${kind}) but not in the document schema`);
    }
  }
  return mismatches;
}
