import {
  createFleetIndex,
  deleteIndices,
  expectStatus,
  fleetIds,
  json,
  sortedHitIds,
  vehicle,
} from '../../support/contract';
import { openSearchTarget, type SearchTarget, uniqueIndexName } from '../../support/search-target';

let target: SearchTarget;
let index: string;
const created: string[] = [];

beforeAll(async () => {
  target = await openSearchTarget();
});

// Each test rewrites the fleet, so each gets a fresh copy of it.
beforeEach(async () => {
  index = uniqueIndexName('contract-by-query');
  created.push(index);
  await createFleetIndex(target.client, index);
});

afterAll(async () => {
  await deleteIndices(target.client, created);
  await target.close();
});

/** The counters every by-query response carries, for a run without conflicts or throttling. */
function cleanRun(fields: { total: number; updated?: number; deleted?: number }) {
  return {
    timed_out: false,
    total: fields.total,
    updated: fields.updated ?? 0,
    deleted: fields.deleted ?? 0,
    batches: 1,
    version_conflicts: 0,
    noops: 0,
    retries: { bulk: 0, search: 0 },
    throttled_millis: 0,
    requests_per_second: -1,
    throttled_until_millis: 0,
    failures: [],
  };
}

async function speeds(): Promise<Record<string, number | undefined>> {
  const body = json(await target.client.search({ index, body: { size: 100 } }));
  const hits: { _id: string; _source: { speed?: number } }[] = body.hits.hits;
  return Object.fromEntries(hits.map((hit) => [hit._id, hit._source.speed]));
}

describe('_update_by_query', () => {
  it('assigns a field from params on every matching document', async () => {
    const response = await target.client.updateByQuery({
      index,
      refresh: true,
      body: {
        query: { term: { make: 'Volvo' } },
        script: {
          source: 'ctx._source.speed = params.speed',
          lang: 'painless',
          params: { speed: 12.5 },
        },
      },
    });
    expect(response.statusCode).toBe(200);
    const body = json(response);
    expect(body).toMatchObject(cleanRun({ total: 2, updated: 2 }));
    expect(typeof body.took).toBe('number');

    const after = await speeds();
    expect(after.v3).toBe(12.5);
    expect(after.v4).toBe(12.5);
    // Documents outside the query are untouched.
    expect(after.v1).toBe(vehicle('v1').speed);
    expect(after.v5).toBe(vehicle('v5').speed);

    const updated = json(await target.client.get({ index, id: 'v4' }));
    expect(updated._version).toBe(2);
    expect(updated._source).toEqual({ ...vehicle('v4'), speed: 12.5 });
    expect(json(await target.client.get({ index, id: 'v1' }))._version).toBe(1);
  });

  it('makes matching documents searchable by the new value', async () => {
    await target.client.updateByQuery({
      index,
      refresh: true,
      body: {
        query: {
          nested: { path: 'trouble_codes', query: { term: { 'trouble_codes.code': 'P0420' } } },
        },
        script: { source: 'ctx._source.model = params.model', params: { model: 'recalled' } },
      },
    });
    const recalled = json(
      await target.client.search({ index, body: { query: { term: { model: 'recalled' } } } }),
    );
    expect(sortedHitIds(recalled)).toEqual(['v1', 'v2', 'v8']);
  });

  it('rewrites the matching documents unchanged without a script', async () => {
    const body = json(
      await target.client.updateByQuery({
        index,
        refresh: true,
        body: { query: { range: { year: { gte: 2022 } } } },
      }),
    );
    expect(body).toMatchObject(cleanRun({ total: 2, updated: 2 }));
    const got = json(await target.client.get({ index, id: 'v7' }));
    expect(got._version).toBe(2);
    expect(got._source).toEqual(vehicle('v7'));
  });
});

describe('_delete_by_query', () => {
  it('deletes every matching document', async () => {
    const response = await target.client.deleteByQuery({
      index,
      refresh: true,
      body: { query: { range: { year: { lt: 2019 } } } },
    });
    expect(response.statusCode).toBe(200);
    const body = json(response);
    expect(body).toMatchObject(cleanRun({ total: 2, deleted: 2 }));
    expect(typeof body.took).toBe('number');

    expect(json(await target.client.count({ index })).count).toBe(6);
    await expectStatus(target.client.get({ index, id: 'v5' }), 404);
    await expectStatus(target.client.get({ index, id: 'v8' }), 404);
  });

  it('deletes by a nested query, and reports zero for no match', async () => {
    const byCode = json(
      await target.client.deleteByQuery({
        index,
        refresh: true,
        body: {
          query: {
            nested: { path: 'trouble_codes', query: { term: { 'trouble_codes.code': 'P0171' } } },
          },
        },
      }),
    );
    expect(byCode).toMatchObject({ total: 2, deleted: 2, failures: [] });
    const remaining = json(await target.client.search({ index, body: { size: 100 } }));
    expect(sortedHitIds(remaining)).toEqual(fleetIds.filter((id) => id !== 'v4' && id !== 'v6'));

    const none = json(
      await target.client.deleteByQuery({
        index,
        refresh: true,
        body: { query: { term: { make: 'Tesla' } } },
      }),
    );
    expect(none).toMatchObject({ total: 0, deleted: 0, failures: [] });
    expect(json(await target.client.count({ index })).count).toBe(6);
  });
});
