import { parseDocument } from '../../src/index/document-parser';
import { IndexMapping } from '../../src/index/mapping';

const vehicles = () =>
  IndexMapping.parse({
    dynamic: 'strict',
    properties: {
      vin: { type: 'keyword' },
      year: { type: 'integer' },
      speed: { type: 'float' },
      sendtimestamp: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
      geolocation: { properties: { location: { type: 'geo_point' } } },
      trouble_codes: { type: 'nested', properties: { code: { type: 'keyword' } } },
      alert: { type: 'object', enabled: false },
    },
  });

describe('mappings', () => {
  it('round-trips to the JSON GET _mapping returns', () => {
    const json = vehicles().toJson();
    expect(json.dynamic).toBe('strict');
    expect((json.properties as Record<string, unknown>).geolocation).toEqual({
      properties: { location: { type: 'geo_point' } },
    });
    expect((json.properties as Record<string, unknown>).trouble_codes).toEqual({
      type: 'nested',
      properties: { code: { type: 'keyword' } },
    });
  });

  it('adds fields but refuses type changes', () => {
    const merged = vehicles().merge({ properties: { make: { type: 'keyword' } } });
    expect(merged.field('make')?.type).toBe('keyword');
    expect(() => vehicles().merge({ properties: { vin: { type: 'long' } } })).toThrow(
      /cannot be changed from type \[keyword\] to \[long\]/,
    );
  });

  it('refuses unknown types and parameters', () => {
    expect(() => IndexMapping.parse({ properties: { a: { type: 'flattened' } } })).toThrow(
      /No handler for type \[flattened\]/,
    );
    expect(() => IndexMapping.parse({ properties: { a: { type: 'keyword', foo: 1 } } })).toThrow(
      /unknown parameter \[foo\]/,
    );
  });

  it('knows which nested scope a field lives in', () => {
    const m = vehicles();
    expect(m.nestedScopeOf('trouble_codes.code')).toBe('trouble_codes');
    expect(m.nestedScopeOf('geolocation.location')).toBe('');
  });
});

describe('document parsing', () => {
  it('normalizes values per type, and nested objects become child documents', () => {
    const { doc } = parseDocument(
      vehicles(),
      {
        vin: 'V1',
        year: '2021',
        speed: 12.5,
        sendtimestamp: '2026-11-23T10:00:00Z',
        geolocation: { location: [2.35, 48.86] },
        trouble_codes: [{ code: 'P0301' }, { code: 'P0420' }],
        alert: { anything: { goes: true } },
      },
      'V1',
    );
    expect(doc.values.get('year')).toEqual([2021]);
    expect(doc.values.get('sendtimestamp')).toEqual([Date.UTC(2026, 10, 23, 10)]);
    expect(doc.values.get('geolocation.location')).toEqual([{ lat: 48.86, lon: 2.35 }]);
    expect(doc.nested.get('trouble_codes')!.map((c) => c.values.get('trouble_codes.code'))).toEqual(
      [['P0301'], ['P0420']],
    );
    expect(doc.values.has('alert.anything.goes')).toBe(false);
  });

  it('rejects a value that does not fit its mapping, naming the field', () => {
    expect(() => parseDocument(vehicles(), { geolocation: { location: 'nowhere' } }, '7')).toThrow(
      /failed to parse field \[geolocation.location\] of type \[geo_point\] in document with id '7'/,
    );
    expect(() => parseDocument(vehicles(), { sendtimestamp: 'yesterday' }, '7')).toThrow(
      /of type \[date\]/,
    );
    expect(() => parseDocument(vehicles(), { year: 3_000_000_000 }, '7')).toThrow(
      /out of range for an integer/,
    );
    expect(() => parseDocument(vehicles(), { geolocation: 'x' }, '7')).toThrow(
      /tried to parse field \[geolocation\] as object/,
    );
  });

  it('enforces dynamic strict, and maps new fields dynamically otherwise', () => {
    expect(() => parseDocument(vehicles(), { colour: 'red' }, '1')).toThrow(
      /mapping set to strict, dynamic introduction of \[colour\] within \[_doc\] is not allowed/,
    );
    const open = IndexMapping.parse({});
    const { dynamicFields } = parseDocument(
      open,
      { colour: 'red', doors: 4, seen: '2026-11-23T00:00:00Z', cab: { seats: 2.5 } },
      '1',
    );
    expect(dynamicFields.get('colour')?.type).toBe('text');
    expect(dynamicFields.get('colour')?.fields?.get('keyword')?.type).toBe('keyword');
    expect(dynamicFields.get('doors')?.type).toBe('long');
    expect(dynamicFields.get('seen')?.type).toBe('date');
    expect(dynamicFields.get('cab')?.properties?.get('seats')?.type).toBe('float');
  });
});
