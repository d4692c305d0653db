import {
  MAX_PAYLOAD_BYTES,
  deviceTopic,
  parseDeviceMessage,
  type DeviceMessageKind,
} from '@fleet/device-contract';
import { createVehicle } from '../../src/simulated-vehicle';
import { planFleet } from '../../src/vehicle-profile';
import { cardataOf, drive, hours, violations, type TickRecord } from './support/drive';

const profiles = planFleet(3, 3);
/** High DTC and alert rates, and anomalies, so every kind and shape of message shows up. */
const options = { troubleCodesPerDrivingHour: 4, alertsPerHour: 6, anomalyChancePerTrip: 0.3 };
const runs = profiles.map((profile) => ({
  profile,
  records: drive(createVehicle(profile, options), hours(4)),
}));

describe('device messages', () => {
  it('pass the backend validation, as the IoT rule delivers them', () => {
    const kinds = new Set<DeviceMessageKind>();
    const failures: string[] = [];
    for (const { profile, records } of runs) {
      for (const { nowMs, messages } of records) {
        for (const message of messages) {
          kinds.add(message.kind);
          const parsed = parseDeviceMessage(message.kind, {
            ...message.payload,
            deviceid: profile.identity.thingName,
            receivedat: nowMs + 150,
          });
          if (!parsed.success) failures.push(parsed.reason);
          else if (parsed.message.vin !== profile.identity.vin) failures.push('VIN changed');
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect([...kinds].sort()).toEqual(['cardata', 'dtc', 'event', 'trip']);
  });

  const sent = runs.flatMap(({ profile, records }) =>
    records.flatMap(({ nowMs, messages }) =>
      messages.map((message) => ({ thingName: profile.identity.thingName, nowMs, message })),
    ),
  );

  it("go on the vehicle's own topics, well under the size limit", () => {
    expect(
      violations(sent, ({ thingName, message }) => {
        if (message.topic !== deviceTopic(thingName, message.kind)) return message.topic;
        const bytes = Buffer.byteLength(JSON.stringify(message.payload));
        return bytes < MAX_PAYLOAD_BYTES / 50 ? undefined : `${message.kind} of ${bytes} bytes`;
      }),
    ).toEqual([]);
  });

  it('carry unique message ids and the simulation time', () => {
    const ids = new Set(sent.map(({ message }) => message.payload.MessageId));
    expect(ids.size).toBe(sent.length);
    expect(
      violations(sent, ({ nowMs, message: { payload } }) => {
        const created = Date.parse(payload.CreationTimeStamp ?? '');
        if (payload.SendTimeStamp !== new Date(nowMs).toISOString()) return payload.SendTimeStamp;
        // Created during the tick that sends it.
        return created <= nowMs && created > nowMs - 2_001 ? undefined : payload.CreationTimeStamp;
      }),
    ).toEqual([]);
  });
});

describe('software version', () => {
  it('is in every cardata from the first, as the identity has it', () => {
    for (const { profile, records } of runs) {
      const versions = new Set(cardataOf(records).map((payload) => payload.SoftwareVersion));
      expect(versions).toEqual(new Set([profile.identity.softwareVersion]));
    }
  });

  it('changes with an installed update, and the backend reads it', () => {
    const profile = profiles[0]!;
    const vehicle = createVehicle(profile, { startDriving: true });
    const before = drive(vehicle, 3);
    vehicle.installSoftware('2.4.0');
    expect(vehicle.softwareVersion).toBe('2.4.0');
    const after = drive(vehicle, 3, 2, before.at(-1)!.nowMs + 2_000);
    expect(cardataOf(before).map((p) => p.SoftwareVersion)).not.toContain('2.4.0');
    expect(cardataOf(after).map((p) => p.SoftwareVersion)).toEqual(['2.4.0', '2.4.0', '2.4.0']);
    const [message] = after[0]!.messages.filter((m) => m.kind === 'cardata');
    const parsed = parseDeviceMessage('cardata', {
      ...message!.payload,
      deviceid: profile.identity.thingName,
      receivedat: after[0]!.nowMs,
    });
    expect(parsed.success && parsed.message).toMatchObject({ softwareversion: '2.4.0' });
  });
});

describe('determinism', () => {
  const run = (seed: number, ticks = 3_000): TickRecord[] =>
    drive(createVehicle(planFleet(seed, 2)[1]!, options), ticks);

  it('replays the same vehicle, route and messages for the same seed and ticks', () => {
    const first = run(21);
    const second = run(21);
    expect(second.map((r) => r.snapshot)).toEqual(first.map((r) => r.snapshot));
    expect(second.map((r) => r.messages)).toEqual(first.map((r) => r.messages));
  });

  it('gives another fleet for another seed', () => {
    const [a, b] = [run(21, 500), run(22, 500)];
    expect(b.map((r) => r.snapshot.position)).not.toEqual(a.map((r) => r.snapshot.position));
    expect(planFleet(22, 2)[1]!.identity.vin).not.toBe(planFleet(21, 2)[1]!.identity.vin);
  });

  it("does not depend on the other vehicles' ticks", () => {
    const [alone] = planFleet(21, 2).slice(1);
    const a = createVehicle(alone!, options);
    const b = createVehicle(planFleet(21, 2)[1]!, options);
    const neighbour = createVehicle(planFleet(21, 2)[0]!, options);
    const records = drive(a, 200);
    let nowMs = records[0]!.nowMs;
    const replayed = [b.tick(nowMs, 0)];
    for (let i = 1; i < 200; i++) {
      nowMs += 2_000;
      neighbour.tick(nowMs, 2);
      replayed.push(b.tick(nowMs, 2));
    }
    expect(replayed).toEqual(records.map((r) => r.messages));
  });

  it('uses new message and trip ids when a fleet restarts at another time', () => {
    const profile = planFleet(21, 1)[0]!;
    const today = drive(createVehicle(profile, { startDriving: true }), 3);
    const tomorrow = drive(
      createVehicle(profile, { startDriving: true }),
      3,
      2,
      today[0]!.nowMs + 86_400_000,
    );
    const [a, b] = [today[0]!.messages[0]!.payload, tomorrow[0]!.messages[0]!.payload];
    expect(b.VIN).toBe(a.VIN);
    expect(b.MessageId).not.toBe(a.MessageId);
    expect(today[0]!.snapshot.tripId).not.toBe(tomorrow[0]!.snapshot.tripId);
  });
});
