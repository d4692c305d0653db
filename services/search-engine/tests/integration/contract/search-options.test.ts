import { type API } from '@opensearch-project/opensearch';
import {
  fleetIds,
  hitIds,
  json,
  type JsonBody,
  sortedHitIds,
  vehicle,
  useFleetIndex,
} from '../../support/contract';

type SearchBody = API.Search_RequestBody;

const fixture = useFleetIndex('contract-options');
const { index } = fixture;

async function search(body: SearchBody): Promise<JsonBody> {
  return json(await fixture.target.client.search({ index, body }));
}

interface Hit {
  _id: string;
  _score: number | null;
  _source?: Record<string, unknown>;
  sort?: SearchBody['search_after'];
}

function hitsOf(body: JsonBody): Hit[] {
  const hits: Hit[] = body.hits.hits;
  return hits;
}

describe('sort', () => {
  it('sorts on several fields, each ascending or descending, and returns the sort values', async () => {
    const body = await search({ sort: [{ make: 'asc' }, { year: { order: 'desc' } }], size: 100 });
    expect(hitIds(body)).toEqual(['v8', 'v6', 'v5', 'v7', 'v2', 'v1', 'v4', 'v3']);
    const hits = hitsOf(body);
    expect(hits[0]!.sort).toEqual(['Ford', 2017]);
    expect(hits[1]!.sort).toEqual(['Renault', 2019]);
    // Sorting on fields computes no score.
    expect(hits.every((hit) => hit._score === null)).toBe(true);
    expect(body.hits.max_score).toBeNull();
  });

  it('sorts dates, with epoch millis as sort values', async () => {
    const body = await search({ sort: [{ sendtimestamp: 'desc' }], size: 3 });
    expect(hitIds(body)).toEqual(['v8', 'v7', 'v6']);
    expect(hitsOf(body).map((hit) => hit.sort)).toEqual([
      [Date.parse(vehicle('v8').sendtimestamp)],
      [Date.parse(vehicle('v7').sendtimestamp)],
      [Date.parse(vehicle('v6').sendtimestamp)],
    ]);
  });

  it('puts documents without the field last, in both directions', async () => {
    const ascending = await search({ sort: [{ speed: 'asc' }], size: 100 });
    expect(hitIds(ascending)).toEqual(['v3', 'v5', 'v1', 'v6', 'v2', 'v4', 'v8', 'v7']);
    expect(hitsOf(ascending)[2]!.sort).toEqual([42.5]);
    const descending = await search({ sort: [{ speed: 'desc' }], size: 100 });
    expect(hitIds(descending)).toEqual(['v8', 'v4', 'v2', 'v6', 'v1', 'v5', 'v3', 'v7']);
  });

  it('breaks ties with _id', async () => {
    // Sorting on _id is allowed in OpenSearch 2.x (indices.id_field_data.enabled defaults to
    // true), with a deprecation warning. v1 and v6 share the year 2019.
    const ascending = await search({ sort: [{ year: 'asc' }, { _id: 'asc' }], size: 100 });
    expect(hitIds(ascending)).toEqual(['v8', 'v5', 'v1', 'v6', 'v3', 'v2', 'v4', 'v7']);
    expect(hitsOf(ascending)[2]!.sort).toEqual([2019, 'v1']);
    const descending = await search({ sort: [{ year: 'desc' }, { _id: 'desc' }], size: 100 });
    expect(hitIds(descending)).toEqual(['v7', 'v4', 'v2', 'v3', 'v6', 'v1', 'v5', 'v8']);
  });
});

describe('from and size', () => {
  const byVin: SearchBody['sort'] = [{ vin: 'asc' }];

  it('returns a page of the sorted hits, with the total of all matches', async () => {
    const page = await search({ sort: byVin, from: 2, size: 3 });
    expect(hitIds(page)).toEqual(['v6', 'v5', 'v1']);
    expect(page.hits.total).toEqual({ value: 8, relation: 'eq' });
  });

  it('returns a short last page and an empty page past the end', async () => {
    expect(hitIds(await search({ sort: byVin, from: 7, size: 5 }))).toEqual(['v3']);
    const past = await search({ sort: byVin, from: 8, size: 5 });
    expect(hitIds(past)).toEqual([]);
    expect(past.hits.total.value).toBe(8);
  });

  it('defaults to 10 hits', async () => {
    // The fixture has fewer than 10 vehicles: all of them come back.
    expect(sortedHitIds(await search({}))).toEqual(fleetIds);
  });

  it('returns counts and no hits with size 0', async () => {
    const body = await search({ size: 0, query: { term: { make: 'Volvo' } } });
    expect(body.hits.hits).toEqual([]);
    expect(body.hits.total).toEqual({ value: 2, relation: 'eq' });
  });
});

describe('search_after', () => {
  async function pageThrough(sort: SearchBody['sort'], size: number): Promise<string[][]> {
    const pages: string[][] = [];
    let after: SearchBody['search_after'];
    for (let request = 0; request < 20; request++) {
      const body = await search({ sort, size, ...(after ? { search_after: after } : {}) });
      const hits = hitsOf(body);
      // Every page still reports the total of the whole query.
      expect(body.hits.total.value).toBe(8);
      if (hits.length === 0) return pages;
      pages.push(hits.map((hit) => hit._id));
      after = hits[hits.length - 1]!.sort;
    }
    throw new Error('search_after did not reach the end in 20 pages');
  }

  it('visits every document exactly once, in sort order', async () => {
    // The second page starts inside the tie on 2019 (v6, v1), which the vin tiebreaker resolves.
    const pages = await pageThrough([{ year: 'asc' }, { vin: 'asc' }], 3);
    expect(pages).toEqual([
      ['v8', 'v5', 'v6'],
      ['v1', 'v3', 'v2'],
      ['v4', 'v7'],
    ]);
  });

  it('pages through a descending date sort', async () => {
    const pages = await pageThrough([{ sendtimestamp: 'desc' }, { vin: 'asc' }], 2);
    expect(pages.flat()).toEqual(['v8', 'v7', 'v6', 'v5', 'v4', 'v3', 'v2', 'v1']);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 2]);
  });
});

describe('_source', () => {
  const v1Only = { ids: { values: ['v1'] } };

  it('returns the whole source by default and with true', async () => {
    expect(hitsOf(await search({ query: v1Only }))[0]!._source).toEqual(vehicle('v1'));
    expect(hitsOf(await search({ query: v1Only, _source: true }))[0]!._source).toEqual(
      vehicle('v1'),
    );
  });

  it('omits the source with false', async () => {
    const hit = hitsOf(await search({ query: v1Only, _source: false }))[0]!;
    expect(hit._id).toBe('v1');
    expect(hit).not.toHaveProperty('_source');
  });

  it('keeps only the listed fields, including whole objects and wildcards', async () => {
    const listed = hitsOf(await search({ query: v1Only, _source: ['vin', 'geolocation'] }))[0]!;
    expect(listed._source).toEqual({
      vin: vehicle('v1').vin,
      geolocation: vehicle('v1').geolocation,
    });
    const wildcard = hitsOf(await search({ query: v1Only, _source: ['m*'] }))[0]!;
    expect(wildcard._source).toEqual({ make: 'Volkswagen', model: 'Golf' });
  });

  it('applies includes, then excludes, also inside arrays of objects', async () => {
    const hit = hitsOf(
      await search({
        query: v1Only,
        _source: { includes: ['vin', 'trouble_codes'], excludes: ['trouble_codes.severity'] },
      }),
    )[0]!;
    expect(hit._source).toEqual({
      vin: vehicle('v1').vin,
      trouble_codes: [{ code: 'P0301' }, { code: 'P0420' }],
    });
    const excluded = hitsOf(
      await search({ query: v1Only, _source: { excludes: ['trouble_codes', 'geolocation'] } }),
    )[0]!;
    const { trouble_codes: _codes, geolocation: _geo, ...rest } = vehicle('v1');
    expect(excluded._source).toEqual(rest);
  });
});

describe('track_total_hits', () => {
  it('counts exactly by default and with true', async () => {
    expect((await search({})).hits.total).toEqual({ value: 8, relation: 'eq' });
    expect((await search({ track_total_hits: true })).hits.total).toEqual({
      value: 8,
      relation: 'eq',
    });
  });

  it('stops counting at a number and reports it as a lower bound', async () => {
    // Source: rest-api-spec test search/220_total_hits_object.yml. The default bound is 10000.
    const capped = await search({ track_total_hits: 3, sort: [{ vin: 'asc' }] });
    expect(capped.hits.total).toEqual({ value: 3, relation: 'gte' });
    // The cap limits the count, not the hits.
    expect(hitIds(capped)).toHaveLength(8);
    expect((await search({ track_total_hits: 3, size: 0 })).hits.total).toEqual({
      value: 3,
      relation: 'gte',
    });
    expect((await search({ track_total_hits: 8 })).hits.total).toEqual({
      value: 8,
      relation: 'eq',
    });
  });

  it('omits the total with false', async () => {
    const body = await search({ track_total_hits: false });
    expect(body.hits).not.toHaveProperty('total');
    expect(sortedHitIds(body)).toEqual(fleetIds);
  });
});

describe('post_filter', () => {
  it('narrows the hits and the total but not the aggregations', async () => {
    // OpenSearch's post_filter reference: aggregations see the query's matches, hits (and the
    // total) only those that also pass the post filter.
    const body = await search({
      query: { match_all: {} },
      post_filter: { term: { make: 'Volvo' } },
      sort: [{ vin: 'asc' }],
      aggs: { makes: { terms: { field: 'make' } } } as SearchBody['aggs'],
    });
    expect(body.hits.total).toEqual({ value: 2, relation: 'eq' });
    expect(hitsOf(body).map((hit) => hit._source?.make)).toEqual(['Volvo', 'Volvo']);
    const buckets: { key: string; doc_count: number }[] = body.aggregations.makes.buckets;
    expect(buckets.reduce((sum, bucket) => sum + bucket.doc_count, 0)).toBe(8);
    expect(buckets.map((bucket) => bucket.key)).toEqual(
      expect.arrayContaining(['Volkswagen', 'Volvo', 'Renault', 'Toyota', 'Ford']),
    );
  });
});

describe('scores where OpenSearch defines them exactly', () => {
  it('match_all scores every hit 1.0', async () => {
    const body = await search({ query: { match_all: {} } });
    expect(hitsOf(body).map((hit) => hit._score)).toEqual(fleetIds.map(() => 1));
    expect(body.hits.max_score).toBe(1);
  });

  it('filter context scores every hit 0.0', async () => {
    const body = await search({
      query: { bool: { filter: [{ range: { year: { gte: 2020 } } }] } },
    });
    expect(sortedHitIds(body)).toEqual(['v2', 'v3', 'v4', 'v7']);
    expect(hitsOf(body).map((hit) => hit._score)).toEqual([0, 0, 0, 0]);
    expect(body.hits.max_score).toBe(0);
  });
});

describe('hits', () => {
  it('carry _index, _id, _score and _source', async () => {
    const body = await search({ query: { bool: { filter: [{ ids: { values: ['v2'] } }] } } });
    expect(body.timed_out).toBe(false);
    expect(typeof body.took).toBe('number');
    expect(body._shards).toMatchObject({ total: 1, successful: 1, failed: 0 });
    expect(body.hits.hits).toEqual([
      { _index: index, _id: 'v2', _score: 0, _source: vehicle('v2') },
    ]);
  });
});
