import { FLEET, aggregate, at, buildShard, errorOf } from './fleet-fixture';

describe('terms aggregation', () => {
  const shard = buildShard(FLEET);

  it('counts keyword terms, ordered by doc count then key', () => {
    expect(aggregate(shard, { makes: { terms: { field: 'make' } } })).toEqual({
      makes: {
        doc_count_error_upper_bound: 0,
        sum_other_doc_count: 0,
        buckets: [
          { key: 'volvo', doc_count: 3 },
          { key: 'scania', doc_count: 2 },
          { key: 'man', doc_count: 1 },
        ],
      },
    });
  });

  it('only counts the given documents', () => {
    const result = aggregate(shard, { makes: { terms: { field: 'make' } } }, ['V1', 'V3', 'V5']);
    expect(at(result, 'makes.buckets')).toEqual([
      { key: 'scania', doc_count: 2 },
      { key: 'volvo', doc_count: 1 },
    ]);
  });

  it('trims to size and reports the rest in sum_other_doc_count', () => {
    expect(aggregate(shard, { makes: { terms: { field: 'make', size: 1 } } })).toEqual({
      makes: {
        doc_count_error_upper_bound: 0,
        sum_other_doc_count: 3,
        buckets: [{ key: 'volvo', doc_count: 3 }],
      },
    });
  });

  it('orders by key, by count ascending, and by a list of orders', () => {
    const byKey = aggregate(shard, { m: { terms: { field: 'make', order: { _key: 'asc' } } } });
    expect((at(byKey, 'm.buckets') as { key: string }[]).map((b) => b.key)).toEqual([
      'man',
      'scania',
      'volvo',
    ]);
    const byCountAsc = aggregate(shard, {
      y: { terms: { field: 'year', order: { _count: 'asc' } } },
    });
    // Ties on count fall back to the key, ascending.
    expect((at(byCountAsc, 'y.buckets') as { key: number }[]).map((b) => b.key)).toEqual([
      2018, 2019, 2020, 2021,
    ]);
    const listed = aggregate(shard, {
      y: { terms: { field: 'year', order: [{ _count: 'desc' }, { _key: 'desc' }] } },
    });
    expect((at(listed, 'y.buckets') as { key: number }[]).map((b) => b.key)).toEqual([
      2021, 2020, 2019, 2018,
    ]);
  });

  it('orders by a single-value metric sub-aggregation', () => {
    const result = aggregate(shard, {
      makes: {
        terms: { field: 'make', order: { top_speed: 'desc' } },
        aggs: { top_speed: { max: { field: 'speed' } } },
      },
    });
    expect(at(result, 'makes.buckets')).toEqual([
      { key: 'scania', doc_count: 2, top_speed: { value: 100 } },
      { key: 'volvo', doc_count: 3, top_speed: { value: 80.25 } },
      { key: 'man', doc_count: 1, top_speed: { value: 30.75 } },
    ]);
    const byPath = aggregate(shard, {
      makes: {
        terms: { field: 'make', order: [{ 'fast.doc_count': 'asc' }, { fast: 'asc' }] },
        aggs: { fast: { filter: { range: { speed: { gte: 50 } } } } },
      },
    });
    expect((at(byPath, 'makes.buckets') as { key: string }[]).map((b) => b.key)).toEqual([
      'man',
      'scania',
      'volvo',
    ]);
  });

  it('rejects an order path that names no sub-aggregation', () => {
    const err = errorOf(() =>
      aggregate(shard, { makes: { terms: { field: 'make', order: { nope: 'desc' } } } }),
    );
    expect(err.status).toBe(400);
    expect(err.type).toBe('illegal_argument_exception');
    expect(err.reason).toContain('Invalid aggregation order path [nope]');
  });

  it('keys numbers as numbers, dates with key_as_string, booleans as 0/1 with strings', () => {
    expect(at(aggregate(shard, { y: { terms: { field: 'year', size: 2 } } }), 'y')).toEqual({
      doc_count_error_upper_bound: 0,
      sum_other_doc_count: 2,
      buckets: [
        { key: 2020, doc_count: 2 },
        { key: 2021, doc_count: 2 },
      ],
    });
    const dates = aggregate(shard, {
      t: { terms: { field: 'sendtimestamp', size: 1, order: { _key: 'asc' } } },
    });
    expect(at(dates, 't.buckets')).toEqual([
      {
        key: Date.parse('2024-01-01T00:10:00Z'),
        key_as_string: '2024-01-01T00:10:00.000Z',
        doc_count: 1,
      },
    ]);
    expect(at(aggregate(shard, { a: { terms: { field: 'active' } } }), 'a.buckets')).toEqual([
      { key: 1, key_as_string: 'true', doc_count: 3 },
      { key: 0, key_as_string: 'false', doc_count: 2 },
    ]);
  });

  it('counts each value of a multi-valued field', () => {
    expect(at(aggregate(shard, { t: { terms: { field: 'tags' } } }), 't.buckets')).toEqual([
      { key: 'cold', doc_count: 2 },
      { key: 'fast', doc_count: 1 },
    ]);
  });

  it('puts documents without a value in the missing bucket', () => {
    const result = aggregate(shard, { s: { terms: { field: 'speed', missing: -1, size: 1 } } }, [
      'V4',
      'V5',
    ]);
    expect(at(result, 's')).toEqual({
      doc_count_error_upper_bound: 0,
      sum_other_doc_count: 1,
      buckets: [{ key: -1, doc_count: 1 }],
    });
    const tags = aggregate(shard, { t: { terms: { field: 'tags', missing: 'none' } } });
    expect(at(tags, 't.buckets')).toEqual([
      { key: 'none', doc_count: 4 },
      { key: 'cold', doc_count: 2 },
      { key: 'fast', doc_count: 1 },
    ]);
  });

  it('filters terms with include and exclude arrays', () => {
    const included = aggregate(shard, {
      m: { terms: { field: 'make', include: ['man', 'volvo'] } },
    });
    expect(at(included, 'm.buckets')).toEqual([
      { key: 'volvo', doc_count: 3 },
      { key: 'man', doc_count: 1 },
    ]);
    const excluded = aggregate(shard, { y: { terms: { field: 'year', exclude: [2020, '2021'] } } });
    expect(at(excluded, 'y.buckets')).toEqual([
      { key: 2018, doc_count: 1 },
      { key: 2019, doc_count: 1 },
    ]);
  });

  it('applies min_doc_count, and with 0 lists terms no matching document has', () => {
    const atLeastTwo = aggregate(shard, { m: { terms: { field: 'make', min_doc_count: 2 } } });
    expect(at(atLeastTwo, 'm.buckets')).toEqual([
      { key: 'volvo', doc_count: 3 },
      { key: 'scania', doc_count: 2 },
    ]);
    const zero = aggregate(shard, { m: { terms: { field: 'make', min_doc_count: 0 } } }, ['V4']);
    expect(at(zero, 'm.buckets')).toEqual([
      { key: 'man', doc_count: 1 },
      { key: 'scania', doc_count: 0 },
      { key: 'volvo', doc_count: 0 },
    ]);
  });

  it('runs sub-aggregations on each bucket', () => {
    const result = aggregate(shard, {
      makes: {
        terms: { field: 'make' },
        aggs: { vins: { terms: { field: 'vin', order: { _key: 'asc' } } } },
      },
    });
    expect(at(result, 'makes.buckets.0.vins.buckets')).toEqual([
      { key: 'V1', doc_count: 1 },
      { key: 'V2', doc_count: 1 },
      { key: 'V6', doc_count: 1 },
    ]);
    expect(at(result, 'makes.buckets.2.vins.buckets')).toEqual([{ key: 'V4', doc_count: 1 }]);
  });

  it('answers an empty result for an unmapped field, or one bucket with missing', () => {
    expect(aggregate(shard, { u: { terms: { field: 'nope' } } })).toEqual({
      u: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: [] },
    });
    expect(
      at(aggregate(shard, { u: { terms: { field: 'nope', missing: 'abc' } } }), 'u.buckets'),
    ).toEqual([{ key: 'abc', doc_count: 6 }]);
  });

  it('finds no values for a field of a nested object without a nested aggregation', () => {
    expect(
      at(aggregate(shard, { c: { terms: { field: 'trouble_codes.code' } } }), 'c.buckets'),
    ).toEqual([]);
  });

  it('refuses text fields with the fielddata error', () => {
    const err = errorOf(() => aggregate(shard, { d: { terms: { field: 'description' } } }));
    expect(err.status).toBe(400);
    expect(err.type).toBe('illegal_argument_exception');
    expect(err.reason).toMatch(
      /^Text fields are not optimised for operations that require per-document field data/,
    );
    expect(err.reason).toContain('set fielddata=true on [description]');
  });

  it('refuses geo_point fields', () => {
    const err = errorOf(() =>
      aggregate(shard, { g: { terms: { field: 'geolocation.location' } } }),
    );
    expect(err.reason).toBe(
      'Field [geolocation.location] of type [geo_point] is not supported for aggregation [terms]',
    );
  });

  it('rejects unknown and invalid parameters the way OpenSearch does', () => {
    const unknown = errorOf(() => aggregate(shard, { m: { terms: { field: 'make', siz: 3 } } }));
    expect(unknown.status).toBe(400);
    expect(unknown.type).toBe('x_content_parse_exception');
    expect(unknown.reason).toBe('[terms] unknown field [siz] did you mean [size]?');

    const zero = errorOf(() => aggregate(shard, { m: { terms: { field: 'make', size: 0 } } }));
    expect(zero.type).toBe('x_content_parse_exception');
    expect(zero.reason).toBe('[terms] failed to parse field [size]');
    expect(zero.extra.caused_by).toEqual({
      type: 'illegal_argument_exception',
      reason: '[size] must be greater than 0. Found [0] in [m]',
    });

    const noField = errorOf(() => aggregate(shard, { m: { terms: { size: 3 } } }));
    expect(noField.type).toBe('illegal_argument_exception');

    const direction = errorOf(() =>
      aggregate(shard, { m: { terms: { field: 'make', order: { _count: 'up' } } } }),
    );
    expect(direction.reason).toBe('[terms] failed to parse field [order]');
  });

  it('refuses include regexes and scripts instead of approximating them', () => {
    const regex = errorOf(() =>
      aggregate(shard, { m: { terms: { field: 'make', include: 'vol.*' } } }),
    );
    expect(regex.status).toBe(400);
    expect(regex.reason).toContain('[terms] parameter [include] is not supported');
    const script = errorOf(() => aggregate(shard, { m: { terms: { script: 'doc.make' } } }));
    expect(script.status).toBe(400);
    expect(script.reason).toContain('[terms] parameter [script] is not supported');
  });
});
