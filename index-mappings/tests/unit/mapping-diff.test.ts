import { DATE_FORMAT, diffMapping, type IndexMapping, ROOT_FIELD } from '../../src';

const expected: IndexMapping = {
  dynamic: false,
  properties: {
    vin: { type: 'keyword' },
    year: { type: 'integer' },
    sendtimestamp: { type: 'date', format: DATE_FORMAT },
    geolocation: {
      type: 'object',
      properties: {
        latitude: { type: 'double' },
        location: { type: 'geo_point' },
      },
    },
    devices: {
      type: 'nested',
      properties: { deviceid: { type: 'keyword' }, softwareversion: { type: 'keyword' } },
    },
    alert: { type: 'object', enabled: false },
  },
};

/** The same mapping as OpenSearch's GET _mapping answers it: defaults left out, `dynamic` a string. */
const liveAsOpenSearchReturnsIt = () => ({
  dynamic: 'false',
  properties: {
    vin: { type: 'keyword' },
    year: { type: 'integer' },
    sendtimestamp: { type: 'date' },
    geolocation: {
      properties: {
        latitude: { type: 'double' },
        location: { type: 'geo_point' },
      },
    },
    devices: {
      type: 'nested',
      properties: { deviceid: { type: 'keyword' }, softwareversion: { type: 'keyword' } },
    },
    alert: { type: 'object', enabled: false },
  },
});

describe('diffMapping', () => {
  it('finds nothing between a file and the live mapping created from it', () => {
    expect(diffMapping(expected, expected)).toEqual({ missingFields: [], conflicts: [] });
  });

  it('normalises what GET _mapping leaves out or stringifies', () => {
    expect(diffMapping(expected, liveAsOpenSearchReturnsIt())).toEqual({
      missingFields: [],
      conflicts: [],
    });
  });

  it('ignores live fields the file does not declare', () => {
    const live = liveAsOpenSearchReturnsIt();
    Object.assign(live.properties, { legacy: { type: 'keyword' } });
    expect(diffMapping(expected, live)).toEqual({ missingFields: [], conflicts: [] });
  });

  it('reports fields added to the file as missing, topmost path only', () => {
    const live = liveAsOpenSearchReturnsIt();
    const { year: _year, geolocation: _geolocation, ...properties } = live.properties;
    const { softwareversion: _softwareversion, ...deviceProperties } =
      live.properties.devices.properties;
    const trimmed = {
      ...live,
      properties: { ...properties, devices: { type: 'nested', properties: deviceProperties } },
    };
    expect(diffMapping(expected, trimmed)).toEqual({
      missingFields: ['year', 'geolocation', 'devices.softwareversion'],
      conflicts: [],
    });
  });

  it('reports a changed type', () => {
    const live = liveAsOpenSearchReturnsIt();
    live.properties.year = { type: 'long' };
    live.properties.geolocation.properties.location = { type: 'keyword' };
    expect(diffMapping(expected, live)).toEqual({
      missingFields: [],
      conflicts: [
        { field: 'year', expected: 'integer', actual: 'long' },
        { field: 'geolocation.location', expected: 'geo_point', actual: 'keyword' },
      ],
    });
  });

  it('reports nested against object, without descending into it', () => {
    const live = liveAsOpenSearchReturnsIt();
    const { type: _type, ...devicesAsObject } = live.properties.devices;
    Object.assign(live.properties, { devices: devicesAsObject });
    expect(diffMapping(expected, live).conflicts).toEqual([
      { field: 'devices', expected: 'nested', actual: 'object' },
    ]);
  });

  it('reports an indexed object where the file stores it whole', () => {
    const live = liveAsOpenSearchReturnsIt();
    Object.assign(live.properties, { alert: { properties: { type: { type: 'keyword' } } } });
    expect(diffMapping(expected, live).conflicts).toEqual([
      { field: 'alert', expected: 'object (enabled: false)', actual: 'object' },
    ]);
  });

  it('reports a changed date format', () => {
    const live = liveAsOpenSearchReturnsIt();
    Object.assign(live.properties, { sendtimestamp: { type: 'date', format: 'epoch_second' } });
    expect(diffMapping(expected, live).conflicts).toEqual([
      {
        field: 'sendtimestamp',
        expected: `date (${DATE_FORMAT})`,
        actual: 'date (epoch_second)',
      },
    ]);
  });

  it.each([
    [false, 'false', []],
    [false, false, []],
    ['strict', 'strict', []],
    [
      false,
      undefined,
      [{ field: ROOT_FIELD, expected: 'dynamic: false', actual: 'dynamic: true' }],
    ],
    [false, 'true', [{ field: ROOT_FIELD, expected: 'dynamic: false', actual: 'dynamic: true' }]],
    [
      'strict',
      'false',
      [{ field: ROOT_FIELD, expected: 'dynamic: strict', actual: 'dynamic: false' }],
    ],
  ] as const)('compares root dynamic %p with live %p', (fileDynamic, liveDynamic, conflicts) => {
    const live = { ...liveAsOpenSearchReturnsIt(), dynamic: liveDynamic };
    expect(diffMapping({ ...expected, dynamic: fileDynamic }, live).conflicts).toEqual(conflicts);
  });

  it('compares dynamic on objects through inheritance, reporting where it starts', () => {
    const live = liveAsOpenSearchReturnsIt();
    Object.assign(live.properties.geolocation, { dynamic: 'true' });
    expect(diffMapping(expected, live).conflicts).toEqual([
      { field: 'geolocation', expected: 'dynamic: false', actual: 'dynamic: true' },
    ]);
    // A root difference is reported once, not again on each inheriting object.
    expect(
      diffMapping(expected, { ...liveAsOpenSearchReturnsIt(), dynamic: 'strict' }).conflicts,
    ).toEqual([{ field: ROOT_FIELD, expected: 'dynamic: false', actual: 'dynamic: strict' }]);
  });

  it('treats an empty or absent live mapping as all fields missing', () => {
    const all = ['vin', 'year', 'sendtimestamp', 'geolocation', 'devices', 'alert'];
    expect(diffMapping(expected, {}).missingFields).toEqual(all);
    expect(diffMapping(expected, undefined).missingFields).toEqual(all);
  });
});
