import { FLEET, aggregate, at, buildShard, errorOf } from './fleet-fixture';

describe('nested and reverse_nested aggregations', () => {
  const shard = buildShard(FLEET);

  it('steps into the nested objects of the matching documents', () => {
    expect(aggregate(shard, { codes: { nested: { path: 'trouble_codes' } } })).toEqual({
      codes: { doc_count: 6 },
    });
    expect(
      aggregate(shard, { codes: { nested: { path: 'trouble_codes' } } }, ['V1', 'V3', 'V4']),
    ).toEqual({
      codes: { doc_count: 4 },
    });
  });

  it('facets a nested keyword field with terms', () => {
    const result = aggregate(shard, {
      codes: {
        nested: { path: 'trouble_codes' },
        aggs: { top: { terms: { field: 'trouble_codes.code' } } },
      },
    });
    expect(result).toEqual({
      codes: {
        doc_count: 6,
        top: {
          doc_count_error_upper_bound: 0,
          sum_other_doc_count: 0,
          buckets: [
            { key: 'P0300', doc_count: 3 },
            { key: 'P0420', doc_count: 2 },
            { key: 'P0171', doc_count: 1 },
          ],
        },
      },
    });
  });

  it('counts unique parent vehicles with reverse_nested', () => {
    const result = aggregate(shard, {
      codes: {
        nested: { path: 'trouble_codes' },
        aggs: {
          vehicles: { reverse_nested: {} },
          top: {
            terms: { field: 'trouble_codes.code' },
            aggs: {
              vehicles: {
                reverse_nested: {},
                aggs: { makes: { terms: { field: 'make' } } },
              },
            },
          },
        },
      },
    });
    expect(at(result, 'codes.vehicles')).toEqual({ doc_count: 4 });
    expect(at(result, 'codes.top.buckets.0')).toEqual({
      key: 'P0300',
      doc_count: 3,
      vehicles: {
        doc_count: 3,
        makes: {
          doc_count_error_upper_bound: 0,
          sum_other_doc_count: 0,
          buckets: [
            { key: 'volvo', doc_count: 2 },
            { key: 'scania', doc_count: 1 },
          ],
        },
      },
    });
  });

  it('counts a parent once however many of its children match', () => {
    const twice = buildShard([
      { vin: 'T1', make: 'daf', trouble_codes: [{ code: 'P1' }, { code: 'P1' }, { code: 'P2' }] },
      { vin: 'T2', make: 'daf', trouble_codes: [{ code: 'P1' }] },
    ]);
    const result = aggregate(twice, {
      codes: {
        nested: { path: 'trouble_codes' },
        aggs: {
          top: { terms: { field: 'trouble_codes.code' }, aggs: { back: { reverse_nested: {} } } },
        },
      },
    });
    expect(at(result, 'codes.top.buckets')).toEqual([
      { key: 'P1', doc_count: 3, back: { doc_count: 2 } },
      { key: 'P2', doc_count: 1, back: { doc_count: 1 } },
    ]);
  });

  it('reads nested fields only inside the nested aggregation, and root fields only outside', () => {
    const result = aggregate(shard, {
      codes: {
        nested: { path: 'trouble_codes' },
        aggs: {
          makes: { terms: { field: 'make' } },
          latest: { max: { field: 'trouble_codes.sendtimestamp' } },
        },
      },
      rootLatest: { max: { field: 'trouble_codes.sendtimestamp' } },
    });
    expect(at(result, 'codes.makes.buckets')).toEqual([]);
    expect(at(result, 'codes.latest')).toEqual({
      value: Date.parse('2024-01-01T00:06:00Z'),
      value_as_string: '2024-01-01T00:06:00.000Z',
    });
    expect(at(result, 'rootLatest')).toEqual({ value: null });
  });

  it('filters nested objects with a filter aggregation in the nested scope', () => {
    const result = aggregate(shard, {
      codes: {
        nested: { path: 'trouble_codes' },
        aggs: {
          misfires: {
            filter: { term: { 'trouble_codes.code': 'P0300' } },
            aggs: { back: { reverse_nested: {} } },
          },
        },
      },
    });
    expect(at(result, 'codes.misfires')).toEqual({ doc_count: 3, back: { doc_count: 3 } });
  });

  it('answers doc_count 0 for an unmapped path', () => {
    expect(aggregate(shard, { n: { nested: { path: 'nope' } } })).toEqual({ n: { doc_count: 0 } });
  });

  it('rejects paths that are not nested, and malformed bodies', () => {
    const notNested = errorOf(() => aggregate(shard, { n: { nested: { path: 'geolocation' } } }));
    expect(notNested.status).toBe(400);
    expect(notNested.type).toBe('aggregation_execution_exception');
    expect(notNested.reason).toBe('[nested] nested path [geolocation] is not nested');
    const noPath = errorOf(() => aggregate(shard, { n: { nested: {} } }));
    expect(noPath.type).toBe('parsing_exception');
    expect(noPath.reason).toBe('Missing [path] field for nested aggregation [n]');
    const unknown = errorOf(() =>
      aggregate(shard, { n: { nested: { path: 'trouble_codes', size: '3' } } }),
    );
    expect(unknown.reason).toBe('Unknown key for a VALUE_STRING in [n]: [size].');
  });

  it('refuses reverse_nested outside a nested aggregation, even in an empty bucket', () => {
    const err = errorOf(() =>
      aggregate(shard, {
        makes: {
          terms: { field: 'make', include: ['none'] },
          aggs: { back: { reverse_nested: {} } },
        },
      }),
    );
    expect(err.status).toBe(400);
    expect(err.type).toBe('illegal_argument_exception');
    expect(err.reason).toBe(
      'Reverse nested aggregation [back] can only be used inside a [nested] aggregation',
    );
  });
});
