import type { CardataPayload, DtcPayload } from '@fleet/device-contract';
import type { IngestRecord } from '../../src';

export const VIN = '1HGCM82633A004352';
export const DEVICE = 'tcu-0001';
const T0 = Date.parse('2026-11-30T08:00:00Z');

/** An ISO send time `seconds` after the tests' epoch. */
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** A record as the cardata rule selects it: the payload plus `deviceid` and `receivedat`. */
export function cardataRecord(
  seconds: number,
  overrides: Partial<CardataPayload> & Record<string, unknown> = {},
  device = DEVICE,
): IngestRecord {
  const payload = {
    MessageId: `${device}-${seconds}`,
    SendTimeStamp: at(seconds),
    VIN,
    TripId: 'trip-1',
    GeoLocation: { Latitude: 48.85 + seconds / 10_000, Longitude: 2.29, Heading: 90, Speed: 50 },
    Fuel: 60,
    OilTemp: 95,
    Acceleration: { MaxLongitudinal: { Axis: 0, Value: 1 } },
    ...overrides,
    deviceid: device,
    receivedat: T0 + seconds * 1000 + 100,
  };
  return { payload, topic: `dt/cvra/${device}/cardata` };
}

export function dtcRecord(
  seconds: number,
  code: string,
  changed: DtcPayload['DTC']['Changed'] | 'maybe',
  device = DEVICE,
): IngestRecord {
  return {
    payload: {
      MessageId: `${device}-dtc-${seconds}`,
      SendTimeStamp: at(seconds),
      VIN,
      DTC: { Code: code, Changed: changed },
      deviceid: device,
      receivedat: T0 + seconds * 1000 + 100,
    },
    topic: `dt/cvra/${device}/dtc`,
  };
}
