import {
  createIndex,
  deleteIndices,
  expectError,
  expectStatus,
  hitIds,
  json,
  vehicle,
  vehicleMappings,
} from '../../support/contract';
import { openSearchTarget, type SearchTarget, uniqueIndexName } from '../../support/search-target';

let target: SearchTarget;
const index = uniqueIndexName('contract-documents');
const oneCopy = { total: 1, successful: 1, failed: 0 };

beforeAll(async () => {
  target = await openSearchTarget();
  await createIndex(target.client, index, vehicleMappings);
});

afterAll(async () => {
  await deleteIndices(target.client, [index]);
  await target.close();
});

async function countVin(vin: string): Promise<number> {
  const response = await target.client.count({ index, body: { query: { term: { vin } } } });
  return json(response).count as number;
}

describe('PUT and POST /{index}/_doc/{id}', () => {
  it('creates a document with PUT, then replaces it', async () => {
    const created = await target.client.index({ index, id: 'put-1', body: vehicle('v1') });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toEqual({
      _index: index,
      _id: 'put-1',
      _version: 1,
      result: 'created',
      _shards: oneCopy,
      _seq_no: expect.any(Number),
      _primary_term: 1,
    });

    const replaced = await target.client.index({
      index,
      id: 'put-1',
      body: { vin: vehicle('v1').vin, make: 'Volkswagen' },
    });
    expect(replaced.statusCode).toBe(200);
    expect(json(replaced)).toMatchObject({ _id: 'put-1', _version: 2, result: 'updated' });
    expect(json(replaced)._seq_no).toBeGreaterThan(json(created)._seq_no as number);

    // Index replaces the whole source: no field of the first version survives.
    const got = json(await target.client.get({ index, id: 'put-1' }));
    expect(got._source).toEqual({ vin: vehicle('v1').vin, make: 'Volkswagen' });
  });

  it('creates and replaces a document with POST and an id', async () => {
    const path = `/${index}/_doc/post-1`;
    const created = await target.client.transport.request({
      method: 'POST',
      path,
      body: vehicle('v2'),
    });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({ _id: 'post-1', _version: 1, result: 'created' });

    const replaced = await target.client.transport.request({
      method: 'POST',
      path,
      body: vehicle('v3'),
    });
    expect(replaced.statusCode).toBe(200);
    expect(json(replaced)).toMatchObject({ _id: 'post-1', _version: 2, result: 'updated' });
    expect(json(await target.client.get({ index, id: 'post-1' }))._source).toEqual(vehicle('v3'));
  });

  it('generates an id with POST /{index}/_doc', async () => {
    const created = await target.client.index({ index, body: vehicle('v4') });
    expect(created.statusCode).toBe(201);
    const body = json(created);
    expect(body.result).toBe('created');
    expect(body._version).toBe(1);
    expect(typeof body._id).toBe('string');
    expect(body._id.length).toBeGreaterThan(0);

    const got = json(await target.client.get({ index, id: body._id as string }));
    expect(got._source).toEqual(vehicle('v4'));
  });
});

describe('PUT /{index}/_create/{id}', () => {
  it('creates a new document', async () => {
    const created = await target.client.create({ index, id: 'create-1', body: vehicle('v5') });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({
      _index: index,
      _id: 'create-1',
      _version: 1,
      result: 'created',
    });
  });

  it('answers 409 when the document exists, and leaves it untouched', async () => {
    await target.client.create({ index, id: 'create-2', body: vehicle('v5') });
    const error = await expectError(
      target.client.create({ index, id: 'create-2', body: vehicle('v6') }),
      409,
      'version_conflict_engine_exception',
    );
    expect(error.reason).toContain('document already exists');
    const got = json(await target.client.get({ index, id: 'create-2' }));
    expect(got._version).toBe(1);
    expect(got._source).toEqual(vehicle('v5'));
  });
});

describe('GET and HEAD /{index}/_doc/{id}', () => {
  it('returns a found document with its metadata', async () => {
    const indexed = json(await target.client.index({ index, id: 'get-1', body: vehicle('v6') }));
    const response = await target.client.get({ index, id: 'get-1' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      _index: index,
      _id: 'get-1',
      _version: 1,
      _seq_no: indexed._seq_no,
      _primary_term: indexed._primary_term,
      found: true,
      _source: vehicle('v6'),
    });
  });

  it('answers 404 with found:false for a missing document', async () => {
    const body = await expectStatus(target.client.get({ index, id: 'no-such-vehicle' }), 404);
    expect(body).toEqual({ _index: index, _id: 'no-such-vehicle', found: false });
  });

  it('is realtime: a document written without refresh can be read at once', async () => {
    await target.client.index({ index, id: 'get-realtime', body: vehicle('v7'), refresh: false });
    const got = json(await target.client.get({ index, id: 'get-realtime' }));
    expect(got.found).toBe(true);
    expect(got._source).toEqual(vehicle('v7'));
  });

  it('answers HEAD with 200 or 404 and no body', async () => {
    await target.client.index({ index, id: 'head-1', body: vehicle('v8') });
    const found = await target.client.exists({ index, id: 'head-1' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toBe(true);
    const missing = await target.client.exists({ index, id: 'no-such-vehicle' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe(false);
  });
});

describe('DELETE /{index}/_doc/{id}', () => {
  it('deletes a document', async () => {
    await target.client.index({ index, id: 'delete-1', body: vehicle('v1') });
    const response = await target.client.delete({ index, id: 'delete-1' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      _index: index,
      _id: 'delete-1',
      _version: 2,
      result: 'deleted',
      _shards: oneCopy,
      _seq_no: expect.any(Number),
      _primary_term: 1,
    });
    expect((await target.client.exists({ index, id: 'delete-1' })).body).toBe(false);
  });

  it('answers 404 with result not_found for a missing document', async () => {
    // Source: rest-api-spec test delete/12_result.yml.
    const body = await expectStatus(target.client.delete({ index, id: 'no-such-vehicle' }), 404);
    expect(body).toMatchObject({ _index: index, _id: 'no-such-vehicle', result: 'not_found' });
  });
});

describe('POST /{index}/_update/{id}', () => {
  it('merges a partial doc into the source', async () => {
    await target.client.index({ index, id: 'update-1', body: vehicle('v1') });
    const response = await target.client.update({
      index,
      id: 'update-1',
      body: { doc: { speed: 12.5 } },
    });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      _index: index,
      _id: 'update-1',
      _version: 2,
      result: 'updated',
      _shards: oneCopy,
      _seq_no: expect.any(Number),
      _primary_term: 1,
    });
    const got = json(await target.client.get({ index, id: 'update-1' }));
    expect(got._source).toEqual({ ...vehicle('v1'), speed: 12.5 });
  });

  it('replaces arrays instead of appending to them', async () => {
    await target.client.index({ index, id: 'update-2', body: vehicle('v6') });
    await target.client.update({
      index,
      id: 'update-2',
      body: { doc: { trouble_codes: [{ code: 'U0100', severity: 'high' }] } },
    });
    const got = json(await target.client.get({ index, id: 'update-2' }));
    expect(got._source.trouble_codes).toEqual([{ code: 'U0100', severity: 'high' }]);
    expect(got._source.vin).toBe(vehicle('v6').vin);
  });

  it('reports noop when the partial doc changes nothing', async () => {
    // Source: rest-api-spec test update/16_noop.yml.
    const indexed = json(await target.client.index({ index, id: 'update-3', body: vehicle('v2') }));
    const response = json(
      await target.client.update({
        index,
        id: 'update-3',
        body: { doc: { make: vehicle('v2').make, speed: vehicle('v2').speed } },
      }),
    );
    expect(response.result).toBe('noop');
    expect(response._version).toBe(1);
    expect(response._seq_no).toBe(indexed._seq_no);
  });

  it('answers 404 document_missing_exception for a missing document', async () => {
    const error = await expectError(
      target.client.update({ index, id: 'no-such-vehicle', body: { doc: { speed: 1 } } }),
      404,
      'document_missing_exception',
    );
    expect(error.reason).toBe('[no-such-vehicle]: document missing');
  });

  it('creates the document from doc with doc_as_upsert, then merges into it', async () => {
    const created = await target.client.update({
      index,
      id: 'upsert-1',
      body: { doc: vehicle('v3'), doc_as_upsert: true },
    });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({ result: 'created', _version: 1 });
    expect(json(await target.client.get({ index, id: 'upsert-1' }))._source).toEqual(vehicle('v3'));

    const updated = await target.client.update({
      index,
      id: 'upsert-1',
      body: { doc: { speed: 33 }, doc_as_upsert: true },
    });
    expect(json(updated)).toMatchObject({ result: 'updated', _version: 2 });
    expect(json(await target.client.get({ index, id: 'upsert-1' }))._source).toEqual({
      ...vehicle('v3'),
      speed: 33,
    });
  });

  it('creates the document from upsert when missing, and applies doc when present', async () => {
    // Source: rest-api-spec test update/20_doc_upsert.yml.
    const body = { doc: { speed: 70 }, upsert: vehicle('v4') };
    const created = await target.client.update({ index, id: 'upsert-2', body });
    expect(created.statusCode).toBe(201);
    expect(json(created).result).toBe('created');
    expect(json(await target.client.get({ index, id: 'upsert-2' }))._source).toEqual(vehicle('v4'));

    const updated = await target.client.update({ index, id: 'upsert-2', body });
    expect(json(updated).result).toBe('updated');
    expect(json(await target.client.get({ index, id: 'upsert-2' }))._source).toEqual({
      ...vehicle('v4'),
      speed: 70,
    });
  });
});

describe('_mget', () => {
  beforeAll(async () => {
    await target.client.index({ index, id: 'mget-1', body: vehicle('v1') });
    await target.client.index({ index, id: 'mget-2', body: vehicle('v2') });
  });

  it('gets documents listed with their index, in request order, missing ones included', async () => {
    // Source: rest-api-spec test mget/10_basic.yml.
    const response = await target.client.mget({
      body: {
        docs: [
          { _index: index, _id: 'mget-2' },
          { _index: index, _id: 'no-such-vehicle' },
          { _index: index, _id: 'mget-1' },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    const docs = json(response).docs;
    expect(docs).toHaveLength(3);
    expect(docs[0]).toMatchObject({
      _index: index,
      _id: 'mget-2',
      _version: 1,
      found: true,
      _source: vehicle('v2'),
    });
    expect(docs[1]).toEqual({ _index: index, _id: 'no-such-vehicle', found: false });
    expect(docs[2]).toMatchObject({ _id: 'mget-1', found: true, _source: vehicle('v1') });
  });

  it('gets documents by ids within the index of the path', async () => {
    // Source: rest-api-spec test mget/15_ids.yml.
    const docs = json(
      await target.client.mget({ index, body: { ids: ['mget-1', 'no-such-vehicle'] } }),
    ).docs;
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ _index: index, _id: 'mget-1', found: true });
    expect(docs[0]._source).toEqual(vehicle('v1'));
    expect(docs[1]).toEqual({ _index: index, _id: 'no-such-vehicle', found: false });
  });
});

describe('refresh on writes', () => {
  it('refresh=wait_for returns once the write is searchable', async () => {
    // Source: rest-api-spec tests index/60_refresh.yml and bulk/50_refresh.yml.
    const vin = 'WAITFOR0000000001';
    const indexed = json(
      await target.client.index({
        index,
        id: 'refresh-wait',
        body: { vin, make: 'Volvo' },
        refresh: 'wait_for',
      }),
    );
    expect(indexed.forced_refresh ?? false).toBe(false);
    expect(await countVin(vin)).toBe(1);

    await target.client.update({
      index,
      id: 'refresh-wait',
      body: { doc: { make: 'Renault' } },
      refresh: 'wait_for',
    });
    const found = json(
      await target.client.search({ index, body: { query: { term: { make: 'Renault' } } } }),
    );
    expect(hitIds(found)).toContain('refresh-wait');

    await target.client.delete({ index, id: 'refresh-wait', refresh: 'wait_for' });
    expect(await countVin(vin)).toBe(0);
  });

  it('refresh=true refreshes before answering', async () => {
    const vin = 'REFRESHTRUE000001';
    const indexed = json(
      await target.client.index({ index, id: 'refresh-true', body: { vin }, refresh: true }),
    );
    expect(indexed.forced_refresh).toBe(true);
    expect(await countVin(vin)).toBe(1);
  });

  it('refresh=false acknowledges the write, which an explicit refresh makes searchable', async () => {
    const vin = 'REFRESHFALSE00001';
    const indexed = await target.client.index({
      index,
      id: 'refresh-false',
      body: { vin },
      refresh: false,
    });
    expect(json(indexed).result).toBe('created');
    await target.client.indices.refresh({ index });
    expect(await countVin(vin)).toBe(1);
  });
});
