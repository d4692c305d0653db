import { SearchEngineError, mapperParsing } from '../errors';
import { DEFAULT_DATE_FORMAT, parseDate } from '../util/date';
import { type GeoPoint, parseGeoPoint } from '../util/geo';
import { analyzeText } from './columns';
import {
  type Dynamic,
  type FieldMapping,
  type IndexMapping,
  columnKindOf,
  parseField,
} from './mapping';
import { toNumber } from '../util/to-number';

/** A document's indexable values, by field path, with nested objects as child documents. */
export interface ParsedDocument {
  readonly values: Map<string, unknown[]>;
  readonly nested: Map<string, ParsedDocument[]>;
}

export interface ParseResult {
  readonly doc: ParsedDocument;
  /** Fields introduced by dynamic mapping, keyed by path; each one's parent already exists. */
  readonly dynamicFields: Map<string, FieldMapping>;
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  long: [Number.MIN_SAFE_INTEGER * 1024, Number.MAX_SAFE_INTEGER * 1024],
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function hasDottedKey(obj: Record<string, unknown>): boolean {
  for (const key in obj) if (key.includes('.')) return true;
  return false;
}

/** `{"a.b": 1}` means `{"a": {"b": 1}}` in OpenSearch. */
function expandDots(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const parts = key.split('.');
    let target = out;
    for (const part of parts.slice(0, -1)) {
      if (!isPlainObject(target[part])) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    target[last] =
      isPlainObject(value) && isPlainObject(target[last]) ? { ...target[last], ...value } : value;
  }
  return out;
}

function dynamicMappingFor(path: string, value: unknown): FieldMapping | undefined {
  const sample: unknown = Array.isArray(value)
    ? (value as unknown[]).find((v) => v !== null)
    : value;
  if (sample === undefined || sample === null) return undefined;
  if (isPlainObject(sample)) return parseField(path, { type: 'object', properties: {} });
  if (typeof sample === 'boolean') return parseField(path, { type: 'boolean' });
  if (typeof sample === 'number') {
    return parseField(path, { type: Number.isInteger(sample) ? 'long' : 'float' });
  }
  if (typeof sample === 'string') {
    if (
      /^\d{4}-\d{2}-\d{2}/.test(sample) &&
      parseDate(sample, 'strict_date_optional_time') !== undefined
    ) {
      return parseField(path, { type: 'date' });
    }
    return parseField(path, {
      type: 'text',
      fields: { keyword: { type: 'keyword', ignore_above: 256 } },
    });
  }
  return undefined;
}

class DocumentParser {
  readonly dynamicFields = new Map<string, FieldMapping>();
  private readonly fresh = new WeakSet<FieldMapping>();

  constructor(
    private readonly mapping: IndexMapping,
    private readonly id: string,
  ) {}

  private fail(field: FieldMapping, value: unknown, cause?: string): SearchEngineError {
    const preview = typeof value === 'string' ? value : JSON.stringify(value);
    return mapperParsing(
      `failed to parse field [${field.path}] of type [${field.type}] in document with id '${this.id}'. Preview of field's value: '${preview}'${cause ? ` (${cause})` : ''}`,
    );
  }

  /** A field this document introduces: mapped dynamically, ignored, or refused (strict). */
  private unmappedField(
    object: FieldMapping,
    key: string,
    child: unknown,
    dynamic: Dynamic,
  ): FieldMapping | undefined {
    const path = object.path ? `${object.path}.${key}` : key;
    const seen = this.dynamicFields.get(path);
    if (seen) return seen;
    if (dynamic === 'false') return undefined;
    if (child === null || (Array.isArray(child) && child.every((c) => c === null)))
      return undefined;
    if (dynamic === 'strict') {
      throw new SearchEngineError(
        400,
        'strict_dynamic_mapping_exception',
        `mapping set to strict, dynamic introduction of [${key}] within [${object.path || '_doc'}] is not allowed`,
      );
    }
    const field = dynamicMappingFor(path, child);
    if (!field) return undefined;
    this.fresh.add(field);
    if (this.fresh.has(object)) object.properties!.set(key, field);
    else this.dynamicFields.set(path, field);
    return field;
  }

  parseObject(
    object: FieldMapping,
    value: Record<string, unknown>,
    doc: ParsedDocument,
    inherited: Dynamic,
  ): void {
    const dynamic = object.dynamic ?? inherited;
    const source = hasDottedKey(value) ? expandDots(value) : value;
    for (const key in source) {
      const child = source[key];
      // Mapped fields carry their path; only unmapped ones need it built.
      const field = object.properties?.get(key) ?? this.unmappedField(object, key, child, dynamic);
      if (!field) continue;
      this.parseValue(field, child, doc, dynamic);
    }
  }

  private parseValue(
    field: FieldMapping,
    value: unknown,
    doc: ParsedDocument,
    dynamic: Dynamic,
  ): void {
    if (value === null || value === undefined) {
      if (field.nullValue !== undefined && !field.properties)
        this.parseLeaf(field, field.nullValue, doc);
      return;
    }
    if (field.type === 'object' || field.type === 'nested') {
      if (!field.enabled) return;
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (item === null) continue;
        if (!isPlainObject(item)) {
          throw mapperParsing(
            `object mapping for [${field.path}] tried to parse field [${field.path.split('.').pop()}] as object, but found a concrete value`,
          );
        }
        if (field.type === 'nested') {
          const child: ParsedDocument = { values: new Map(), nested: new Map() };
          this.parseObject(field, item, child, dynamic);
          const list = doc.nested.get(field.path) ?? [];
          list.push(child);
          doc.nested.set(field.path, list);
        } else {
          this.parseObject(field, item, doc, dynamic);
        }
      }
      return;
    }
    if (
      field.type === 'geo_point' &&
      Array.isArray(value) &&
      value.every((v) => typeof v === 'number')
    ) {
      this.parseLeaf(field, value, doc); // [lon, lat] is one point
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) this.parseValue(field, item, doc, dynamic);
      return;
    }
    this.parseLeaf(field, value, doc);
  }

  private parseLeaf(field: FieldMapping, value: unknown, doc: ParsedDocument): void {
    if (isPlainObject(value) && field.type !== 'geo_point') {
      throw this.fail(field, value, 'an object was found where a value was expected');
    }
    const normalized = this.normalize(field, value);
    if (normalized === undefined) return;
    const values: unknown[] = Array.isArray(normalized) ? (normalized as unknown[]) : [normalized];
    const list = doc.values.get(field.path);
    if (list) list.push(...values);
    else doc.values.set(field.path, Array.isArray(normalized) ? [...values] : values);
    for (const sub of field.fields?.values() ?? []) this.parseLeaf(sub, value, doc);
  }

  private normalize(field: FieldMapping, value: unknown): unknown {
    switch (columnKindOf(field.type)) {
      case 'keyword': {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
          throw this.fail(field, value);
        }
        const text = String(value);
        return field.ignoreAbove !== undefined && text.length > field.ignoreAbove
          ? undefined
          : text;
      }
      case 'text':
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
          throw this.fail(field, value);
        }
        return analyzeText(String(value));
      case 'boolean':
        if (value === true || value === 'true') return 1;
        if (value === false || value === 'false' || value === '') return 0;
        throw this.fail(field, value);
      case 'date': {
        const t = parseDate(value, field.format ?? DEFAULT_DATE_FORMAT);
        if (t === undefined) throw this.fail(field, value);
        return t;
      }
      case 'geo':
        try {
          return parseGeoPoint(value) satisfies GeoPoint;
        } catch (err) {
          throw this.fail(field, value, err instanceof Error ? err.message : undefined);
        }
      case 'numeric': {
        const n = toNumber(value);
        if (!Number.isFinite(n)) throw this.fail(field, value);
        const range = INTEGER_RANGES[field.type];
        if (range) {
          if (n < range[0] || n > range[1]) {
            throw this.fail(
              field,
              value,
              `Value [${n}] is out of range for ${field.type === 'integer' ? 'an' : 'a'} ${field.type}`,
            );
          }
          return Math.trunc(n);
        }
        if (field.type === 'scaled_float') {
          return Math.round(n * field.scalingFactor!) / field.scalingFactor!;
        }
        if (field.type === 'float' || field.type === 'half_float') return Math.fround(n);
        return n;
      }
      default:
        return undefined;
    }
  }
}

export function parseDocument(mapping: IndexMapping, source: unknown, id: string): ParseResult {
  if (!isPlainObject(source)) {
    throw mapperParsing('failed to parse, document is empty');
  }
  const parser = new DocumentParser(mapping, id);
  const doc: ParsedDocument = { values: new Map(), nested: new Map() };
  parser.parseObject(mapping.root, source, doc, mapping.dynamic);
  return { doc, dynamicFields: parser.dynamicFields };
}
