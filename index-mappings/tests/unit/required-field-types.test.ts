import { DATE_FORMAT, INDEX_NAMES, indexDefinitions, type FieldMapping } from '../../src';

/** Every field of every mapping with its dotted path. */
const allFields = () =>
  INDEX_NAMES.flatMap((index) => {
    const walk = (
      properties: Record<string, FieldMapping>,
      prefix: string,
    ): { index: string; path: string; name: string; field: FieldMapping }[] =>
      Object.entries(properties).flatMap(([name, field]) => [
        { index, path: `${prefix}${name}`, name, field },
        ...('properties' in field ? walk(field.properties, `${prefix}${name}.`) : []),
      ]);
    return walk(indexDefinitions[index].mappings.properties, '');
  });

const fieldAt = (index: (typeof INDEX_NAMES)[number], path: string): FieldMapping | undefined => {
  let properties: Record<string, FieldMapping> | undefined =
    indexDefinitions[index].mappings.properties;
  let field: FieldMapping | undefined;
  for (const name of path.split('.')) {
    field = properties?.[name];
    properties = field && 'properties' in field ? field.properties : undefined;
  }
  return field;
};

const typeOf = (field: FieldMapping | undefined) =>
  field === undefined ? 'missing' : 'enabled' in field ? 'object (enabled: false)' : field.type;

describe('required field types (issue: index mappings)', () => {
  const fields = allFields();

  it.each(['vin', 'deviceid', 'tripid', 'make', 'model', 'code', 'messageid', 'anomaly_type'])(
    'every %s field is a keyword',
    (name) => {
      const found = fields.filter((f) => f.name === name);
      expect(found.length).toBeGreaterThan(0);
      expect(
        found.filter((f) => f.field.type !== 'keyword').map((f) => `${f.index}: ${f.path}`),
      ).toEqual([]);
    },
  );

  it('every year is an integer', () => {
    const years = fields.filter((f) => f.name === 'year');
    expect(years.map((f) => `${f.index}: ${f.path}`)).toContain('latest_telemetry: year');
    expect(
      years.filter((f) => f.field.type !== 'integer').map((f) => `${f.index}: ${f.path}`),
    ).toEqual([]);
  });

  it('every timestamp field is a date in the shared format, and every date uses it', () => {
    const timestampNames = /(timestamp|at|time)$/;
    const named = fields.filter((f) => timestampNames.test(f.name) && f.name !== 'location');
    expect(
      named.filter((f) => f.field.type !== 'date').map((f) => `${f.index}: ${f.path}`),
    ).toEqual([]);
    const dates = fields.filter((f) => f.field.type === 'date');
    expect(
      dates
        .filter((f) => !('format' in f.field) || f.field.format !== DATE_FORMAT)
        .map((f) => `${f.index}: ${f.path}`),
    ).toEqual([]);
    expect(DATE_FORMAT).toBe('strict_date_optional_time||epoch_millis');
  });

  it.each(INDEX_NAMES)('%s has vin and sendtimestamp-or-updatedat', (index) => {
    expect(typeOf(fieldAt(index, 'vin'))).toBe('keyword');
    const time = fieldAt(index, 'sendtimestamp') ?? fieldAt(index, 'updatedat');
    expect(typeOf(time)).toBe('date');
  });

  it.each([
    ['cardata', 'geolocation.location'],
    ['latest_telemetry', 'geolocation.location'],
    ['anomaly', 'geolocation.location'],
    ['event', 'geolocation.location'],
    ['trip', 'tripsummary.startlocation.location'],
    ['trip', 'tripsummary.endlocation.location'],
  ] as const)('%s %s is a geo_point', (index, path) => {
    expect(typeOf(fieldAt(index, path))).toBe('geo_point');
  });

  it.each([
    ['shared_cardata', 'devices'],
    ['shared_cardata', 'trouble_codes'],
    ['shared_cardata', 'anomalies'],
    ['latest_telemetry', 'devices'],
    ['latest_telemetry', 'trouble_codes'],
    ['latest_telemetry', 'anomalies'],
    ['cardata', 'devices'],
  ] as const)('%s %s is nested', (index, path) => {
    expect(typeOf(fieldAt(index, path))).toBe('nested');
  });

  it('devices, trouble_codes and anomalies hold what the API filters on', () => {
    for (const index of ['shared_cardata', 'latest_telemetry'] as const) {
      expect(typeOf(fieldAt(index, 'devices.deviceid'))).toBe('keyword');
      expect(typeOf(fieldAt(index, 'devices.softwareversion'))).toBe('keyword');
      expect(typeOf(fieldAt(index, 'trouble_codes.code'))).toBe('keyword');
      expect(typeOf(fieldAt(index, 'anomalies.anomaly_type'))).toBe('keyword');
    }
    expect(typeOf(fieldAt('dtc', 'dtc.code'))).toBe('keyword');
    expect(typeOf(fieldAt('dtc', 'dtc.changed'))).toBe('boolean');
  });

  it.each(['cardata', 'latest_telemetry'] as const)('%s telemetry values are numbers', (index) => {
    const numeric = ['integer', 'long', 'float', 'double'];
    for (const path of [
      'geolocation.speed',
      'speed.max',
      'speed.average',
      'fuel',
      'odometer.metres',
      'oiltemp',
      'year',
    ]) {
      expect([path, numeric.includes(typeOf(fieldAt(index, path)))]).toEqual([path, true]);
    }
  });

  it('event.alert is stored whole but not indexed, with an indexed event type', () => {
    expect(typeOf(fieldAt('event', 'alert'))).toBe('object (enabled: false)');
    expect(typeOf(fieldAt('event', 'eventtype'))).toBe('keyword');
  });

  it.each(INDEX_NAMES)('%s: dynamic is false or strict, with the default settings', (index) => {
    const { settings, mappings } = indexDefinitions[index];
    expect([false, 'strict']).toContain(mappings.dynamic);
    expect(settings).toEqual({
      number_of_shards: 1,
      number_of_replicas: 1,
      refresh_interval: '1s',
    });
  });
});
