import { parseDeviceMessage } from '../../src';

const receivedat = Date.parse('2026-11-30T09:00:00Z');

function cardata(overrides: Record<string, unknown> = {}) {
  return {
    MessageId: 'm-1',
    SendTimeStamp: '2026-11-30T08:59:58Z',
    VIN: '1HGCM82633A004352',
    GeoLocation: { Latitude: 52.52, Longitude: 13.405 },
    deviceid: 'tcu-1',
    receivedat,
    ...overrides,
  };
}

function reasonOf(parsed: { success: boolean; reason?: string }): string {
  if (parsed.success) throw new Error('expected a rejection');
  return parsed.reason ?? '';
}

describe('parseDeviceMessage', () => {
  it('accepts numbers sent as strings and leaves absent optional fields out', () => {
    const parsed = parseDeviceMessage(
      'cardata',
      cardata({
        GeoLocation: { Latitude: '52.52', Longitude: ' 13.405 ', Speed: '48.5', Heading: '' },
        Fuel: '61',
        OilTemp: null,
        Odometer: { Metres: '1200' },
      }),
    );
    if (!parsed.success) throw new Error(parsed.reason);
    expect(parsed.message.geolocation).toEqual({ latitude: 52.52, longitude: 13.405, speed: 48.5 });
    expect(parsed.message.fuel).toBe(61);
    expect(parsed.message.odometer).toEqual({ metres: 1200 });
    const stored = JSON.parse(JSON.stringify(parsed.message)) as object;
    expect(stored).not.toHaveProperty('oiltemp');
    expect(stored).not.toHaveProperty('throttle');
  });

  it('normalises timestamps to ISO-8601 UTC, with or without a zone, and epoch millis', () => {
    const at = (value: unknown) => {
      const parsed = parseDeviceMessage('cardata', cardata({ SendTimeStamp: value }));
      return parsed.success ? parsed.message.sendtimestamp : reasonOf(parsed);
    };
    expect(at('2026-11-30 08:59:58.123456789')).toBe('2026-11-30T08:59:58.123Z');
    expect(at('2026-11-30T09:59:58+01:00')).toBe('2026-11-30T08:59:58.000Z');
    expect(at(Date.parse('2026-11-30T08:00:00Z'))).toBe('2026-11-30T08:00:00.000Z');
  });

  it('reads epoch millis sent as a string, and drops an unusable CreationTimeStamp', () => {
    const parsed = parseDeviceMessage(
      'cardata',
      cardata({ SendTimeStamp: String(Date.parse('2026-11-30T08:59:00Z')), CreationTimeStamp: 1 }),
    );
    if (!parsed.success) throw new Error(parsed.reason);
    expect(parsed.message.sendtimestamp).toBe('2026-11-30T08:59:00.000Z');
    expect(parsed.message.creationtimestamp).toBeUndefined();
  });

  it('falls back to CreationTimeStamp when SendTimeStamp is absent', () => {
    const parsed = parseDeviceMessage(
      'cardata',
      cardata({ SendTimeStamp: undefined, CreationTimeStamp: '2026-11-30T08:00:00Z' }),
    );
    expect(parsed).toMatchObject({ message: { sendtimestamp: '2026-11-30T08:00:00.000Z' } });
  });

  it.each([
    ['yesterday', 'sendtimestamp must be an ISO-8601 date-time or epoch millis'],
    ['2026-02-30T10:00:00Z', 'sendtimestamp must be an ISO-8601 date-time or epoch millis'],
    ['1970-01-01T00:00:10Z', 'sendtimestamp is before 2000'],
    ['2026-11-30T08:75:00Z', 'sendtimestamp must be an ISO-8601 date-time or epoch millis'],
    [1e20, 'sendtimestamp must be an ISO-8601 date-time or epoch millis'],
    ['2026-11-30T10:00:00Z', 'sendtimestamp is more than 15 minutes ahead'],
  ])('rejects the unusable timestamp %s', (value, reason) => {
    expect(reasonOf(parseDeviceMessage('cardata', cardata({ SendTimeStamp: value })))).toContain(
      reason,
    );
  });

  it('rejects a message with neither timestamp', () => {
    expect(reasonOf(parseDeviceMessage('cardata', cardata({ SendTimeStamp: undefined })))).toBe(
      'invalid cardata: sendtimestamp is required (SendTimeStamp, or CreationTimeStamp in its place)',
    );
  });

  it('rejects a missing VIN and names the field', () => {
    expect(reasonOf(parseDeviceMessage('cardata', cardata({ VIN: undefined })))).toBe(
      'invalid cardata: vin is required',
    );
  });

  it.each([
    [{ Latitude: 91, Longitude: 10 }, 'geolocation.latitude must be <= 90'],
    [{ Latitude: 10, Longitude: -181 }, 'geolocation.longitude must be >= -180'],
    [{ Latitude: 0, Longitude: 0 }, 'geolocation is (0, 0): the receiver has no position fix'],
    [{ Latitude: 'north', Longitude: 10 }, 'geolocation.latitude expected a number'],
    [undefined, 'geolocation is required'],
  ])('rejects the unusable position %j', (position, reason) => {
    expect(reasonOf(parseDeviceMessage('cardata', cardata({ GeoLocation: position })))).toContain(
      reason,
    );
  });

  it('names every bad field of a message at once', () => {
    const reason = reasonOf(
      parseDeviceMessage('cardata', cardata({ VIN: '', Fuel: 'full', OilTemp: {} })),
    );
    expect(reason).toContain('vin must not be empty');
    expect(reason).toContain('fuel expected a number');
    expect(reason).toContain('oiltemp');
  });

  it('upper-cases VINs and trouble codes, and reads Changed as a boolean or a string', () => {
    const dtc = (changed: unknown) =>
      parseDeviceMessage('dtc', {
        MessageId: 'd-1',
        SendTimeStamp: '2026-11-30T08:00:00Z',
        VIN: '1hgcm82633a004352',
        DTC: { Code: 'p0301', Changed: changed },
        deviceid: 'tcu-1',
        receivedat,
      });
    expect(dtc(true)).toMatchObject({
      message: { vin: '1HGCM82633A004352', dtc: { code: 'P0301', changed: true } },
    });
    expect(dtc('false')).toMatchObject({ message: { dtc: { changed: false } } });
    expect(dtc('TRUE')).toMatchObject({ message: { dtc: { changed: true } } });
    expect(reasonOf(dtc('maybe'))).toContain('dtc.changed');
  });

  it('lifts an event type and a position out of the alert and keeps the alert whole', () => {
    const parsed = parseDeviceMessage('event', {
      MessageId: 'e-1',
      SendTimeStamp: '2026-11-30T08:00:00Z',
      VIN: 'V1',
      Alert: { Type: 'DoorOpen', Door: 'FrontLeft', Location: { Latitude: 1.5, Longitude: 2.5 } },
      deviceid: 'tcu-1',
      receivedat,
    });
    expect(parsed).toMatchObject({
      message: {
        eventtype: 'DoorOpen',
        geolocation: { latitude: 1.5, longitude: 2.5 },
        alert: { type: 'DoorOpen', door: 'FrontLeft' },
      },
    });
  });

  it('stores an event without a usable position rather than rejecting it', () => {
    const parsed = parseDeviceMessage('event', {
      MessageId: 'e-2',
      SendTimeStamp: '2026-11-30T08:00:00Z',
      VIN: 'V1',
      Alert: { Kind: 'Tamper', GeoLocation: { Latitude: 0, Longitude: 0 } },
      deviceid: 'tcu-1',
      receivedat,
    });
    if (!parsed.success) throw new Error(parsed.reason);
    expect(parsed.message.eventtype).toBeUndefined();
    expect(parsed.message.geolocation).toBeUndefined();
  });

  it('rejects a trip without a trip id or with an unusable end location', () => {
    const trip = (overrides: Record<string, unknown>) =>
      parseDeviceMessage('trip', {
        MessageId: 't-1',
        SendTimeStamp: '2026-11-30T08:00:00Z',
        VIN: 'V1',
        TripId: 'trip-1',
        TripSummary: { Distance: '12.5' },
        deviceid: 'tcu-1',
        receivedat,
        ...overrides,
      });
    expect(trip({})).toMatchObject({ message: { tripsummary: { distance: 12.5 } } });
    expect(reasonOf(trip({ TripId: undefined }))).toContain('tripid is required');
    expect(
      reasonOf(trip({ TripSummary: { EndLocation: { Latitude: 95, Longitude: 1 } } })),
    ).toContain('tripsummary.endlocation.latitude must be <= 90');
  });

  it.each([null, 'text', 42, [1, 2]])('rejects the non-object payload %j', (payload) => {
    expect(reasonOf(parseDeviceMessage('cardata', payload))).toBe(
      'cardata payload must be a JSON object',
    );
  });

  it('rejects a payload nested too deeply instead of exhausting the stack', () => {
    let nested: unknown = 1;
    for (let i = 0; i < 10_000; i++) nested = [nested];
    expect(reasonOf(parseDeviceMessage('event', cardata({ Alert: { deep: nested } })))).toBe(
      'payload is nested deeper than 32 levels',
    );
  });
});
