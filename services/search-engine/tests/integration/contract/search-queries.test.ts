import { type Types } from '@opensearch-project/opensearch';
import {
  cities,
  createFleetIndex,
  createIndex,
  deleteIndices,
  fleetIds,
  json,
  sortedHitIds,
} from '../../support/contract';
import { openSearchTarget, type SearchTarget, uniqueIndexName } from '../../support/search-target';

type Query = Types.Common_QueryDsl.QueryContainer;

let target: SearchTarget;
const index = uniqueIndexName('contract-queries');
const recentIndex = uniqueIndexName('contract-date-math');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  target = await openSearchTarget();
  await createFleetIndex(target.client, index);
  await createIndex(target.client, recentIndex, {
    dynamic: 'strict',
    properties: {
      vin: { type: 'keyword' },
      sendtimestamp: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
    },
  });
});

afterAll(async () => {
  await deleteIndices(target.client, [index, recentIndex]);
  await target.close();
});

/** The sorted `_id`s of every vehicle matching `query` (size covers the whole fixture). */
async function matching(query: Query): Promise<string[]> {
  const response = await target.client.search({ index, body: { query, size: 100 } });
  return sortedHitIds(json(response));
}

/** `_count` must agree with the search for the same query. */
async function expectCount(query: Query, expected: number): Promise<void> {
  const body = json(await target.client.count({ index, body: { query } }));
  expect(body.count).toBe(expected);
  expect(body._shards.failed).toBe(0);
}

describe('match_all', () => {
  it('matches every document', async () => {
    expect(await matching({ match_all: {} })).toEqual(fleetIds);
    await expectCount({ match_all: {} }, 8);
  });

  it('is the default for _search and _count without a query', async () => {
    const search = json(await target.client.search({ index, body: { size: 100 } }));
    expect(sortedHitIds(search)).toEqual(fleetIds);
    expect(search.hits.total).toEqual({ value: 8, relation: 'eq' });
    // Nested trouble codes are not counted as documents.
    expect(json(await target.client.count({ index })).count).toBe(8);
  });
});

describe('term and terms', () => {
  it('term matches a keyword exactly', async () => {
    expect(await matching({ term: { make: 'Volvo' } })).toEqual(['v3', 'v4']);
    // keyword is not analysed: case matters.
    expect(await matching({ term: { make: 'volvo' } })).toEqual([]);
    await expectCount({ term: { make: 'Volvo' } }, 2);
  });

  it('term matches a number', async () => {
    expect(await matching({ term: { year: 2019 } })).toEqual(['v1', 'v6']);
  });

  it('term matches a document id', async () => {
    expect(await matching({ term: { _id: 'v5' } })).toEqual(['v5']);
  });

  it('terms matches any of the values', async () => {
    expect(await matching({ terms: { make: ['Renault', 'Ford', 'Tesla'] } })).toEqual([
      'v5',
      'v6',
      'v8',
    ]);
    await expectCount({ terms: { make: ['Renault', 'Ford', 'Tesla'] } }, 3);
  });
});

describe('range', () => {
  it('on integers, with inclusive and exclusive bounds', async () => {
    expect(await matching({ range: { year: { gte: 2019, lt: 2022 } } })).toEqual([
      'v1',
      'v2',
      'v3',
      'v6',
    ]);
    expect(await matching({ range: { year: { gt: 2019, lte: 2022 } } })).toEqual([
      'v2',
      'v3',
      'v4',
    ]);
  });

  it('on floats; a document without the field never matches', async () => {
    expect(await matching({ range: { speed: { gt: 64.75 } } })).toEqual(['v2', 'v4', 'v8']);
    expect(await matching({ range: { speed: { lte: 30 } } })).toEqual(['v3', 'v5']);
  });

  it('on dates, with ISO strings and epoch millis', async () => {
    expect(
      await matching({
        range: { sendtimestamp: { gte: '2024-03-03T00:00:00Z', lt: '2024-03-04T00:00:00Z' } },
      }),
    ).toEqual(['v4', 'v5']);
    expect(
      await matching({
        range: {
          sendtimestamp: {
            gte: Date.parse('2024-03-04T23:59:59Z'),
            lte: Date.parse('2024-03-05T00:00:00Z'),
          },
        },
      }),
    ).toEqual(['v7', 'v8']);
    await expectCount({ range: { sendtimestamp: { lt: '2024-03-02' } } }, 3);
  });

  it('on dates relative to now', async () => {
    const now = Date.now();
    await target.client.bulk({
      refresh: true,
      body: [
        { index: { _index: recentIndex, _id: 'half-an-hour-ago' } },
        { vin: 'RECENT00000000001', sendtimestamp: new Date(now - HOUR / 2).toISOString() },
        { index: { _index: recentIndex, _id: 'two-hours-ago' } },
        { vin: 'RECENT00000000002', sendtimestamp: new Date(now - 2 * HOUR).toISOString() },
        { index: { _index: recentIndex, _id: 'three-days-ago' } },
        { vin: 'RECENT00000000003', sendtimestamp: new Date(now - 3 * DAY).toISOString() },
      ],
    });
    const recent = async (range: Record<string, string>) =>
      sortedHitIds(
        json(
          await target.client.search({
            index: recentIndex,
            body: {
              query: { bool: { filter: [{ range: { sendtimestamp: range } }] } },
              size: 100,
            },
          }),
        ),
      ).filter((id) => !id.endsWith('-day-start'));

    expect(await recent({ gte: 'now-1h' })).toEqual(['half-an-hour-ago']);
    expect(await recent({ gte: 'now-1d' })).toEqual(['half-an-hour-ago', 'two-hours-ago']);
    expect(await recent({ lt: 'now-1d' })).toEqual(['three-days-ago']);
    expect(await recent({ gte: 'now-4d', lte: 'now' })).toEqual([
      'half-an-hour-ago',
      'three-days-ago',
      'two-hours-ago',
    ]);
  });

  it('on dates with rounding: now-1d/d is the start of yesterday (UTC)', async () => {
    // Two documents a minute either side of yesterday's midnight. If UTC midnight passes during
    // the test, "yesterday" moves: the documents are then rewritten and checked once more.
    for (let attempt = 1; ; attempt++) {
      const yesterday = startOfUtcDay(Date.now()) - DAY;
      await target.client.bulk({
        refresh: true,
        body: [
          { index: { _index: recentIndex, _id: 'after-day-start' } },
          { vin: 'ROUNDING000000001', sendtimestamp: yesterday + 60_000 },
          { index: { _index: recentIndex, _id: 'before-day-start' } },
          { vin: 'ROUNDING000000002', sendtimestamp: yesterday - 60_000 },
        ],
      });
      const rounded = async (range: Record<string, string>) =>
        sortedHitIds(
          json(
            await target.client.search({
              index: recentIndex,
              body: {
                query: {
                  bool: {
                    filter: [{ range: { sendtimestamp: range } }, { prefix: { vin: 'ROUNDING' } }],
                  },
                },
              },
            }),
          ),
        );
      const from = await rounded({ gte: 'now-1d/d' });
      const before = await rounded({ lt: 'now-1d/d' });
      if (startOfUtcDay(Date.now()) - DAY !== yesterday && attempt === 1) continue;
      expect(from).toEqual(['after-day-start']);
      expect(before).toEqual(['before-day-start']);
      break;
    }
  });
});

describe('exists', () => {
  it('matches documents that have a value for the field', async () => {
    expect(await matching({ exists: { field: 'speed' } })).toEqual(
      fleetIds.filter((id) => id !== 'v7'),
    );
    await expectCount({ bool: { must_not: [{ exists: { field: 'speed' } }] } }, 1);
  });
});

describe('prefix and wildcard', () => {
  it('prefix matches the start of a keyword', async () => {
    expect(await matching({ prefix: { vin: 'YV1' } })).toEqual(['v3', 'v4']);
    expect(await matching({ prefix: { model: 'P' } })).toEqual(['v2', 'v7']);
  });

  it('wildcard supports ? and *, also in leading position', async () => {
    expect(await matching({ wildcard: { vin: 'VF1R?A00X*' } })).toEqual(['v5']);
    expect(await matching({ wildcard: { model: { value: '*0' } } })).toEqual(['v3', 'v4', 'v8']);
  });
});

describe('ids', () => {
  it('matches the listed ids and ignores unknown ones', async () => {
    expect(await matching({ ids: { values: ['v1', 'v3', 'no-such-vehicle'] } })).toEqual([
      'v1',
      'v3',
    ]);
  });
});

describe('bool', () => {
  it('combines must, filter and must_not', async () => {
    const query: Query = {
      bool: {
        must: [{ range: { year: { gte: 2019 } } }],
        filter: [{ terms: { make: ['Volkswagen', 'Renault', 'Volvo'] } }],
        must_not: [{ term: { model: 'Golf' } }],
      },
    };
    expect(await matching(query)).toEqual(['v2', 'v3', 'v4', 'v6']);
    await expectCount(query, 4);
  });

  it('with only should clauses, requires at least one of them', async () => {
    const query: Query = {
      bool: { should: [{ term: { make: 'Ford' } }, { term: { make: 'Toyota' } }] },
    };
    expect(await matching(query)).toEqual(['v7', 'v8']);
  });

  it('with a filter, makes should clauses optional', async () => {
    // minimum_should_match defaults to 0 when the bool has a must or filter clause.
    const query: Query = {
      bool: { filter: [{ term: { make: 'Volvo' } }], should: [{ term: { year: 1999 } }] },
    };
    expect(await matching(query)).toEqual(['v3', 'v4']);
  });

  it('honours minimum_should_match', async () => {
    const should: Query[] = [
      { term: { make: 'Volvo' } },
      { range: { speed: { gt: 100 } } },
      { term: { year: 2022 } },
    ];
    expect(await matching({ bool: { should, minimum_should_match: 1 } })).toEqual([
      'v3',
      'v4',
      'v8',
    ]);
    expect(await matching({ bool: { should, minimum_should_match: 2 } })).toEqual(['v4']);
    expect(
      await matching({
        bool: { filter: [{ range: { year: { gte: 2020 } } }], should, minimum_should_match: 1 },
      }),
    ).toEqual(['v3', 'v4']);
  });

  it('nests', async () => {
    const query: Query = {
      bool: {
        should: [
          { bool: { filter: [{ term: { make: 'Renault' } }, { range: { year: { gte: 2019 } } }] } },
          { bool: { must_not: [{ exists: { field: 'speed' } }] } },
        ],
      },
    };
    expect(await matching(query)).toEqual(['v6', 'v7']);
  });
});

describe('nested', () => {
  it('matches vehicles by a trouble code', async () => {
    const query: Query = {
      nested: { path: 'trouble_codes', query: { term: { 'trouble_codes.code': 'P0301' } } },
    };
    expect(await matching(query)).toEqual(['v1', 'v5', 'v6']);
    await expectCount(query, 3);
  });

  it('requires every condition to hold within the same trouble code', async () => {
    // v1 has P0301 (high) and P0420 (low): no single code is a low-severity P0301.
    const query: Query = {
      nested: {
        path: 'trouble_codes',
        query: {
          bool: {
            filter: [
              { term: { 'trouble_codes.code': 'P0301' } },
              { term: { 'trouble_codes.severity': 'low' } },
            ],
          },
        },
      },
    };
    expect(await matching(query)).toEqual(['v5', 'v6']);
  });

  it('combines with queries on the vehicle', async () => {
    const query: Query = {
      bool: {
        filter: [
          { term: { make: 'Volkswagen' } },
          {
            nested: {
              path: 'trouble_codes',
              query: { term: { 'trouble_codes.code': 'P0420' } },
            },
          },
        ],
      },
    };
    expect(await matching(query)).toEqual(['v1', 'v2']);
  });
});

describe('geo queries', () => {
  it('geo_bounding_box matches points inside the box', async () => {
    const scandinavia: Query = {
      geo_bounding_box: {
        'geolocation.location': {
          top_left: { lat: 60, lon: 10 },
          bottom_right: { lat: 57, lon: 19 },
        },
      },
    };
    expect(await matching(scandinavia)).toEqual(['v3', 'v4']);
    await expectCount(scandinavia, 2);
  });

  it('geo_distance matches points within the distance', async () => {
    // Hamburg is about 255 km from Berlin, Gothenburg about 630 km.
    const nearBerlin = (distance: string): Query => ({
      geo_distance: { distance, 'geolocation.location': cities.berlin },
    });
    expect(await matching(nearBerlin('300km'))).toEqual(['v1', 'v2']);
    expect(await matching(nearBerlin('700km'))).toEqual(['v1', 'v2', 'v4']);
    expect(await matching(nearBerlin('10km'))).toEqual(['v1']);
  });
});

function startOfUtcDay(epochMillis: number): number {
  return epochMillis - (epochMillis % DAY);
}
