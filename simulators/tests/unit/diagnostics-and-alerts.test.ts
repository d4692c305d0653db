import { parseDeviceMessage } from '@fleet/device-contract';
import { createVehicle } from '../../src/simulated-vehicle';
import { TROUBLE_CODES } from '../../src/trouble-codes';
import { alertTypesFor } from '../../src/vehicle-alerts';
import { planFleet } from '../../src/vehicle-profile';
import { drive, hours, messagesOf } from './support/drive';

const profile = planFleet(4, 1)[0]!;
const stream = messagesOf(
  drive(
    createVehicle(profile, {
      troubleCodesPerDrivingHour: 6,
      troubleCodeClearsAfterMinutes: [5, 20],
      alertsPerHour: 8,
    }),
    hours(8),
  ),
);
const dtcs = stream.flatMap((m) => (m.kind === 'dtc' ? [m.payload] : []));
const events = stream.flatMap((m) => (m.kind === 'event' ? [m.payload] : []));

describe('diagnostic trouble codes', () => {
  it('sets realistic OBD-II codes and clears them later', () => {
    const sets = dtcs.filter((d) => d.DTC.Changed === true);
    const clears = dtcs.filter((d) => d.DTC.Changed === false);
    expect(sets.length).toBeGreaterThan(2);
    expect(clears.length).toBeGreaterThan(1);
    const known = TROUBLE_CODES.map((code) => code.code);
    for (const dtc of dtcs) {
      expect(dtc.DTC.Code).toMatch(/^[PCBU][0-9A-F]{4}$/);
      expect(known).toContain(dtc.DTC.Code);
    }
  });

  it('clears only active codes and never sets an active code again', () => {
    const active = new Set<string>();
    for (const { DTC } of dtcs) {
      if (DTC.Changed === true) {
        expect(active.has(DTC.Code)).toBe(false);
        active.add(DTC.Code);
      } else {
        expect(active.has(DTC.Code)).toBe(true);
        active.delete(DTC.Code);
      }
      expect(active.size).toBeLessThanOrEqual(3);
    }
  });
});

describe('vehicle alerts', () => {
  it('carry a type and the position where they happened', () => {
    expect(events.length).toBeGreaterThan(5);
    const known = new Set([...alertTypesFor(true), ...alertTypesFor(false)]);
    for (const event of events) {
      expect(known.has(event.Alert.Type as never)).toBe(true);
      const parsed = parseDeviceMessage('event', {
        ...event,
        deviceid: profile.identity.thingName,
        receivedat: Date.parse(event.SendTimeStamp),
      });
      expect(parsed.success && parsed.message.eventtype).toBe(event.Alert.Type);
      expect(parsed.success && parsed.message.geolocation?.latitude).toBe(
        event.Alert.GeoLocation?.Latitude,
      );
    }
  });

  it('fit the situation: tyre pressure on the move, a weak battery when parked', () => {
    for (const { Alert } of events) {
      if (Alert.Type === 'TyrePressureLow') {
        expect(Alert.PressureKpa).toBeLessThan(Alert.ThresholdKpa as number);
      }
      if (Alert.Type === 'BatteryLow') expect(Alert.GeoLocation?.Speed).toBe(0);
    }
  });
});
