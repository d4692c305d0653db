import { FLEET, aggregate, at, buildShard, errorOf } from './fleet-fixture';

const iso = (text: string) => Date.parse(text);

function bucket(keyAsString: string, docCount: number) {
  return { key_as_string: keyAsString, key: iso(keyAsString), doc_count: docCount };
}

describe('date_histogram aggregation', () => {
  const shard = buildShard(FLEET);

  it('buckets by a fixed interval and fills the empty buckets between', () => {
    const result = aggregate(
      shard,
      { h: { date_histogram: { field: 'sendtimestamp', fixed_interval: '1h' } } },
      ['V1', 'V2', 'V3'],
    );
    expect(result).toEqual({
      h: {
        buckets: [
          bucket('2024-01-01T00:00:00.000Z', 2),
          bucket('2024-01-01T01:00:00.000Z', 0),
          bucket('2024-01-01T02:00:00.000Z', 1),
        ],
      },
    });
  });

  it('accepts other fixed units', () => {
    const result = aggregate(
      shard,
      {
        h: { date_histogram: { field: 'sendtimestamp', fixed_interval: '30m', min_doc_count: 1 } },
      },
      ['V1', 'V2', 'V3'],
    );
    expect(at(result, 'h.buckets')).toEqual([
      bucket('2024-01-01T00:00:00.000Z', 2),
      bucket('2024-01-01T02:00:00.000Z', 1),
    ]);
    const seconds = aggregate(
      shard,
      { h: { date_histogram: { field: 'sendtimestamp', fixed_interval: '90s' } } },
      ['V1', 'V2'],
    );
    const buckets = at(seconds, 'h.buckets') as { key: number; doc_count: number }[];
    expect(buckets[0]).toEqual(bucket('2024-01-01T00:09:00.000Z', 1));
    expect(buckets.at(-1)).toEqual(bucket('2024-01-01T00:19:30.000Z', 1));
    expect(buckets).toHaveLength(8);
  });

  it('buckets by calendar day across the whole range', () => {
    const result = aggregate(shard, {
      d: { date_histogram: { field: 'sendtimestamp', calendar_interval: 'day' } },
    });
    const buckets = at(result, 'd.buckets') as unknown[];
    expect(buckets).toHaveLength(46);
    expect(buckets.slice(0, 3)).toEqual([
      bucket('2024-01-01T00:00:00.000Z', 3),
      bucket('2024-01-02T00:00:00.000Z', 0),
      bucket('2024-01-03T00:00:00.000Z', 2),
    ]);
    expect(buckets.at(-1)).toEqual(bucket('2024-02-15T00:00:00.000Z', 1));
  });

  it('uses real calendar months, ISO weeks, quarters and years', () => {
    const month = aggregate(shard, {
      m: { date_histogram: { field: 'sendtimestamp', calendar_interval: '1M' } },
    });
    expect(at(month, 'm.buckets')).toEqual([
      bucket('2024-01-01T00:00:00.000Z', 5),
      bucket('2024-02-01T00:00:00.000Z', 1),
    ]);
    const week = aggregate(shard, {
      w: { date_histogram: { field: 'sendtimestamp', calendar_interval: 'week' } },
    });
    const weeks = at(week, 'w.buckets') as unknown[];
    expect(weeks).toHaveLength(7);
    expect(weeks[0]).toEqual(bucket('2024-01-01T00:00:00.000Z', 5)); // a Monday
    expect(weeks[6]).toEqual(bucket('2024-02-12T00:00:00.000Z', 1));
    const quarter = aggregate(shard, {
      q: { date_histogram: { field: 'sendtimestamp', calendar_interval: 'quarter' } },
    });
    expect(at(quarter, 'q.buckets')).toEqual([bucket('2024-01-01T00:00:00.000Z', 6)]);
    const year = aggregate(shard, {
      y: { date_histogram: { field: 'sendtimestamp', calendar_interval: '1y' } },
    });
    expect(at(year, 'y.buckets')).toEqual([bucket('2024-01-01T00:00:00.000Z', 6)]);
  });

  it('starts weeks on Monday for dates late on a Sunday', () => {
    const sunday = buildShard([
      { vin: 'S1', sendtimestamp: '2024-01-07T23:59:59.999Z' },
      { vin: 'S2', sendtimestamp: '2024-01-08T00:00:00.000Z' },
    ]);
    const result = aggregate(sunday, {
      w: { date_histogram: { field: 'sendtimestamp', calendar_interval: '1w' } },
    });
    expect(at(result, 'w.buckets')).toEqual([
      bucket('2024-01-01T00:00:00.000Z', 1),
      bucket('2024-01-08T00:00:00.000Z', 1),
    ]);
  });

  it('drops empty buckets with min_doc_count 1', () => {
    const result = aggregate(shard, {
      d: { date_histogram: { field: 'sendtimestamp', calendar_interval: 'day', min_doc_count: 1 } },
    });
    expect(at(result, 'd.buckets')).toEqual([
      bucket('2024-01-01T00:00:00.000Z', 3),
      bucket('2024-01-03T00:00:00.000Z', 2),
      bucket('2024-02-15T00:00:00.000Z', 1),
    ]);
  });

  it('extends the buckets to extended_bounds, even with no documents', () => {
    const extended_bounds = { min: '2024-01-01T00:00:00Z', max: '2024-01-01T04:30:00Z' };
    const result = aggregate(
      shard,
      { h: { date_histogram: { field: 'sendtimestamp', fixed_interval: '1h', extended_bounds } } },
      ['V3'],
    );
    expect(at(result, 'h.buckets')).toEqual([
      bucket('2024-01-01T00:00:00.000Z', 0),
      bucket('2024-01-01T01:00:00.000Z', 0),
      bucket('2024-01-01T02:00:00.000Z', 1),
      bucket('2024-01-01T03:00:00.000Z', 0),
      bucket('2024-01-01T04:00:00.000Z', 0),
    ]);
    const none = aggregate(
      shard,
      { h: { date_histogram: { field: 'sendtimestamp', fixed_interval: '1h', extended_bounds } } },
      [],
    );
    expect(at(none, 'h.buckets')).toHaveLength(5);
    const epoch = aggregate(
      shard,
      {
        h: {
          date_histogram: {
            field: 'sendtimestamp',
            fixed_interval: '1h',
            extended_bounds: { min: iso('2024-01-01T01:00:00Z'), max: iso('2024-01-01T01:00:00Z') },
          },
        },
      },
      [],
    );
    expect(at(epoch, 'h.buckets')).toEqual([bucket('2024-01-01T01:00:00.000Z', 0)]);
  });

  it('leaves out documents beyond hard_bounds', () => {
    const result = aggregate(shard, {
      d: {
        date_histogram: {
          field: 'sendtimestamp',
          calendar_interval: 'day',
          hard_bounds: { min: '2024-01-02', max: '2024-01-20' },
        },
      },
    });
    expect(at(result, 'd.buckets')).toEqual([bucket('2024-01-03T00:00:00.000Z', 2)]);
  });

  it('shifts bucket starts by offset', () => {
    const result = aggregate(
      shard,
      {
        d: {
          date_histogram: {
            field: 'sendtimestamp',
            fixed_interval: '1d',
            offset: '+6h',
            min_doc_count: 1,
          },
        },
      },
      ['V1', 'V4', 'V5'],
    );
    expect(at(result, 'd.buckets')).toEqual([
      bucket('2023-12-31T06:00:00.000Z', 1),
      bucket('2024-01-03T06:00:00.000Z', 2),
    ]);
    const negative = aggregate(
      shard,
      {
        d: {
          date_histogram: {
            field: 'sendtimestamp',
            calendar_interval: 'day',
            offset: '-1h',
            min_doc_count: 1,
          },
        },
      },
      ['V6'],
    );
    expect(at(negative, 'd.buckets')).toEqual([bucket('2024-02-14T23:00:00.000Z', 1)]);
  });

  it('returns keyed buckets and custom formats', () => {
    const keyed = aggregate(shard, {
      m: {
        date_histogram: {
          field: 'sendtimestamp',
          calendar_interval: 'month',
          keyed: true,
          format: 'strict_date',
        },
      },
    });
    expect(keyed).toEqual({
      m: {
        buckets: {
          '2024-01-01': { key_as_string: '2024-01-01', key: iso('2024-01-01'), doc_count: 5 },
          '2024-02-01': { key_as_string: '2024-02-01', key: iso('2024-02-01'), doc_count: 1 },
        },
      },
    });
    const millis = aggregate(shard, {
      m: {
        date_histogram: {
          field: 'sendtimestamp',
          calendar_interval: 'month',
          format: 'epoch_millis',
        },
      },
    });
    expect(at(millis, 'm.buckets.1.key_as_string')).toBe(String(iso('2024-02-01')));
  });

  it('orders buckets by count or key when asked', () => {
    const byCount = aggregate(shard, {
      d: {
        date_histogram: {
          field: 'sendtimestamp',
          calendar_interval: 'day',
          min_doc_count: 1,
          order: { _count: 'asc' },
        },
      },
    });
    expect(
      (at(byCount, 'd.buckets') as { key_as_string: string }[]).map((b) => b.key_as_string),
    ).toEqual(['2024-02-15T00:00:00.000Z', '2024-01-03T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
    const byKeyDesc = aggregate(shard, {
      d: {
        date_histogram: {
          field: 'sendtimestamp',
          calendar_interval: 'month',
          order: { _key: 'desc' },
        },
      },
    });
    expect(at(byKeyDesc, 'd.buckets.0.key_as_string')).toBe('2024-02-01T00:00:00.000Z');
  });

  it('runs sub-aggregations in every bucket, empty ones included', () => {
    const result = aggregate(
      shard,
      {
        h: {
          date_histogram: { field: 'sendtimestamp', fixed_interval: '1h' },
          aggs: {
            fastest: { max: { field: 'speed' } },
            vehicles: { value_count: { field: 'vin' } },
          },
        },
      },
      ['V1', 'V2', 'V3'],
    );
    expect(at(result, 'h.buckets')).toEqual([
      {
        ...bucket('2024-01-01T00:00:00.000Z', 2),
        fastest: { value: 80.25 },
        vehicles: { value: 2 },
      },
      {
        ...bucket('2024-01-01T01:00:00.000Z', 0),
        fastest: { value: null },
        vehicles: { value: 0 },
      },
      { ...bucket('2024-01-01T02:00:00.000Z', 1), fastest: { value: 100 }, vehicles: { value: 1 } },
    ]);
  });

  it('buckets documents without a value at missing', () => {
    const sparse = buildShard([{ vin: 'A', sendtimestamp: '2024-05-01T10:00:00Z' }, { vin: 'B' }]);
    const result = aggregate(sparse, {
      d: {
        date_histogram: { field: 'sendtimestamp', calendar_interval: 'day', missing: '2024-05-02' },
      },
    });
    expect(at(result, 'd.buckets')).toEqual([
      bucket('2024-05-01T00:00:00.000Z', 1),
      bucket('2024-05-02T00:00:00.000Z', 1),
    ]);
  });

  it('refuses the legacy interval and non-UTC time zones', () => {
    const legacy = errorOf(() =>
      aggregate(shard, { d: { date_histogram: { field: 'sendtimestamp', interval: '1d' } } }),
    );
    expect(legacy.status).toBe(400);
    expect(legacy.reason).toContain('[date_histogram] parameter [interval] is not supported');
    const zone = errorOf(() =>
      aggregate(shard, {
        d: {
          date_histogram: {
            field: 'sendtimestamp',
            calendar_interval: 'day',
            time_zone: 'Europe/Amsterdam',
          },
        },
      }),
    );
    expect(zone.status).toBe(400);
    expect(zone.reason).toContain('time_zone');
    const utc = aggregate(shard, {
      d: {
        date_histogram: { field: 'sendtimestamp', calendar_interval: 'month', time_zone: 'UTC' },
      },
    });
    expect(at(utc, 'd.buckets')).toHaveLength(2);
  });

  it('validates intervals as OpenSearch does', () => {
    const both = errorOf(() =>
      aggregate(shard, {
        d: {
          date_histogram: {
            field: 'sendtimestamp',
            fixed_interval: '1h',
            calendar_interval: 'day',
          },
        },
      }),
    );
    expect(both.type).toBe('x_content_parse_exception');
    expect(both.reason).toBe('[date_histogram] failed to parse field [calendar_interval]');
    expect(both.extra.caused_by).toEqual({
      type: 'illegal_argument_exception',
      reason: 'Cannot use [calendar_interval] with [fixed_interval] configuration option.',
    });
    const calendar = errorOf(() =>
      aggregate(shard, {
        d: { date_histogram: { field: 'sendtimestamp', calendar_interval: '2d' } },
      }),
    );
    expect(calendar.extra.caused_by).toEqual({
      type: 'illegal_argument_exception',
      reason: 'The supplied interval [2d] could not be parsed as a calendar interval.',
    });
    const fixed = errorOf(() =>
      aggregate(shard, { d: { date_histogram: { field: 'sendtimestamp', fixed_interval: '1w' } } }),
    );
    expect(fixed.reason).toBe('[date_histogram] failed to parse field [fixed_interval]');
    const none = errorOf(() =>
      aggregate(shard, { d: { date_histogram: { field: 'sendtimestamp' } } }),
    );
    expect(none.type).toBe('illegal_argument_exception');
    expect(none.reason).toBe('Invalid interval specified, must be non-null and non-empty');
    const bounds = errorOf(() =>
      aggregate(shard, {
        d: {
          date_histogram: {
            field: 'sendtimestamp',
            calendar_interval: 'day',
            extended_bounds: { min: '2024-02-01', max: '2024-01-01' },
          },
        },
      }),
    );
    expect(bounds.reason).toBe(
      `[extended_bounds.min][${iso('2024-02-01')}] cannot be greater than [extended_bounds.max][${iso('2024-01-01')}] for histogram aggregation [d]`,
    );
  });

  it('refuses non-date fields', () => {
    const keyword = errorOf(() =>
      aggregate(shard, { d: { date_histogram: { field: 'make', calendar_interval: 'day' } } }),
    );
    expect(keyword.reason).toBe(
      'Field [make] of type [keyword] is not supported for aggregation [date_histogram]',
    );
    const numeric = errorOf(() =>
      aggregate(shard, { d: { date_histogram: { field: 'year', calendar_interval: 'day' } } }),
    );
    expect(numeric.status).toBe(400);
  });

  it('stops at search.max_buckets', () => {
    const err = errorOf(() =>
      aggregate(shard, { s: { date_histogram: { field: 'sendtimestamp', fixed_interval: '1s' } } }),
    );
    expect(err.status).toBe(400);
    expect(err.type).toBe('too_many_buckets_exception');
    expect(err.reason).toContain('Must be less than or equal to: [65535]');
  });
});
