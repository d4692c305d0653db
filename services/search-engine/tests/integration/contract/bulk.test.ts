import {
  createIndex,
  deleteIndices,
  json,
  type JsonBody,
  vehicle,
  vehicleMappings,
} from '../../support/contract';
import { openSearchTarget, type SearchTarget, uniqueIndexName } from '../../support/search-target';

let target: SearchTarget;
const index = uniqueIndexName('contract-bulk');
const pathIndex = uniqueIndexName('contract-bulk-path');
const oneCopy = { total: 1, successful: 1, failed: 0 };

beforeAll(async () => {
  target = await openSearchTarget();
  await createIndex(target.client, index, vehicleMappings);
  await createIndex(target.client, pathIndex, vehicleMappings);
});

afterAll(async () => {
  await deleteIndices(target.client, [index, pathIndex]);
  await target.close();
});

/** The result object of item `i`, which is keyed by its action. */
function item(body: JsonBody, i: number, action: string): JsonBody {
  const entry: Record<string, unknown> = body.items[i];
  expect(Object.keys(entry)).toEqual([action]);
  return body.items[i][action];
}

describe('_bulk', () => {
  it('runs index, create, update and delete actions and reports each item', async () => {
    await target.client.index({ index, id: 'replace-me', body: vehicle('v1') });
    await target.client.index({ index, id: 'delete-me', body: vehicle('v2') });

    const response = await target.client.bulk({
      refresh: true,
      body: [
        { index: { _index: index, _id: 'new-1' } },
        vehicle('v3'),
        { index: { _index: index, _id: 'replace-me' } },
        vehicle('v4'),
        { create: { _index: index, _id: 'created-1' } },
        vehicle('v5'),
        { update: { _index: index, _id: 'replace-me' } },
        { doc: { speed: 5 } },
        { delete: { _index: index, _id: 'delete-me' } },
        { delete: { _index: index, _id: 'never-existed' } },
      ],
    });
    expect(response.statusCode).toBe(200);
    const body = json(response);
    expect(typeof body.took).toBe('number');
    // A delete that finds nothing is a 404 item but not a failure
    // (source: OpenSearch docs, Bulk API, example response).
    expect(body.errors).toBe(false);
    expect(body.items).toHaveLength(6);

    expect(item(body, 0, 'index')).toEqual({
      _index: index,
      _id: 'new-1',
      _version: 1,
      result: 'created',
      _shards: oneCopy,
      _seq_no: expect.any(Number),
      _primary_term: 1,
      status: 201,
    });
    expect(item(body, 1, 'index')).toMatchObject({ _id: 'replace-me', _version: 2 });
    expect(item(body, 1, 'index')).toMatchObject({ result: 'updated', status: 200 });
    expect(item(body, 2, 'create')).toMatchObject({ _id: 'created-1', _version: 1 });
    expect(item(body, 2, 'create')).toMatchObject({ result: 'created', status: 201 });
    expect(item(body, 3, 'update')).toMatchObject({ _id: 'replace-me', _version: 3 });
    expect(item(body, 3, 'update')).toMatchObject({ result: 'updated', status: 200 });
    expect(item(body, 4, 'delete')).toMatchObject({ _id: 'delete-me', _version: 2 });
    expect(item(body, 4, 'delete')).toMatchObject({ result: 'deleted', status: 200 });
    const notFound = item(body, 5, 'delete');
    expect(notFound).toMatchObject({ _id: 'never-existed', result: 'not_found', status: 404 });
    expect(notFound.error).toBeUndefined();

    // Items of one bulk apply in order: the update saw the replaced source.
    const replaced = json(await target.client.get({ index, id: 'replace-me' }));
    expect(replaced._source).toEqual({ ...vehicle('v4'), speed: 5 });
    expect((await target.client.exists({ index, id: 'delete-me' })).body).toBe(false);
    const docs: { found: boolean }[] = json(
      await target.client.mget({ index, body: { ids: ['new-1', 'created-1'] } }),
    ).docs;
    expect(docs.map((doc) => doc.found)).toEqual([true, true]);
  });

  it('fails only the items that fail, reports errors:true, and applies the others', async () => {
    await target.client.index({ index, id: 'exists-1', body: vehicle('v1') });

    const body = json(
      await target.client.bulk({
        refresh: true,
        body: [
          { create: { _index: index, _id: 'exists-1' } },
          vehicle('v2'),
          { update: { _index: index, _id: 'missing-1' } },
          { doc: { speed: 10 } },
          { index: { _index: index, _id: 'bad-geo' } },
          { ...vehicle('v3'), geolocation: { location: 'near the depot' } },
          { index: { _index: index, _id: 'bad-date' } },
          { ...vehicle('v4'), sendtimestamp: 'last tuesday' },
          { index: { _index: index, _id: 'unknown-field' } },
          { ...vehicle('v5'), colour: 'red' },
          { index: { _index: index, _id: 'good-1' } },
          vehicle('v6'),
        ],
      }),
    );
    expect(body.errors).toBe(true);
    expect(body.items).toHaveLength(6);

    const conflict = item(body, 0, 'create');
    expect(conflict).toMatchObject({ _index: index, _id: 'exists-1', status: 409 });
    expect(conflict.error.type).toBe('version_conflict_engine_exception');
    expect(conflict.error.reason).toContain('document already exists');

    const missing = item(body, 1, 'update');
    expect(missing).toMatchObject({ _index: index, _id: 'missing-1', status: 404 });
    expect(missing.error.type).toBe('document_missing_exception');
    expect(missing.error.reason).toBe('[missing-1]: document missing');

    // Source: server/.../AbstractGeometryFieldMapper.java wraps any geo parse failure so.
    const badGeo = item(body, 2, 'index');
    expect(badGeo).toMatchObject({ _index: index, _id: 'bad-geo', status: 400 });
    expect(badGeo.error.type).toBe('mapper_parsing_exception');
    expect(badGeo.error.reason).toContain(
      'failed to parse field [geolocation.location] of type [geo_point]',
    );

    // Source: rest-api-spec test search/200_ignore_malformed.yml.
    const badDate = item(body, 3, 'index');
    expect(badDate).toMatchObject({ _id: 'bad-date', status: 400 });
    expect(badDate.error.type).toBe('mapper_parsing_exception');
    expect(badDate.error.reason).toContain('failed to parse field [sendtimestamp] of type [date]');

    const unknownField = item(body, 4, 'index');
    expect(unknownField).toMatchObject({ _id: 'unknown-field', status: 400 });
    expect(unknownField.error.type).toBe('strict_dynamic_mapping_exception');
    expect(unknownField.error.reason).toContain('[colour]');

    expect(item(body, 5, 'index')).toMatchObject({ _id: 'good-1', result: 'created', status: 201 });

    const docs = json(
      await target.client.mget({
        index,
        body: { ids: ['exists-1', 'missing-1', 'bad-geo', 'bad-date', 'unknown-field', 'good-1'] },
      }),
    ).docs as { _id: string; found: boolean; _source?: unknown }[];
    expect(docs.map((doc) => [doc._id, doc.found])).toEqual([
      ['exists-1', true],
      ['missing-1', false],
      ['bad-geo', false],
      ['bad-date', false],
      ['unknown-field', false],
      ['good-1', true],
    ]);
    // The failed create left the existing document as it was.
    expect(docs[0]!._source).toEqual(vehicle('v1'));
  });

  it('takes the index from the path and generates ids for actions without one', async () => {
    const body = json(
      await target.client.bulk({
        index: pathIndex,
        refresh: true,
        body: [{ index: { _id: 'with-id' } }, vehicle('v1'), { index: {} }, vehicle('v2')],
      }),
    );
    expect(body.errors).toBe(false);
    const first = item(body, 0, 'index');
    expect(first).toMatchObject({ _index: pathIndex, _id: 'with-id', status: 201 });
    const generated = item(body, 1, 'index');
    expect(generated).toMatchObject({ _index: pathIndex, result: 'created', status: 201 });
    expect(typeof generated._id).toBe('string');
    expect(generated._id.length).toBeGreaterThan(0);

    const got = json(await target.client.get({ index: pathIndex, id: generated._id as string }));
    expect(got._source).toEqual(vehicle('v2'));
    expect(json(await target.client.count({ index: pathIndex })).count).toBe(2);
  });

  it('upserts with doc_as_upsert in an update action', async () => {
    const body = json(
      await target.client.bulk({
        body: [
          { update: { _index: index, _id: 'bulk-upsert' } },
          { doc: vehicle('v7'), doc_as_upsert: true },
          { update: { _index: index, _id: 'bulk-upsert' } },
          { doc: { speed: 15 }, doc_as_upsert: true },
        ],
      }),
    );
    expect(body.errors).toBe(false);
    expect(item(body, 0, 'update')).toMatchObject({ result: 'created', status: 201 });
    expect(item(body, 1, 'update')).toMatchObject({ result: 'updated', status: 200 });
    const got = json(await target.client.get({ index, id: 'bulk-upsert' }));
    expect(got._source).toEqual({ ...vehicle('v7'), speed: 15 });
  });

  it('with refresh=wait_for, returns once the documents are searchable', async () => {
    const vin = 'BULKWAITFOR000001';
    await target.client.bulk({
      refresh: 'wait_for',
      body: [
        { index: { _index: index, _id: 'wait-1' } },
        { vin, make: 'Ford' },
        { index: { _index: index, _id: 'wait-2' } },
        { vin, make: 'Ford' },
      ],
    });
    const count = json(
      await target.client.count({ index, body: { query: { term: { vin } } } }),
    ).count;
    expect(count).toBe(2);
  });
});
