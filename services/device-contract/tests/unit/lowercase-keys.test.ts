import { deviceTopic, lowercaseKeys, parseDeviceTopic } from '../../src';

describe('lowercaseKeys', () => {
  it('lower-cases keys at every depth, inside arrays too', () => {
    expect(lowercaseKeys({ GeoLocation: { Latitude: 1 }, List: [{ InnerKey: 'Value' }] })).toEqual({
      geolocation: { latitude: 1 },
      list: [{ innerkey: 'Value' }],
    });
  });

  it('lets the key the IoT rule added win a collision, whichever comes first', () => {
    expect(lowercaseKeys({ DeviceId: 'spoofed', deviceid: 'from-topic' })).toEqual({
      deviceid: 'from-topic',
    });
    expect(lowercaseKeys({ deviceid: 'from-topic', DEVICEID: 'spoofed' })).toEqual({
      deviceid: 'from-topic',
    });
  });

  it('keeps a "__proto__" key as data instead of changing the prototype', () => {
    const result = lowercaseKeys(JSON.parse('{"__PROTO__": {"polluted": true}}')) as object;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(result)).toEqual(['__proto__']);
  });

  it('lowers keys it will not remember as well: long ones, and past the first 10,000', () => {
    const long = `Key${'X'.repeat(200)}`;
    expect(lowercaseKeys({ [long]: 1 })).toEqual({ [long.toLowerCase()]: 1 });
    const many = Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`Key${i}`, i]));
    const lowered = lowercaseKeys(many) as Record<string, number>;
    expect(Object.keys(lowered)).toHaveLength(12_000);
    expect(lowered.key0).toBe(0);
    expect(lowered.key11999).toBe(11_999);
    expect(lowercaseKeys({ Key11999: 'again' })).toEqual({ key11999: 'again' });
  });
});

describe('device topics', () => {
  it('round-trips a topic and refuses anything that is not a device data topic', () => {
    expect(parseDeviceTopic(deviceTopic('tcu-1', 'trip'))).toEqual({
      deviceId: 'tcu-1',
      kind: 'trip',
    });
    expect(parseDeviceTopic('dt/cvra/tcu-1/unknown')).toBeUndefined();
    expect(parseDeviceTopic('dt/cvra/tcu-1/cardata/extra')).toBeUndefined();
    expect(parseDeviceTopic('dt/cvra/bad id/cardata')).toBeUndefined();
    expect(parseDeviceTopic('$aws/things/tcu-1/shadow/update')).toBeUndefined();
  });
});
