import { z } from 'zod';

/** The one date format every `date` field uses: what devices send (ISO-8601) and what IoT's `timestamp()` gives (epoch ms). */
export const DATE_FORMAT = 'strict_date_optional_time||epoch_millis';

/** The field types the embedded engine implements; anything else must not appear in a mapping file. */
export const SCALAR_FIELD_TYPES = [
  'keyword',
  'boolean',
  'integer',
  'long',
  'float',
  'double',
  'geo_point',
] as const;
export type ScalarFieldType = (typeof SCALAR_FIELD_TYPES)[number];

/** `dynamic` as written in our files: `false` (keep unknown keys in _source only) or `strict` (reject them). */
export type DynamicSetting = false | 'strict';

export interface ScalarFieldMapping {
  type: ScalarFieldType;
}

export interface DateFieldMapping {
  type: 'date';
  format: string;
}

/** An object stored whole in _source but not indexed (inner keys vary, e.g. `event.alert`). */
export interface DisabledObjectFieldMapping {
  type: 'object';
  enabled: false;
}

export interface ObjectFieldMapping {
  type: 'object' | 'nested';
  dynamic?: DynamicSetting;
  properties: Record<string, FieldMapping>;
}

export type FieldMapping =
  ScalarFieldMapping | DateFieldMapping | DisabledObjectFieldMapping | ObjectFieldMapping;

export interface IndexMapping {
  dynamic: DynamicSetting;
  properties: Record<string, FieldMapping>;
}

export interface IndexSettings {
  number_of_shards: number;
  number_of_replicas: number;
  refresh_interval: string;
}

export interface IndexDefinition {
  settings: IndexSettings;
  mappings: IndexMapping;
}

// Keys are lowercase because the backend lowercases every CVRA key before indexing.
const fieldName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'field names are lowercase');
const dynamicSetting = z.union([z.literal(false), z.literal('strict')]);

const fieldMapping: z.ZodType<FieldMapping> = z.lazy(() =>
  z.union([
    z.strictObject({ type: z.enum(SCALAR_FIELD_TYPES) }),
    z.strictObject({ type: z.literal('date'), format: z.string() }),
    z.strictObject({ type: z.literal('object'), enabled: z.literal(false) }),
    z.strictObject({
      type: z.enum(['object', 'nested']),
      dynamic: dynamicSetting.optional(),
      properties: z.record(fieldName, fieldMapping),
    }),
  ]),
);

/** Validates a mapping file, so a typo or an unsupported field type fails at load time, not at index creation. */
export const indexDefinitionSchema: z.ZodType<IndexDefinition> = z.strictObject({
  settings: z.strictObject({
    number_of_shards: z.int().positive(),
    number_of_replicas: z.int().nonnegative(),
    refresh_interval: z.string(),
  }),
  mappings: z.strictObject({
    dynamic: dynamicSetting,
    properties: z.record(fieldName, fieldMapping),
  }),
});
