import { badRequest } from '../errors';
import { GeoColumn, KeywordColumn, NumericColumn } from '../index/columns';
import type { DocSpace } from '../index/doc-space';
import { type FieldMapping, columnKindOf } from '../index/mapping';
import type { Shard } from '../index/shard';
import { resolveDateMath, validateDateFormat } from '../util/date';
import { type GeoPoint, parseGeoPoint } from '../util/geo';
import { BOOLEAN, RAW, type ValueFormat } from './value-format';
import { toNumber } from '../util/to-number';

/** The kinds of values an aggregation can read from a field's doc values. */
export type ValueKind = 'keyword' | 'numeric' | 'date' | 'boolean' | 'geo';

/**
 * A field resolved for one aggregation in one doc space. A mapped field whose nested scope is
 * not this space keeps its type but has no column: it has no values here, as in OpenSearch,
 * where reaching it needs a `nested` (or `reverse_nested`) aggregation first.
 */
export type FieldSource =
  | { readonly kind: 'unmapped'; readonly name: string }
  | {
      readonly kind: 'keyword';
      readonly name: string;
      readonly field: FieldMapping;
      readonly column?: KeywordColumn;
    }
  | {
      readonly kind: 'numeric' | 'date' | 'boolean';
      readonly name: string;
      readonly field: FieldMapping;
      readonly column?: NumericColumn;
      readonly format: ValueFormat;
    }
  | {
      readonly kind: 'geo';
      readonly name: string;
      readonly field: FieldMapping;
      readonly column?: GeoColumn;
    };

const TEXT_FIELDDATA = (name: string) =>
  badRequest(
    `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${name}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`,
  );

export function resolveField(
  aggType: string,
  name: string,
  space: DocSpace,
  shard: Shard,
  accepted: readonly ValueKind[],
  userFormat?: string,
): FieldSource {
  const field = shard.mapping.field(name);
  if (!field || field.properties) {
    if (name.startsWith('_')) {
      throw badRequest(`aggregating on metadata field [${name}] is not supported by this engine`);
    }
    return { kind: 'unmapped', name };
  }
  const columnKind = columnKindOf(field.type);
  if (columnKind === 'text') throw TEXT_FIELDDATA(name);
  const kind: ValueKind | undefined = columnKind;
  if (!kind || !accepted.includes(kind)) {
    throw badRequest(
      `Field [${name}] of type [${field.type}] is not supported for aggregation [${aggType}]`,
    );
  }
  if (userFormat !== undefined && kind !== 'date') {
    if (kind === 'numeric') {
      throw badRequest(
        `[${aggType}] a custom [format] for numeric field [${name}] is not supported by this engine`,
      );
    }
    throw badRequest(`Field [${name}] of type [${field.type}] does not support custom formats`);
  }
  const inScope = shard.mapping.nestedScopeOf(name) === space.path;
  const column = inScope ? space.column(name) : undefined;
  switch (kind) {
    case 'keyword':
      return { kind, name, field, column: column instanceof KeywordColumn ? column : undefined };
    case 'geo':
      return { kind, name, field, column: column instanceof GeoColumn ? column : undefined };
    default: {
      let format: ValueFormat = kind === 'boolean' ? BOOLEAN : RAW;
      if (kind === 'date') {
        if (userFormat !== undefined) validateDateFormat(userFormat);
        format = { kind: 'date', pattern: userFormat ?? field.format };
      }
      return {
        kind,
        name,
        field,
        column: column instanceof NumericColumn ? column : undefined,
        format,
      };
    }
  }
}

/** The date format a source prints and parses dates with (bounds, `missing`, `include`). */
export function datePattern(source: FieldSource): string | undefined {
  return source.kind === 'date' && source.format.kind === 'date'
    ? source.format.pattern
    : undefined;
}

/** A user value (`missing`, `include`, bounds) as the number a numeric/date/boolean column holds. */
export function parseNumericValue(
  source: FieldSource & { kind: 'numeric' | 'date' | 'boolean' },
  value: unknown,
  now: number,
): number {
  if (source.kind === 'date') return resolveDateMath(value, { now, format: datePattern(source) });
  if (source.kind === 'boolean') {
    if (value === true || value === 'true') return 1;
    if (value === false || value === 'false') return 0;
    throw badRequest(`Cannot parse boolean [${String(value)}], expected either [true] or [false]`);
  }
  const n = toNumber(value);
  if (!Number.isFinite(n))
    throw badRequest(`For input string: "${String(value)}"`, 'number_format_exception');
  return n;
}

/** A scalar request value, as `missing` and `include` accept. */
export type Scalar = string | number | boolean;

/** The `missing` parameter as a value of the source's kind. */
export type MissingValue =
  | { readonly kind: 'none' }
  | { readonly kind: 'keyword'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'geo'; readonly value: GeoPoint };

export const NO_MISSING: MissingValue = { kind: 'none' };

/** `unmappedAs`: the value type an unmapped field defaults to for this aggregation (terms: strings). */
export function parseMissing(
  source: FieldSource,
  raw: Scalar | undefined,
  now: number,
  unmappedAs: 'keyword' | 'number' | 'geo' = 'keyword',
): MissingValue {
  if (raw === undefined) return NO_MISSING;
  switch (source.kind) {
    case 'unmapped':
      if (unmappedAs === 'geo') return { kind: 'geo', value: parseGeoPoint(raw) };
      if (unmappedAs === 'number') {
        const n =
          typeof raw === 'number'
            ? raw
            : typeof raw === 'string' && raw.trim() !== ''
              ? Number(raw)
              : NaN;
        if (!Number.isFinite(n))
          throw badRequest(`For input string: "${String(raw)}"`, 'number_format_exception');
        return { kind: 'number', value: n };
      }
      return { kind: 'keyword', value: String(raw) };
    case 'keyword':
      return { kind: 'keyword', value: String(raw) };
    case 'geo':
      return { kind: 'geo', value: parseGeoPoint(raw) };
    default:
      return { kind: 'number', value: parseNumericValue(source, raw, now) };
  }
}
