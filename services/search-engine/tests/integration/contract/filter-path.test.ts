import { json, useFleetIndex, vehicle } from '../../support/contract';

const fleet = useFleetIndex('contract-filter-path');

// Response filtering (source: OpenSearch docs, Common REST parameters, filter_path): dotted paths,
// `*` within a key, `**` across levels; what matches nothing is left out.
describe('filter_path', () => {
  it('keeps only each _bulk item status and error, as bulk writers ask for', async () => {
    const { target, index } = fleet;
    const response = await target.client.bulk({
      filter_path: 'errors,items.*.status,items.*.error.type',
      body: [
        { create: { _index: index, _id: 'filter-new' } },
        vehicle('v1'),
        { create: { _index: index, _id: 'v2' } },
        vehicle('v2'),
      ],
    });
    expect(json(response)).toEqual({
      errors: true,
      items: [
        { create: { status: 201 } },
        { create: { status: 409, error: { type: 'version_conflict_engine_exception' } } },
      ],
    });
  });

  it('reaches into stored sources, and keeps a source whole when asked for it whole', async () => {
    const { target, index } = fleet;
    const search = (filterPath: string) =>
      target.client.search({
        index,
        filter_path: filterPath,
        body: { query: { ids: { values: ['v1'] } } },
      });
    expect(json(await search('hits.hits._source.make,hits.total.value'))).toEqual({
      hits: { total: { value: 1 }, hits: [{ _source: { make: vehicle('v1').make } }] },
    });
    expect(json(await search('hits.hits._source'))).toEqual({
      hits: { hits: [{ _source: vehicle('v1') }] },
    });
    expect(json(await search('hits.hits._so*.geolocation.**.lat'))).toEqual({
      hits: {
        hits: [
          {
            _source: { geolocation: { location: { lat: vehicle('v1').geolocation.location.lat } } },
          },
        ],
      },
    });
  });

  it('matches any depth with **, and answers {} when nothing matches', async () => {
    const { target, index } = fleet;
    const response = await target.client.mget({
      index,
      filter_path: '**._id',
      body: { ids: ['v1', 'missing'] },
    });
    expect(json(response)).toEqual({ docs: [{ _id: 'v1' }, { _id: 'missing' }] });
    const nothing = await target.client.mget({
      index,
      filter_path: 'no.such.path',
      body: { ids: ['v1'] },
    });
    expect(json(nothing)).toEqual({});
  });
});
