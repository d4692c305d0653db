import { indexDefinitionSchema, indexDefinitions, INDEX_NAMES, isIndexName } from '../../src';

const valid = {
  settings: { number_of_shards: 1, number_of_replicas: 1, refresh_interval: '1s' },
  mappings: { dynamic: false, properties: { vin: { type: 'keyword' } } },
};

const withField = (field: unknown, name = 'vin') => ({
  ...valid,
  mappings: { dynamic: false, properties: { [name]: field } },
});

describe('mapping file validation', () => {
  it('loads all eight files', () => {
    expect(Object.keys(indexDefinitions).sort()).toEqual([...INDEX_NAMES].sort());
    expect(INDEX_NAMES.every(isIndexName)).toBe(true);
    expect(isIndexName('cardata_v2')).toBe(false);
  });

  it('accepts a well-formed definition', () => {
    expect(indexDefinitionSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['a text field (the embedded engine has no analysers)', withField({ type: 'text' })],
    ['a multi-field', withField({ type: 'keyword', fields: { raw: { type: 'keyword' } } })],
    ['a field without a type', withField({ properties: { code: { type: 'keyword' } } })],
    ['an uppercase key', withField({ type: 'keyword' }, 'VIN')],
    ['a date without a format', withField({ type: 'date' })],
    ['dynamic true', { ...valid, mappings: { ...valid.mappings, dynamic: true } }],
    [
      'an unknown setting',
      { ...valid, settings: { ...valid.settings, codec: 'best_compression' } },
    ],
  ])('rejects %s', (_what, definition) => {
    expect(indexDefinitionSchema.safeParse(definition).success).toBe(false);
  });
});
