import type { CardataPayload, TripPayload } from '@fleet/device-contract';
import { createVehicle } from '../../src/simulated-vehicle';
import { planFleet } from '../../src/vehicle-profile';
import { drive, hours, messagesOf } from './support/drive';

/** Two vehicles parked at start, so every trip has a report from before it. */
const messages = planFleet(11, 2).map((profile) =>
  messagesOf(drive(createVehicle(profile, { startDriving: false }), hours(12))),
);

interface TripView {
  readonly summary: TripPayload;
  readonly position: number;
  /** Cardata carrying the trip's id, in order. */
  readonly reports: readonly CardataPayload[];
  readonly lastReportPosition: number;
  /** The last cardata before the trip started. */
  readonly before: CardataPayload | undefined;
}

function trips(stream: (typeof messages)[number]): TripView[] {
  return stream.flatMap((message, position) => {
    if (message.kind !== 'trip') return [];
    const summary = message.payload;
    const withId = stream
      .map((m, index) => ({ m, index }))
      .filter(({ m }) => m.kind === 'cardata' && m.payload.TripId === summary.TripId);
    const first = withId[0]?.index ?? position;
    const before = stream
      .slice(0, first)
      .reverse()
      .find((m) => m.kind === 'cardata');
    return [
      {
        summary,
        position,
        reports: withId.map(({ m }) => m.payload as CardataPayload),
        lastReportPosition: withId.at(-1)?.index ?? -1,
        before: before?.kind === 'cardata' ? before.payload : undefined,
      },
    ];
  });
}

describe('trip lifecycle', () => {
  const all = messages.flatMap(trips);

  it('ends each trip with a summary after the cardata that carried its TripId', () => {
    expect(all.length).toBeGreaterThan(8);
    for (const trip of all) {
      expect(trip.reports.length).toBeGreaterThan(10);
      expect(trip.lastReportPosition).toBeLessThan(trip.position);
      const last = trip.reports.at(-1)!;
      expect(last.IgnitionStatus).toBe('off');
      expect(last.GeoLocation.Speed).toBe(0);
      expect(trip.reports.slice(0, -1).every((r) => r.IgnitionStatus === 'run')).toBe(true);
    }
    const ids = all.map((trip) => trip.summary.TripId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('summarises distance as the odometer moved, and fuel as the trip consumed', () => {
    for (const { summary, reports, before } of all) {
      const { TripSummary: s } = summary;
      const start = before?.Odometer?.Metres ?? 0;
      const end = reports.at(-1)?.Odometer?.Metres ?? 0;
      expect(Math.abs((s.Distance ?? 0) * 1000 - (end - start))).toBeLessThanOrEqual(2);
      expect(s.Distance).toBeGreaterThan(1);
      expect(s.Fuel).toBeCloseTo(reports.at(-1)?.FuelInfo?.CurrentTripConsumption ?? -1, 2);
      // Consumption in a plausible range for a car: 3–25 L/100 km.
      const per100 = ((s.Fuel ?? 0) / (s.Distance ?? 1)) * 100;
      expect(per100).toBeGreaterThan(3);
      expect(per100).toBeLessThan(25);
    }
  });

  it('times the trip from ignition on to off, with a speed profile covering it', () => {
    for (const { summary, reports, before } of all) {
      const { TripSummary: s } = summary;
      const started = Date.parse(s.StartTime!);
      const ended = Date.parse(summary.CreationTimeStamp!);
      expect(s.Duration).toBe(Math.round((ended - started) / 1000));
      expect(started).toBeGreaterThan(Date.parse(before!.CreationTimeStamp!));
      expect(started).toBeLessThanOrEqual(Date.parse(reports[0]!.CreationTimeStamp!));
      const profile = Object.values(s.SpeedProfile ?? {});
      const seconds = profile.reduce((sum, value) => sum + value, 0);
      expect(Math.abs(seconds - (s.Duration ?? 0))).toBeLessThanOrEqual(profile.length);
      // Average speed of a car trip in town and on highways.
      const kmh = (s.Distance ?? 0) / ((s.Duration ?? 1) / 3600);
      expect(kmh).toBeGreaterThan(10);
      expect(kmh).toBeLessThan(120);
    }
  });

  it('starts where the vehicle was parked and ends where it stopped', () => {
    for (const { summary, reports, before } of all) {
      const { StartLocation, EndLocation } = summary.TripSummary;
      expect(StartLocation?.Latitude).toBeCloseTo(before!.GeoLocation.Latitude, 6);
      expect(StartLocation?.Longitude).toBeCloseTo(before!.GeoLocation.Longitude, 6);
      expect(EndLocation?.Latitude).toBe(reports.at(-1)!.GeoLocation.Latitude);
      expect(EndLocation?.Longitude).toBe(reports.at(-1)!.GeoLocation.Longitude);
    }
  });

  it('reports while parked every 10th tick, with the ignition off and no trip', () => {
    const vehicle = createVehicle(planFleet(11, 1)[0]!, { startDriving: false });
    const records = drive(vehicle, 25);
    const reporting = records.map((r) => r.messages.filter((m) => m.kind === 'cardata').length);
    // Reports on the first tick, then every 10th (as long as the vehicle stays parked).
    const parkedTicks = records.filter((r) => r.snapshot.state === 'parked').length;
    expect(parkedTicks).toBeGreaterThanOrEqual(21);
    expect(reporting.slice(0, 21)).toEqual([
      1,
      ...Array<number>(9).fill(0),
      1,
      ...Array<number>(9).fill(0),
      1,
    ]);
    const first = records[0]!.messages[0]!;
    expect(first.kind === 'cardata' && first.payload.IgnitionStatus).toBe('off');
    expect(first.kind === 'cardata' && first.payload.TripId).toBeUndefined();
    expect(first.kind === 'cardata' && first.payload.Speed).toEqual({ Max: 0, Average: 0 });
  });

  it('reports every tick while driving, with the ignition on and the trip id', () => {
    const vehicle = createVehicle(planFleet(11, 1)[0]!, { startDriving: true });
    const records = drive(vehicle, 20);
    for (const record of records) {
      const cardata = record.messages.filter((m) => m.kind === 'cardata');
      expect(cardata).toHaveLength(1);
      const payload = cardata[0]!.payload;
      expect(payload.IgnitionStatus).toBe('run');
      expect(payload.TripId).toBe(record.snapshot.tripId);
    }
  });
});

describe('configured trip and parking lengths', () => {
  it('drives trips of the configured distance and parks for the configured time', () => {
    const [profile] = planFleet(5, 1);
    const vehicle = createVehicle(profile!, {
      startDriving: true,
      tripDistanceMetres: [15, 30],
      parkedMinutes: [0.05, 0.1],
    });
    const stream = messagesOf(drive(vehicle, hours(0.05)));
    const summaries = stream.filter((m) => m.kind === 'trip').map((m) => m.payload);
    // 3 minutes of 15–30 m trips with 3–6 s stops between them: many short trips.
    expect(summaries.length).toBeGreaterThan(5);
    for (const summary of summaries) {
      expect(summary.TripSummary.Distance).toBeGreaterThan(0.01);
      expect(summary.TripSummary.Distance).toBeLessThan(0.05);
    }
  });
});
