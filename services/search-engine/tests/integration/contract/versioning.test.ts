import {
  createIndex,
  deleteIndices,
  expectError,
  expectStatus,
  json,
  vehicle,
  vehicleMappings,
} from '../../support/contract';
import { openSearchTarget, type SearchTarget, uniqueIndexName } from '../../support/search-target';

let target: SearchTarget;
const sequenceIndex = uniqueIndexName('contract-seqno');
const index = uniqueIndexName('contract-versioning');

beforeAll(async () => {
  target = await openSearchTarget();
  await createIndex(target.client, sequenceIndex, vehicleMappings);
  await createIndex(target.client, index, vehicleMappings);
});

afterAll(async () => {
  await deleteIndices(target.client, [sequenceIndex, index]);
  await target.close();
});

describe('_version, _seq_no and _primary_term', () => {
  it('progress with every write to the shard', async () => {
    // A fresh single-shard index: every write takes the next _seq_no, from 0
    // (source: rest-api-spec test update/16_noop.yml), and _version counts writes per document.
    const client = target.client;
    const i = sequenceIndex;
    const first = json(await client.index({ index: i, id: 'a', body: vehicle('v1') }));
    expect(first).toMatchObject({ _seq_no: 0, _primary_term: 1, _version: 1, result: 'created' });

    const second = json(await client.index({ index: i, id: 'a', body: vehicle('v2') }));
    expect(second).toMatchObject({ _seq_no: 1, _primary_term: 1, _version: 2, result: 'updated' });

    const other = json(await client.index({ index: i, id: 'b', body: vehicle('v3') }));
    expect(other).toMatchObject({ _seq_no: 2, _version: 1, result: 'created' });

    const updated = json(await client.update({ index: i, id: 'a', body: { doc: { speed: 1 } } }));
    expect(updated).toMatchObject({ _seq_no: 3, _version: 3, result: 'updated' });

    const deleted = json(await client.delete({ index: i, id: 'a' }));
    expect(deleted).toMatchObject({ _seq_no: 4, _version: 4, result: 'deleted' });

    // The version survives the delete: re-creating the id continues from it
    // (source: OpenSearch docs, Bulk API, "Internal versioning").
    const recreated = json(await client.index({ index: i, id: 'a', body: vehicle('v4') }));
    expect(recreated).toMatchObject({ _seq_no: 5, _version: 5, result: 'created' });

    const got = json(await client.get({ index: i, id: 'a' }));
    expect(got).toMatchObject({ _seq_no: 5, _primary_term: 1, _version: 5, found: true });
  });
});

describe('if_seq_no and if_primary_term', () => {
  it('apply an index only when the document is still at that sequence number', async () => {
    const first = json(await target.client.index({ index, id: 'occ-1', body: vehicle('v1') }));
    const current = { if_seq_no: first._seq_no, if_primary_term: first._primary_term };

    const second = json(
      await target.client.index({ index, id: 'occ-1', body: vehicle('v2'), ...current }),
    );
    expect(second).toMatchObject({ result: 'updated', _version: 2 });
    expect(second._seq_no).toBeGreaterThan(first._seq_no as number);

    // The same precondition is now stale.
    const error = await expectError(
      target.client.index({ index, id: 'occ-1', body: vehicle('v3'), ...current }),
      409,
      'version_conflict_engine_exception',
    );
    expect(error.reason).toContain('version conflict');
    expect(json(await target.client.get({ index, id: 'occ-1' }))._source).toEqual(vehicle('v2'));
  });

  it('guard updates and deletes the same way', async () => {
    const first = json(await target.client.index({ index, id: 'occ-2', body: vehicle('v1') }));
    const stale = { if_seq_no: first._seq_no, if_primary_term: first._primary_term };
    const updated = json(
      await target.client.update({ index, id: 'occ-2', body: { doc: { speed: 50 } }, ...stale }),
    );
    expect(updated.result).toBe('updated');

    await expectError(
      target.client.update({ index, id: 'occ-2', body: { doc: { speed: 60 } }, ...stale }),
      409,
      'version_conflict_engine_exception',
    );
    await expectError(
      target.client.delete({ index, id: 'occ-2', ...stale }),
      409,
      'version_conflict_engine_exception',
    );

    const deleted = json(
      await target.client.delete({
        index,
        id: 'occ-2',
        if_seq_no: updated._seq_no,
        if_primary_term: updated._primary_term,
      }),
    );
    expect(deleted.result).toBe('deleted');
  });

  it('answer 404 for an update of a missing document', async () => {
    // Source: rest-api-spec test update/35_if_seq_no.yml.
    await expectStatus(
      target.client.update({
        index,
        id: 'occ-missing',
        if_seq_no: 1,
        if_primary_term: 1,
        body: { doc: { speed: 1 } },
      }),
      404,
    );
  });

  it('fail only the stale item of a bulk', async () => {
    // Source: rest-api-spec test update/35_if_seq_no.yml.
    const first = json(await target.client.index({ index, id: 'occ-3', body: vehicle('v1') }));
    const body = json(
      await target.client.bulk({
        body: [
          {
            update: {
              _index: index,
              _id: 'occ-3',
              if_seq_no: first._seq_no + 100,
              if_primary_term: first._primary_term,
            },
          },
          { doc: { speed: 10 } },
          { index: { _index: index, _id: 'occ-4' } },
          vehicle('v2'),
        ],
      }),
    );
    expect(body.errors).toBe(true);
    expect(body.items[0].update.status).toBe(409);
    expect(body.items[0].update.error.type).toBe('version_conflict_engine_exception');
    expect(body.items[1].index.status).toBe(201);
  });
});

describe('version with version_type=external', () => {
  it('accepts only versions higher than the stored one', async () => {
    // Source: rest-api-spec test index/35_external_version.yml.
    const external = { version_type: 'external' as const };
    const created = json(
      await target.client.index({
        index,
        id: 'ext-1',
        body: vehicle('v1'),
        version: 5,
        ...external,
      }),
    );
    expect(created).toMatchObject({ _version: 5, result: 'created' });

    for (const version of [5, 3]) {
      const error = await expectError(
        target.client.index({ index, id: 'ext-1', body: vehicle('v2'), version, ...external }),
        409,
        'version_conflict_engine_exception',
      );
      expect(error.reason).toContain('version conflict');
    }

    const newer = json(
      await target.client.index({
        index,
        id: 'ext-1',
        body: vehicle('v3'),
        version: 6,
        ...external,
      }),
    );
    expect(newer).toMatchObject({ _version: 6, result: 'updated' });
    const got = json(await target.client.get({ index, id: 'ext-1' }));
    expect(got._version).toBe(6);
    expect(got._source).toEqual(vehicle('v3'));
  });

  it('keeps only the newest telemetry per vehicle, whatever the arrival order', async () => {
    // Each reading is versioned by its sendtimestamp: a late, older reading loses without a script.
    const vin = vehicle('v1').vin;
    const reading = (sendtimestamp: string, speed: number) => ({
      ...vehicle('v1'),
      sendtimestamp,
      speed,
    });
    const readings = [
      reading('2024-03-01T08:20:00Z', 50),
      reading('2024-03-01T08:15:00Z', 40), // arrives late: older than the one stored
      reading('2024-03-01T08:25:00Z', 60),
      reading('2024-03-01T08:25:00Z', 61), // a duplicate timestamp does not win either
    ];
    const body = json(
      await target.client.bulk({
        refresh: true,
        body: readings.flatMap((doc) => [
          {
            index: {
              _index: index,
              _id: vin,
              version: Date.parse(doc.sendtimestamp),
              version_type: 'external' as const,
            },
          },
          doc,
        ]),
      }),
    );
    expect(body.errors).toBe(true);
    const statuses = (body.items as { index: { status: number } }[]).map(
      (item) => item.index.status,
    );
    expect(statuses).toEqual([201, 409, 200, 409]);
    expect(body.items[1].index.error.type).toBe('version_conflict_engine_exception');

    const got = json(await target.client.get({ index, id: vin }));
    expect(got._version).toBe(Date.parse('2024-03-01T08:25:00Z'));
    expect(got._source).toEqual(readings[2]);
  });
});
