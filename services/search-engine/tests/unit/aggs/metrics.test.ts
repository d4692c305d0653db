import { FLEET, aggregate, at, buildShard, errorOf } from './fleet-fixture';

const iso = (text: string) => Date.parse(text);

describe('min, max, avg and sum', () => {
  const shard = buildShard(FLEET);

  it('compute over every value of the bucket', () => {
    expect(
      aggregate(shard, {
        min: { min: { field: 'speed' } },
        max: { max: { field: 'speed' } },
        avg: { avg: { field: 'speed' } },
        sum: { sum: { field: 'speed' } },
        years: { avg: { field: 'year' } },
      }),
    ).toEqual({
      min: { value: 0 },
      max: { value: 100 },
      avg: { value: 261.5 / 5 },
      sum: { value: 261.5 },
      years: { value: (2019 + 2020 + 2020 + 2018 + 2021 + 2021) / 6 },
    });
  });

  it('answer null (sum: 0) when there is no value', () => {
    expect(
      aggregate(
        shard,
        {
          min: { min: { field: 'speed' } },
          max: { max: { field: 'speed' } },
          avg: { avg: { field: 'speed' } },
          sum: { sum: { field: 'speed' } },
          unmapped: { avg: { field: 'nope' } },
        },
        ['V5'],
      ),
    ).toEqual({
      min: { value: null },
      max: { value: null },
      avg: { value: null },
      sum: { value: 0 },
      unmapped: { value: null },
    });
  });

  it('add value_as_string for dates and booleans', () => {
    const result = aggregate(shard, {
      first: { min: { field: 'sendtimestamp' } },
      last: { max: { field: 'sendtimestamp' } },
      mean: { avg: { field: 'sendtimestamp' } },
      anyActive: { max: { field: 'active' } },
      allActive: { min: { field: 'active' } },
      activeCount: { sum: { field: 'active' } },
    });
    expect(result.first).toEqual({
      value: iso('2024-01-01T00:10:00Z'),
      value_as_string: '2024-01-01T00:10:00.000Z',
    });
    expect(result.last).toEqual({
      value: iso('2024-02-15T00:00:00Z'),
      value_as_string: '2024-02-15T00:00:00.000Z',
    });
    const times = FLEET.map((v) => iso(v.sendtimestamp!));
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    expect(result.mean).toEqual({
      value: mean,
      value_as_string: new Date(Math.trunc(mean)).toISOString(),
    });
    expect(result.anyActive).toEqual({ value: 1, value_as_string: 'true' });
    expect(result.allActive).toEqual({ value: 0, value_as_string: 'false' });
    expect(result.activeCount).toEqual({ value: 3, value_as_string: 'true' });
    expect(aggregate(shard, { s: { sum: { field: 'sendtimestamp' } } }, [])).toEqual({
      s: { value: 0, value_as_string: '1970-01-01T00:00:00.000Z' },
    });
    expect(aggregate(shard, { m: { min: { field: 'sendtimestamp' } } }, [])).toEqual({
      m: { value: null },
    });
  });

  it('use missing for documents without a value', () => {
    expect(aggregate(shard, { avg: { avg: { field: 'speed', missing: 10 } } })).toEqual({
      avg: { value: (261.5 + 10) / 6 },
    });
    expect(
      aggregate(shard, { first: { min: { field: 'sendtimestamp', missing: '2020-01-01' } } }, [
        'V1',
      ]),
    ).toEqual({
      first: { value: iso('2024-01-01T00:10:00Z'), value_as_string: '2024-01-01T00:10:00.000Z' },
    });
  });

  it('read every value of multi-valued fields', () => {
    const multi = buildShard([
      { vin: 'M1', year: [2000, 2010, 2010] },
      { vin: 'M2', year: 2005 },
    ]);
    expect(
      aggregate(multi, {
        min: { min: { field: 'year' } },
        max: { max: { field: 'year' } },
        sum: { sum: { field: 'year' } },
        avg: { avg: { field: 'year' } },
        count: { value_count: { field: 'year' } },
        distinct: { cardinality: { field: 'year' } },
      }),
    ).toEqual({
      min: { value: 2000 },
      max: { value: 2010 },
      sum: { value: 8025 },
      avg: { value: 8025 / 4 },
      count: { value: 4 },
      distinct: { value: 3 },
    });
  });

  it('refuse keyword, geo and text fields', () => {
    expect(errorOf(() => aggregate(shard, { a: { avg: { field: 'make' } } })).reason).toBe(
      'Field [make] of type [keyword] is not supported for aggregation [avg]',
    );
    expect(
      errorOf(() => aggregate(shard, { a: { max: { field: 'geolocation.location' } } })).reason,
    ).toBe(
      'Field [geolocation.location] of type [geo_point] is not supported for aggregation [max]',
    );
    expect(
      errorOf(() => aggregate(shard, { a: { sum: { field: 'description' } } })).reason,
    ).toContain('Text fields are not optimised');
  });

  it('reject unknown parameters and sub-aggregations', () => {
    const unknown = errorOf(() => aggregate(shard, { a: { avg: { fiel: 'speed' } } }));
    expect(unknown.type).toBe('x_content_parse_exception');
    expect(unknown.reason).toBe('[avg] unknown field [fiel] did you mean [field]?');
    const subs = errorOf(() =>
      aggregate(shard, {
        a: { avg: { field: 'speed' }, aggs: { b: { max: { field: 'speed' } } } },
      }),
    );
    expect(subs.status).toBe(400);
    expect(subs.type).toBe('aggregation_initialization_exception');
    expect(subs.reason).toBe('Aggregator [a] of type [avg] cannot accept sub-aggregations');
    const noField = errorOf(() => aggregate(shard, { a: { min: {} } }));
    expect(noField.reason).toBe(
      'Required one of fields [field, script], but none were specified. ',
    );
  });
});

describe('value_count and cardinality', () => {
  const shard = buildShard(FLEET);

  it('count values, not documents', () => {
    expect(
      aggregate(shard, {
        vins: { value_count: { field: 'vin' } },
        tags: { value_count: { field: 'tags' } },
        speeds: { value_count: { field: 'speed' } },
        points: { value_count: { field: 'geolocation.location' } },
        none: { value_count: { field: 'nope' } },
      }),
    ).toEqual({
      vins: { value: 6 },
      tags: { value: 3 },
      speeds: { value: 5 },
      points: { value: 6 },
      none: { value: 0 },
    });
  });

  it('count distinct values exactly', () => {
    expect(
      aggregate(shard, {
        makes: { cardinality: { field: 'make' } },
        years: { cardinality: { field: 'year', precision_threshold: 100 } },
        tags: { cardinality: { field: 'tags' } },
        days: { cardinality: { field: 'active' } },
        places: { cardinality: { field: 'geolocation.location' } },
        withMissing: { cardinality: { field: 'speed', missing: -1 } },
      }),
    ).toEqual({
      makes: { value: 3 },
      years: { value: 4 },
      tags: { value: 2 },
      days: { value: 2 },
      places: { value: 6 },
      withMissing: { value: 6 },
    });
    expect(
      aggregate(shard, { makes: { cardinality: { field: 'make' } } }, ['V1', 'V2', 'V6']),
    ).toEqual({
      makes: { value: 1 },
    });
  });

  it('order terms buckets by their value', () => {
    const result = aggregate(shard, {
      makes: {
        terms: { field: 'make', order: { years: 'asc' } },
        aggs: { years: { cardinality: { field: 'year' } } },
      },
    });
    expect(at(result, 'makes.buckets')).toEqual([
      { key: 'man', doc_count: 1, years: { value: 1 } },
      { key: 'scania', doc_count: 2, years: { value: 2 } },
      { key: 'volvo', doc_count: 3, years: { value: 3 } },
    ]);
  });

  it('reject a negative precision_threshold', () => {
    const err = errorOf(() =>
      aggregate(shard, { c: { cardinality: { field: 'make', precision_threshold: -1 } } }),
    );
    expect(err.reason).toBe('[cardinality] failed to parse field [precision_threshold]');
  });
});
