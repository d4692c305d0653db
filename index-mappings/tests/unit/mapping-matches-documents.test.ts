import { z } from 'zod';
import { INDEX_NAMES, documentSchemas, indexDefinitions, type IndexMapping } from '../../src';
import { schemaMappingMismatches } from './support/schema-mapping-mismatches';

describe('mapping files and document schemas agree', () => {
  it.each(INDEX_NAMES)(
    '%s: every declared field is mapped compatibly, and the reverse',
    (index) => {
      expect(
        schemaMappingMismatches(index, documentSchemas[index], indexDefinitions[index].mappings),
      ).toEqual([]);
    },
  );
});

// The comparison must be able to fail, or the test above proves nothing.
describe('schemaMappingMismatches', () => {
  const mapping: IndexMapping = {
    dynamic: 'strict',
    properties: {
      vin: { type: 'keyword' },
      year: { type: 'integer' },
      fuel: { type: 'float' },
      sendtimestamp: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
      geolocation: {
        type: 'object',
        properties: {
          latitude: { type: 'double' },
          location: { type: 'geo_point' },
        },
      },
      devices: { type: 'nested', properties: { deviceid: { type: 'keyword' } } },
      alert: { type: 'object', enabled: false },
    },
  };
  const matching = z.object({
    vin: z.string(),
    year: z.int().optional(),
    fuel: z.number(),
    sendtimestamp: z.union([z.iso.datetime(), z.int()]),
    geolocation: z.object({
      latitude: z.number(),
      location: z.object({ lat: z.number(), lon: z.number() }),
    }),
    devices: z.array(z.object({ deviceid: z.string() })),
    alert: z.record(z.string(), z.unknown()),
  });

  it('accepts a schema that matches', () => {
    expect(schemaMappingMismatches('test', matching, mapping)).toEqual([]);
  });

  it('names a schema field the mapping lacks', () => {
    const schema = matching.extend({
      geolocation: matching.shape.geolocation.extend({ heading: z.number() }),
    });
    expect(schemaMappingMismatches('test', schema, mapping)).toEqual([
      'test: geolocation.heading is in the document schema but not in the mapping',
    ]);
  });

  it('names a mapped field the schema lacks', () => {
    const schema = matching.omit({ fuel: true });
    expect(schemaMappingMismatches('test', schema, mapping)).toEqual([
      'test: fuel is mapped (float) but not in the document schema',
    ]);
  });

  it.each([
    ['vin', z.number(), 'test: vin is mapped as keyword, but its schema needs float or double'],
    ['year', z.number(), 'test: year is mapped as integer, but its schema needs float or double'],
    ['fuel', z.int(), 'test: fuel is mapped as float, but its schema needs integer or long'],
    [
      'sendtimestamp',
      z.string(),
      'test: sendtimestamp is mapped as date, but its schema needs keyword',
    ],
    [
      'alert',
      z.object({}),
      'test: alert is mapped as object (enabled: false), but its schema needs object or nested',
    ],
  ] as const)('names an incompatible type: %s', (field, fieldSchema, message) => {
    const schema = matching.extend({ [field]: fieldSchema });
    expect(schemaMappingMismatches('test', schema, mapping)).toEqual([message]);
  });

  it('refuses a schema kind it has no rule for', () => {
    const schema = matching.extend({ vin: z.unknown() });
    expect(schemaMappingMismatches('test', schema, mapping)).toEqual([
      'test: vin: no mapping rule for schema type unknown',
    ]);
  });
});
