import { badRequest } from '../errors';
import { type AggregationRun, type Bucket, defineAggregation } from './aggregator';
import { parseMissing, resolveField, type Scalar } from './field-source';
import { bodyOf, checkKeys, readScalar, readString } from './params';

const TYPE = 'value_count';

interface ValueCountParams {
  readonly field: string;
  readonly missing: Scalar | undefined;
  readonly format: string | undefined;
}

/** Counts values, not documents: a document with three codes counts three. */
function countValues(params: ValueCountParams, bucket: Bucket, run: AggregationRun): number {
  const source = resolveField(
    TYPE,
    params.field,
    bucket.space,
    run.ctx.shard,
    ['keyword', 'numeric', 'date', 'boolean', 'geo'],
    params.format,
  );
  const hasMissing = parseMissing(source, params.missing, run.ctx.now).kind !== 'none';
  const ordinals = bucket.ordinals;
  let count = 0;
  const countDoc = (n: number) => {
    count += n > 0 ? n : hasMissing ? 1 : 0;
  };
  switch (source.kind) {
    case 'unmapped':
      return hasMissing ? ordinals.length : 0;
    case 'keyword': {
      const column = source.column;
      const single = column?.single.data ?? new Int32Array(0);
      for (let i = 0; i < ordinals.length; i++) {
        const ord = ordinals[i]!;
        const id = ord < single.length ? single[ord]! : -1;
        countDoc(id >= 0 ? 1 : id === -2 ? column!.valuesOf(ord).length : 0);
      }
      return count;
    }
    case 'geo': {
      const column = source.column;
      for (let i = 0; i < ordinals.length; i++) {
        const ord = ordinals[i]!;
        countDoc(column ? (column.multi.get(ord)?.length ?? (column.has(ord) ? 1 : 0)) : 0);
      }
      return count;
    }
    default: {
      const column = source.column;
      const data = column?.single.data ?? new Float64Array(0);
      const multi = column?.hasMultiValues ? column.multi : undefined;
      for (let i = 0; i < ordinals.length; i++) {
        const ord = ordinals[i]!;
        const values = multi?.get(ord);
        countDoc(values ? values.length : ord < data.length && data[ord] === data[ord] ? 1 : 0);
      }
      return count;
    }
  }
}

export const valueCount = defineAggregation<ValueCountParams>({
  name: TYPE,
  acceptsSubAggregations: false,
  parse(raw) {
    const body = bodyOf(TYPE, raw);
    checkKeys(TYPE, body, ['field', 'missing', 'format'], ['script', 'value_type']);
    const field = readString(TYPE, body, 'field');
    if (field === undefined)
      throw badRequest('Required one of fields [field, script], but none were specified. ');
    return {
      field,
      missing: readScalar(TYPE, body, 'missing'),
      format: readString(TYPE, body, 'format'),
    };
  },
  run: (params, bucket, _subs, run) => ({ value: countValues(params, bucket, run) }),
  sortValue: (params, bucket, run) => countValues(params, bucket, run),
});
