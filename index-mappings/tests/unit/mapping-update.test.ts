import { buildMappingUpdate, DATE_FORMAT, type IndexMapping } from '../../src';

const expected: IndexMapping = {
  dynamic: false,
  properties: {
    vin: { type: 'keyword' },
    receivedat: { type: 'date', format: DATE_FORMAT },
    fuelinfo: {
      type: 'object',
      properties: { tankcapacity: { type: 'float' }, currenttripconsumption: { type: 'float' } },
    },
    anomalies: {
      type: 'nested',
      properties: {
        anomaly_type: { type: 'keyword' },
        geolocation: { type: 'object', properties: { location: { type: 'geo_point' } } },
        threshold: { type: 'float' },
      },
    },
  },
};

describe('buildMappingUpdate', () => {
  it('sends whole missing subtrees as the file defines them', () => {
    expect(buildMappingUpdate(expected, ['receivedat', 'fuelinfo'])).toEqual({
      properties: {
        receivedat: { type: 'date', format: DATE_FORMAT },
        fuelinfo: expected.properties.fuelinfo,
      },
    });
  });

  it('repeats each parent with its type, so a nested parent stays nested', () => {
    expect(
      buildMappingUpdate(expected, ['anomalies.threshold', 'anomalies.geolocation.location']),
    ).toEqual({
      properties: {
        anomalies: {
          type: 'nested',
          properties: {
            threshold: { type: 'float' },
            geolocation: { type: 'object', properties: { location: { type: 'geo_point' } } },
          },
        },
      },
    });
  });

  it('never carries the root dynamic setting or unrelated fields', () => {
    const update = buildMappingUpdate(expected, ['vin']);
    expect(update).toEqual({ properties: { vin: { type: 'keyword' } } });
  });

  it('rejects a path that is not in the file', () => {
    expect(() => buildMappingUpdate(expected, ['fuelinfo.colour'])).toThrow(/fuelinfo\.colour/);
    expect(() => buildMappingUpdate(expected, ['vin.extra'])).toThrow(/no properties/);
  });
});
