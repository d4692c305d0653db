import {
  createIndex,
  deleteIndices,
  expectError,
  json,
  singleShard,
  vehicleMappings,
} from '../../support/contract';
import { openSearchTarget, type SearchTarget, uniqueIndexName } from '../../support/search-target';

let target: SearchTarget;
const fleetIndex = uniqueIndexName('contract-indices');
const createdIndex = uniqueIndexName('contract-created');
const deletedIndex = uniqueIndexName('contract-deleted');
const catIndex = uniqueIndexName('contract-cat');

beforeAll(async () => {
  target = await openSearchTarget();
  await createIndex(target.client, fleetIndex, vehicleMappings);
});

afterAll(async () => {
  await deleteIndices(target.client, [fleetIndex, createdIndex, deletedIndex, catIndex]);
  await target.close();
});

describe('PUT /{index}', () => {
  it('creates an index with settings and mappings', async () => {
    const response = await target.client.indices.create({
      index: createdIndex,
      body: { settings: singleShard, mappings: vehicleMappings },
    });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      acknowledged: true,
      shards_acknowledged: true,
      index: createdIndex,
    });
  });

  it('refuses to create an index that exists', async () => {
    const error = await expectError(
      target.client.indices.create({ index: fleetIndex, body: { settings: singleShard } }),
      400,
      'resource_already_exists_exception',
    );
    expect(error.reason).toContain(fleetIndex);
  });

  it('refuses an index name with uppercase letters', async () => {
    const error = await expectError(
      target.client.indices.create({ index: 'Fleet-Vehicles' }),
      400,
      'invalid_index_name_exception',
    );
    expect(error.reason).toContain('must be lowercase');
  });
});

describe('HEAD /{index}', () => {
  it('answers true for an existing index and false for a missing one', async () => {
    const existing = await target.client.indices.exists({ index: fleetIndex });
    expect(existing.statusCode).toBe(200);
    expect(existing.body).toBe(true);
    const missing = await target.client.indices.exists({ index: uniqueIndexName('missing') });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe(false);
  });
});

describe('DELETE /{index}', () => {
  it('deletes an index', async () => {
    await createIndex(target.client, deletedIndex, { properties: { vin: { type: 'keyword' } } });
    const response = await target.client.indices.delete({ index: deletedIndex });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ acknowledged: true });
    expect((await target.client.indices.exists({ index: deletedIndex })).body).toBe(false);
  });

  it('answers 404 index_not_found_exception for a missing index', async () => {
    const missing = uniqueIndexName('missing');
    const error = await expectError(
      target.client.indices.delete({ index: missing }),
      404,
      'index_not_found_exception',
    );
    expect(error.reason).toBe(`no such index [${missing}]`);
    expect(error.index).toBe(missing);
  });
});

describe('GET /{index}/_mapping', () => {
  it('returns the mapping under the index name', async () => {
    const body = json(await target.client.indices.getMapping({ index: fleetIndex }));
    expect(Object.keys(body as object)).toEqual([fleetIndex]);
    const mappings = body[fleetIndex].mappings;
    expect(mappings.dynamic).toBe('strict');
    expect(mappings.properties.vin).toEqual({ type: 'keyword' });
    expect(mappings.properties.year).toEqual({ type: 'integer' });
    expect(mappings.properties.speed).toEqual({ type: 'float' });
    expect(mappings.properties.geolocation.properties.location).toEqual({ type: 'geo_point' });
    expect(mappings.properties.trouble_codes.type).toBe('nested');
    expect(mappings.properties.trouble_codes.properties.code).toEqual({ type: 'keyword' });
    expect(mappings.properties.sendtimestamp.type).toBe('date');
  });
});

describe('PUT /{index}/_mapping', () => {
  it('adds a field and keeps the existing ones', async () => {
    const response = await target.client.indices.putMapping({
      index: fleetIndex,
      body: { properties: { odometer: { type: 'long' } } },
    });
    expect(json(response)).toEqual({ acknowledged: true });

    const mappings = json(await target.client.indices.getMapping({ index: fleetIndex }))[fleetIndex]
      .mappings;
    expect(mappings.properties.odometer).toEqual({ type: 'long' });
    expect(mappings.properties.vin).toEqual({ type: 'keyword' });
    expect(mappings.dynamic).toBe('strict');

    // The strict mapping now accepts the new field.
    const indexed = await target.client.index({
      index: fleetIndex,
      id: 'odometer-check',
      body: { vin: 'WVWZZZ1KZ9W000001', odometer: 120345 },
    });
    expect(json(indexed).result).toBe('created');
  });

  it('refuses to change the type of an existing field', async () => {
    const error = await expectError(
      target.client.indices.putMapping({
        index: fleetIndex,
        body: { properties: { year: { type: 'keyword' } } },
      }),
      400,
      'illegal_argument_exception',
    );
    expect(error.reason).toBe('mapper [year] cannot be changed from type [integer] to [keyword]');

    const mappings = json(await target.client.indices.getMapping({ index: fleetIndex }))[fleetIndex]
      .mappings;
    expect(mappings.properties.year).toEqual({ type: 'integer' });
  });
});

describe('GET /_cat/indices?format=json', () => {
  it('lists the index with its document count', async () => {
    // No nested fields here: _cat counts Lucene documents, nested objects included.
    await createIndex(target.client, catIndex, {
      properties: { vin: { type: 'keyword' }, year: { type: 'integer' } },
    });
    await target.client.bulk({
      refresh: true,
      body: [
        { index: { _index: catIndex, _id: 'a' } },
        { vin: 'WVWZZZ1KZ9W000001', year: 2019 },
        { index: { _index: catIndex, _id: 'b' } },
        { vin: 'YV1ZW72V2L1000003', year: 2020 },
        { index: { _index: catIndex, _id: 'c' } },
        { vin: 'VF1RJA00X61000005', year: 2018 },
      ],
    });

    const response = await target.client.cat.indices({ format: 'json' });
    expect(response.statusCode).toBe(200);
    const rows: Record<string, string>[] = json(response);
    expect(Array.isArray(rows)).toBe(true);
    const row = rows.find((r) => r.index === catIndex);
    expect(row).toBeDefined();
    expect(['green', 'yellow']).toContain(row!.health);
    expect(row!.status).toBe('open');
    // _cat renders every cell as a string.
    expect(row!.pri).toBe('1');
    expect(row!.rep).toBe('0');
    expect(row!['docs.count']).toBe('3');
    expect(row!['docs.deleted']).toBe('0');
    expect(typeof row!.uuid).toBe('string');
    expect(rows.some((r) => r.index === fleetIndex)).toBe(true);
  });
});
