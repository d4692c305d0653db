import { runAggregations } from '../../../src/aggs/run-aggregations';
import {
  FLEET,
  type TopHitsCall,
  aggregate,
  at,
  buildShard,
  contextFor,
  errorOf,
  liveOrdinals,
} from './fleet-fixture';

describe('runAggregations', () => {
  const shard = buildShard(FLEET);

  it('runs sibling aggregations and answers each under its name', () => {
    const result = aggregate(shard, {
      makes: { terms: { field: 'make', size: 1 } },
      fastest: { max: { field: 'speed' } },
    });
    expect(Object.keys(result)).toEqual(['makes', 'fastest']);
    expect(result.fastest).toEqual({ value: 100 });
  });

  it('echoes meta', () => {
    expect(
      aggregate(shard, { fastest: { max: { field: 'speed' }, meta: { unit: 'km/h' } } }),
    ).toEqual({
      fastest: { meta: { unit: 'km/h' }, value: 100 },
    });
  });

  it('answers an empty object for no aggregations', () => {
    expect(aggregate(shard, {})).toEqual({});
  });

  it('does not count deleted documents', () => {
    const churn = buildShard(FLEET);
    churn.applyDelete('V1', 2);
    churn.refresh();
    const result = runAggregations(
      { makes: { terms: { field: 'make' } }, codes: { nested: { path: 'trouble_codes' } } },
      churn.root,
      liveOrdinals(churn.root),
      contextFor(churn),
    );
    expect(at(result, 'makes.buckets')).toEqual([
      { key: 'scania', doc_count: 2 },
      { key: 'volvo', doc_count: 2 },
      { key: 'man', doc_count: 1 },
    ]);
    expect(result.codes).toEqual({ doc_count: 4 });
  });

  describe('filter', () => {
    it('narrows the bucket with a query and runs sub-aggregations on the matches', () => {
      expect(
        aggregate(shard, {
          fast: {
            filter: { range: { speed: { gte: 50 } } },
            aggs: { makes: { terms: { field: 'make' } } },
          },
        }),
      ).toEqual({
        fast: {
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

    it('intersects with the bucket it runs in', () => {
      const result = aggregate(shard, {
        makes: {
          terms: { field: 'make' },
          aggs: { cold: { filter: { term: { tags: 'cold' } } } },
        },
      });
      expect((at(result, 'makes.buckets') as { cold: unknown }[]).map((b) => b.cold)).toEqual([
        { doc_count: 2 },
        { doc_count: 0 },
        { doc_count: 0 },
      ]);
    });

    it('rejects a malformed query even when no bucket runs it', () => {
      const err = errorOf(() =>
        aggregate(shard, {
          makes: {
            terms: { field: 'make', include: ['none'] },
            aggs: { f: { filter: { bogus: {} } } },
          },
        }),
      );
      expect(err.status).toBe(400);
      expect(err.type).toBe('parsing_exception');
      expect(err.reason).toBe('unknown query [bogus]');
    });
  });

  describe('top_hits', () => {
    it("delegates to the context's renderer with the bucket's documents", () => {
      const calls: TopHitsCall[] = [];
      const result = runAggregations(
        {
          makes: {
            terms: { field: 'make', size: 1 },
            aggs: {
              latest: {
                top_hits: { size: 2, sort: [{ sendtimestamp: 'desc' }], _source: ['vin'] },
              },
            },
          },
        },
        shard.root,
        liveOrdinals(shard.root),
        contextFor(shard, calls),
      );
      expect(calls).toEqual([
        {
          space: '',
          ordinals: ['V1', 'V2', 'V6'].map((vin) => shard.get(vin)!.ordinal),
          request: { size: 2, from: 0, sort: [{ sendtimestamp: 'desc' }], _source: ['vin'] },
        },
      ]);
      expect(at(result, 'makes.buckets.0.latest.hits.total')).toEqual({ value: 3, relation: 'eq' });
    });

    it('defaults to 3 hits and renders nested documents in their own space', () => {
      const calls: TopHitsCall[] = [];
      runAggregations(
        { codes: { nested: { path: 'trouble_codes' }, aggs: { some: { top_hits: {} } } } },
        shard.root,
        liveOrdinals(shard.root),
        contextFor(shard, calls),
      );
      expect(calls).toHaveLength(1);
      expect(calls[0]!.space).toBe('trouble_codes');
      expect(calls[0]!.ordinals).toHaveLength(6);
      expect(calls[0]!.request).toEqual({ size: 3, from: 0 });
    });

    it('validates its parameters', () => {
      const unknown = errorOf(() => aggregate(shard, { t: { top_hits: { sise: 3 } } }));
      expect(unknown.type).toBe('parsing_exception');
      expect(unknown.reason).toBe('Unknown key for a VALUE_NUMBER in [t]: [sise].');
      const negative = errorOf(() => aggregate(shard, { t: { top_hits: { size: -1 } } }));
      expect(negative.reason).toBe('[size] must be greater than or equal to 0. Found [-1] in [t]');
      const window = errorOf(() => aggregate(shard, { t: { top_hits: { from: 90, size: 20 } } }));
      expect(window.type).toBe('illegal_argument_exception');
      expect(window.reason).toContain(
        "the top hits aggregator [t]'s from + size must be less than or equal to: [100] but was [110]",
      );
      const refused = errorOf(() => aggregate(shard, { t: { top_hits: { highlight: {} } } }));
      expect(refused.status).toBe(400);
      expect(refused.reason).toContain('[top_hits] parameter [highlight] is not supported');
    });
  });

  describe('request structure', () => {
    it('rejects an unknown aggregation type with a suggestion', () => {
      const err = errorOf(() => aggregate(shard, { m: { term: { field: 'make' } } }));
      expect(err.status).toBe(400);
      expect(err.type).toBe('parsing_exception');
      expect(err.reason).toBe('Unknown aggregation type [term] did you mean [terms]?');
      expect(errorOf(() => aggregate(shard, { m: { frobnicate: {} } })).reason).toBe(
        'Unknown aggregation type [frobnicate]',
      );
    });

    it('answers 400 for OpenSearch aggregations this engine does not implement', () => {
      const err = errorOf(() =>
        aggregate(shard, { h: { histogram: { field: 'speed', interval: 10 } } }),
      );
      expect(err.status).toBe(400);
      expect(err.type).toBe('illegal_argument_exception');
      expect(err.reason).toContain('aggregation type [histogram] is not supported by this engine');
    });

    it('rejects malformed definitions with OpenSearch parse errors', () => {
      const cases: [unknown, string][] = [
        [
          { m: 3 },
          'Aggregation definition for [m starts with a [VALUE_NUMBER], expected a [START_OBJECT].',
        ],
        [{ m: {} }, 'Missing definition for aggregation [m]'],
        [
          { m: { aggs: { x: { max: { field: 'speed' } } } } },
          'Missing definition for aggregation [m]',
        ],
        [
          { m: { terms: { field: 'make' }, max: { field: 'speed' } } },
          'Found two aggregation type definitions in [m]: [terms] and [max]',
        ],
        [
          { m: { terms: { field: 'make' }, aggs: {}, aggregations: {} } },
          'Found two sub aggregation definitions under [m]',
        ],
        [
          { m: { terms: 'make' } },
          'Expected [START_OBJECT] under [terms], but got a [VALUE_STRING] in [m]',
        ],
        [
          { 'a>b': { max: { field: 'speed' } } },
          "Invalid aggregation name [a>b]. Aggregation names can contain any character except '[', ']', and '>'",
        ],
      ];
      for (const [aggs, reason] of cases) {
        const err = errorOf(() => aggregate(shard, aggs));
        expect(err.status).toBe(400);
        expect(err.type).toBe('parsing_exception');
        expect(err.reason).toBe(reason);
      }
      expect(errorOf(() => aggregate(shard, [])).type).toBe('parsing_exception');
    });

    it('validates sub-aggregations before running anything', () => {
      const err = errorOf(() =>
        aggregate(shard, {
          makes: {
            terms: { field: 'make', include: ['none'] },
            aggs: { deep: { avg: { field: 'speed', bad: 1 } } },
          },
        }),
      );
      expect(err.type).toBe('x_content_parse_exception');
      expect(err.reason).toBe('[avg] unknown field [bad]');
    });
  });
});
