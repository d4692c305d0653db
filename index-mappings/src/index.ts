export { INDEX_NAMES, type IndexName, indexDefinitions, isIndexName } from './index-definitions';
export {
  DATE_FORMAT,
  SCALAR_FIELD_TYPES,
  type DateFieldMapping,
  type DisabledObjectFieldMapping,
  type DynamicSetting,
  type FieldMapping,
  type IndexDefinition,
  type IndexMapping,
  type IndexSettings,
  type ObjectFieldMapping,
  type ScalarFieldMapping,
  type ScalarFieldType,
  indexDefinitionSchema,
} from './mapping-types';
export { diffMapping, type MappingConflict, type MappingDiff, ROOT_FIELD } from './mapping-diff';
export { buildMappingUpdate, type MappingUpdate } from './mapping-update';
export {
  type IndexMappingConflict,
  IndexMappingConflictError,
} from './index-mapping-conflict-error';
export {
  ensureIndices,
  type EnsureIndicesOptions,
  type EnsureIndicesReport,
} from './ensure-indices';
export { documentSchemas } from './document-schemas';

export * from './documents/shared';
export * from './documents/vehicle';
export * from './documents/devices';
export * from './documents/shared-cardata';
export * from './documents/cardata';
export * from './documents/latest-telemetry';
export * from './documents/trip';
export * from './documents/dtc';
export * from './documents/anomaly';
export * from './documents/event';
