import { badRequest, mapperParsing } from '../errors';
import { DEFAULT_DATE_FORMAT, validateDateFormat } from '../util/date';
import { show } from '../util/show';

export const NUMERIC_TYPES = [
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'scaled_float',
] as const;
const LEAF_TYPES = new Set<string>([
  ...NUMERIC_TYPES,
  'keyword',
  'text',
  'date',
  'boolean',
  'geo_point',
]);

export type Dynamic = 'true' | 'false' | 'strict';

/** One field of a mapping; object and nested fields have children. */
export interface FieldMapping {
  readonly path: string;
  readonly type: string;
  readonly raw: Record<string, unknown>;
  readonly properties?: Map<string, FieldMapping>;
  readonly fields?: Map<string, FieldMapping>;
  readonly dynamic?: Dynamic;
  readonly enabled: boolean;
  readonly format: string;
  readonly ignoreAbove?: number;
  readonly scalingFactor?: number;
  readonly nullValue?: unknown;
}

/** How a value is indexed: the column kind a field's values go into. */
export type ColumnKind = 'keyword' | 'numeric' | 'date' | 'boolean' | 'geo' | 'text';

export function columnKindOf(type: string): ColumnKind | undefined {
  if (type === 'keyword') return 'keyword';
  if (type === 'text') return 'text';
  if (type === 'date') return 'date';
  if (type === 'boolean') return 'boolean';
  if (type === 'geo_point') return 'geo';
  if ((NUMERIC_TYPES as readonly string[]).includes(type)) return 'numeric';
  return undefined;
}

const MAPPING_PARAMS: Record<string, readonly string[]> = {
  common: [
    'type',
    'index',
    'doc_values',
    'store',
    'null_value',
    'ignore_malformed',
    'coerce',
    'meta',
    'fields',
    'copy_to',
  ],
  keyword: [
    'ignore_above',
    'normalizer',
    'eager_global_ordinals',
    'similarity',
    'split_queries_on_whitespace',
  ],
  text: [
    'analyzer',
    'search_analyzer',
    'fielddata',
    'norms',
    'index_options',
    'position_increment_gap',
    'similarity',
  ],
  date: ['format', 'locale'],
  scaled_float: ['scaling_factor'],
  geo_point: ['ignore_z_value'],
  object: ['properties', 'dynamic', 'enabled'],
  nested: ['properties', 'dynamic', 'include_in_parent', 'include_in_root'],
};

function parseDynamic(value: unknown, path: string): Dynamic | undefined {
  if (value === undefined) return undefined;
  const text = show(value);
  if (text === 'true' || text === 'false' || text === 'strict') return text;
  throw mapperParsing(`Could not convert [${path}.dynamic] to boolean`);
}

export function parseField(path: string, raw: unknown): FieldMapping {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw mapperParsing(
      `Expected map for property [fields] on field [${path}] but got a ${typeof raw}`,
    );
  }
  const def = raw as Record<string, unknown>;
  const type =
    typeof def.type === 'string' ? def.type : def.properties !== undefined ? 'object' : 'object';
  if (type !== 'object' && type !== 'nested' && !LEAF_TYPES.has(type)) {
    throw mapperParsing(`No handler for type [${type}] declared on field [${path}]`);
  }
  const allowed = new Set([...(MAPPING_PARAMS.common ?? []), ...(MAPPING_PARAMS[type] ?? [])]);
  for (const key of Object.keys(def)) {
    if (!allowed.has(key)) {
      throw mapperParsing(`unknown parameter [${key}] on mapper [${path}] of type [${type}]`);
    }
  }
  if (type === 'object' || type === 'nested') {
    const props = def.properties ?? {};
    if (props === null || typeof props !== 'object' || Array.isArray(props)) {
      throw mapperParsing(`Expected map for property [properties] on field [${path}]`);
    }
    const properties = new Map<string, FieldMapping>();
    for (const [name, child] of Object.entries(props as Record<string, unknown>)) {
      properties.set(name, parseField(path ? `${path}.${name}` : name, child));
    }
    return {
      path,
      type,
      raw: def,
      properties,
      dynamic: parseDynamic(def.dynamic, path),
      enabled: def.enabled !== false,
      format: DEFAULT_DATE_FORMAT,
    };
  }
  const format = typeof def.format === 'string' ? def.format : DEFAULT_DATE_FORMAT;
  if (type === 'date') validateDateFormat(format);
  if (type === 'scaled_float' && typeof def.scaling_factor !== 'number') {
    throw mapperParsing(`Field [scaling_factor] is required`);
  }
  let fields: Map<string, FieldMapping> | undefined;
  if (def.fields !== undefined) {
    fields = new Map();
    for (const [name, child] of Object.entries(def.fields as Record<string, unknown>)) {
      const sub = parseField(`${path}.${name}`, child);
      if (sub.properties) throw mapperParsing(`Type [${sub.type}] cannot be used in multi field`);
      fields.set(name, sub);
    }
  }
  return {
    path,
    type,
    raw: def,
    fields,
    enabled: true,
    format,
    ignoreAbove: typeof def.ignore_above === 'number' ? def.ignore_above : undefined,
    scalingFactor: typeof def.scaling_factor === 'number' ? def.scaling_factor : undefined,
    nullValue: def.null_value,
  };
}

/** The JSON form GET _mapping returns: `type` omitted for plain objects, as OpenSearch does. */
export function fieldToJson(field: FieldMapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(field.raw)) {
    if (key === 'properties' || key === 'fields' || key === 'dynamic') continue;
    if (key === 'type' && field.type === 'object') continue;
    out[key] = value;
  }
  if (field.type === 'nested') out.type = 'nested';
  if (field.dynamic !== undefined) out.dynamic = field.dynamic;
  if (field.properties && field.properties.size > 0) {
    out.properties = Object.fromEntries([...field.properties].map(([k, v]) => [k, fieldToJson(v)]));
  }
  if (field.fields)
    out.fields = Object.fromEntries([...field.fields].map(([k, v]) => [k, fieldToJson(v)]));
  return out;
}

/** A mapping change that only adds fields; anything else is a conflict, as in OpenSearch. */
export function mergeField(existing: FieldMapping, incoming: FieldMapping): FieldMapping {
  if (existing.type !== incoming.type) {
    throw badRequest(
      `mapper [${existing.path}] cannot be changed from type [${existing.type}] to [${incoming.type}]`,
    );
  }
  if (existing.properties && incoming.properties) {
    const properties = new Map(existing.properties);
    for (const [name, field] of incoming.properties) {
      const current = properties.get(name);
      properties.set(name, current ? mergeField(current, field) : field);
    }
    return {
      ...existing,
      raw: { ...existing.raw, ...incoming.raw },
      properties,
      dynamic: incoming.dynamic ?? existing.dynamic,
    };
  }
  for (const key of ['format', 'ignore_above', 'scaling_factor', 'null_value']) {
    const before = JSON.stringify(existing.raw[key]);
    const after = JSON.stringify(incoming.raw[key]);
    if (incoming.raw[key] !== undefined && before !== after) {
      throw badRequest(
        `Mapper for [${existing.path}] conflicts with existing mapper:\n\tCannot update parameter [${key}] from [${existing.raw[key] as string}] to [${incoming.raw[key] as string}]`,
      );
    }
  }
  let fields = existing.fields;
  if (incoming.fields) {
    fields = new Map(existing.fields ?? []);
    for (const [name, field] of incoming.fields) {
      const current = fields.get(name);
      fields.set(name, current ? mergeField(current, field) : field);
    }
  }
  return { ...existing, fields };
}

/** The mapping of one index: its root object, dynamic setting and lookup by dotted path. */
export class IndexMapping {
  private byPath = new Map<string, FieldMapping>();

  constructor(readonly root: FieldMapping) {
    this.reindexPaths();
  }

  static parse(raw: unknown): IndexMapping {
    const def = (raw ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(def)) {
      if (
        ![
          'properties',
          'dynamic',
          '_source',
          '_meta',
          'date_detection',
          'numeric_detection',
        ].includes(key)
      ) {
        throw mapperParsing(
          `Root mapping definition has unsupported parameters:  [${key} : ${JSON.stringify(def[key])}]`,
        );
      }
    }
    const root = parseField('', { properties: def.properties ?? {}, dynamic: def.dynamic });
    return new IndexMapping({ ...root, raw: def });
  }

  private reindexPaths(): void {
    this.byPath.clear();
    const walk = (field: FieldMapping, prefix: string) => {
      for (const [name, child] of field.properties ?? []) {
        const path = prefix ? `${prefix}.${name}` : name;
        this.byPath.set(path, child);
        walk(child, path);
        for (const [subName, sub] of child.fields ?? []) this.byPath.set(`${path}.${subName}`, sub);
      }
    };
    walk(this.root, '');
  }

  get dynamic(): Dynamic {
    return this.root.dynamic ?? 'true';
  }

  field(path: string): FieldMapping | undefined {
    return this.byPath.get(path);
  }

  /** The nested path that directly contains `path`, or '' for the root document. */
  nestedScopeOf(path: string): string {
    const parts = path.split('.');
    for (let i = parts.length - 1; i > 0; i--) {
      const prefix = parts.slice(0, i).join('.');
      if (this.byPath.get(prefix)?.type === 'nested') return prefix;
    }
    return '';
  }

  fieldPaths(): string[] {
    return [...this.byPath.keys()];
  }

  merge(raw: unknown): IndexMapping {
    const incoming = IndexMapping.parse(raw);
    const merged = mergeField(this.root, incoming.root);
    return new IndexMapping({ ...merged, raw: { ...this.root.raw, ...incoming.root.raw } });
  }

  /** Adds dynamically mapped fields found while parsing a document. */
  withDynamicFields(additions: Map<string, FieldMapping>): IndexMapping {
    const clone = (field: FieldMapping): FieldMapping =>
      field.properties
        ? { ...field, properties: new Map([...field.properties].map(([k, v]) => [k, clone(v)])) }
        : field;
    const root = clone(this.root);
    for (const [path, field] of additions) {
      const parts = path.split('.');
      let parent = root;
      for (const part of parts.slice(0, -1)) parent = parent.properties!.get(part)!;
      parent.properties!.set(parts[parts.length - 1]!, field);
    }
    return new IndexMapping(root);
  }

  toJson(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.root.raw)) {
      if (key !== 'properties' && key !== 'dynamic') out[key] = value;
    }
    if (this.root.dynamic !== undefined) out.dynamic = this.root.dynamic;
    if (this.root.properties && this.root.properties.size > 0) {
      out.properties = Object.fromEntries(
        [...this.root.properties].map(([k, v]) => [k, fieldToJson(v)]),
      );
    }
    return out;
  }
}
