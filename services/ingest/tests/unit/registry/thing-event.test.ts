import { compareThingEvents, parseThingEvent } from '../../../src/registry/thing-event';
import { readThingAttributes } from '../../../src/registry/thing-attributes';
import created from '../../events/registry-created.json';

const parse = (payload: unknown, topic?: string) => parseThingEvent({ payload, topic });

function reasonFor(payload: unknown, topic?: string): string {
  const parsed = parse(payload, topic);
  if (parsed.success) throw new Error('expected a rejection');
  return parsed.reason;
}

describe('parseThingEvent', () => {
  it('reads a registry event as AWS IoT publishes it', () => {
    const parsed = parse(created, '$aws/events/thing/tcu-0001/created');
    if (!parsed.success) throw new Error(parsed.reason);
    expect(parsed.event).toMatchObject({
      operation: 'CREATED',
      thingName: 'tcu-0001',
      thingId: 'b604f69c-aa9a-4d4a-829e-c480e958a0b5',
      versionNumber: 1,
      timestamp: 1764490500000,
      attributes: created.attributes,
      staticData: {
        vin: '1HGCM82633A004352',
        make: 'Honda',
        model: 'Accord',
        year: 2021,
        colour: 'Blue',
        softwareversion: '1.2.3',
      },
    });
    expect(parsed.event.thingTypeName).toBeUndefined();
  });

  it('accepts a lower-case operation and missing or null attributes', () => {
    const { attributes: _attributes, ...withoutAttributes } = created;
    for (const payload of [
      { ...withoutAttributes, operation: 'deleted' },
      { ...created, operation: 'deleted', attributes: null },
    ]) {
      const parsed = parse(payload);
      if (!parsed.success) throw new Error(parsed.reason);
      expect(parsed.event).toMatchObject({ operation: 'DELETED', attributes: {}, staticData: {} });
    }
  });

  it.each([
    ['a missing thingName', { thingName: undefined }, 'thingName is required'],
    ['a thingName IoT would not accept', { thingName: 'tcu 0001' }, 'thingName must be'],
    [
      'an unknown operation',
      { operation: 'RENAMED' },
      'operation must be CREATED, UPDATED or DELETED',
    ],
    ['a missing versionNumber', { versionNumber: undefined }, 'versionNumber is required'],
    [
      'a versionNumber as text',
      { versionNumber: '2' },
      'versionNumber must be a non-negative integer',
    ],
    [
      'a fractional versionNumber',
      { versionNumber: 1.5 },
      'versionNumber must be a non-negative integer',
    ],
    [
      'a negative versionNumber',
      { versionNumber: -1 },
      'versionNumber must be a non-negative integer',
    ],
    ['attributes as a list', { attributes: ['vin'] }, 'attributes must be an object'],
    ['attributes as text', { attributes: 'vin=1' }, 'attributes must be an object'],
    ['another event type', { eventType: 'THING_TYPE_EVENT' }, 'eventType must be THING_EVENT'],
    ['an unusable vin', { attributes: { vin: 'not a vin!' } }, 'attributes.vin must be'],
  ])('rejects %s, naming the field', (_case, change, reason) => {
    expect(reasonFor({ ...created, ...change })).toContain(reason);
  });

  it('rejects what is not a JSON object', () => {
    for (const payload of [null, 'text', 42, [created]]) {
      expect(reasonFor(payload)).toBe('registry event payload must be a JSON object');
    }
  });

  it('rejects an event whose thingName is not the one in its topic', () => {
    expect(reasonFor(created, '$aws/events/thing/tcu-0002/created')).toContain(
      'thingName tcu-0001 does not match topic',
    );
  });
});

describe('readThingAttributes', () => {
  it('matches keys whatever their case, an exact lower-case key first', () => {
    expect(
      readThingAttributes({ VIN: 'abc123', SoftwareVersion: '1.0', softwareversion: '2.0' }).data,
    ).toEqual({ vin: 'ABC123', softwareversion: '2.0' });
    expect(readThingAttributes({ Color: 'Grey' }).data).toEqual({ colour: 'Grey' });
  });

  it('leaves out a year that is not an integer, and empty values', () => {
    for (const year of ['2021.5', 'MY2021', '', '20210', 2021.5, '0']) {
      expect(readThingAttributes({ year, make: ' ' }).data).toEqual({});
    }
    expect(readThingAttributes({ year: ' 2019 ' }).data).toEqual({ year: 2019 });
    expect(readThingAttributes({ year: 2019 }).data).toEqual({ year: 2019 });
  });

  it('reports a vin that is not text', () => {
    expect(readThingAttributes({ vin: { value: 'x' } }).issues).toEqual([
      'attributes.vin must be a string',
    ]);
  });
});

describe('compareThingEvents', () => {
  it('orders by version, a deletion after the update at its version', () => {
    const events = [
      { versionNumber: 2, operation: 'DELETED' as const },
      { versionNumber: 3, operation: 'UPDATED' as const },
      { versionNumber: 2, operation: 'UPDATED' as const },
      { versionNumber: 1, operation: 'CREATED' as const },
    ];
    expect([...events].sort(compareThingEvents)).toEqual([
      events[3],
      events[2],
      events[0],
      events[1],
    ]);
  });
});
