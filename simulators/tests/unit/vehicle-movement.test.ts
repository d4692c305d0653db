import { distanceMetres, headingDifference } from '../../src/geo';
import { ROAD_TYPES, type RoadType } from '../../src/road';
import { createVehicle } from '../../src/simulated-vehicle';
import {
  COMFORT_BRAKING_MS2,
  MAX_LATERAL_MS2,
  MAX_YAW_DEG_PER_S,
} from '../../src/vehicle-dynamics';
import { planFleet } from '../../src/vehicle-profile';
import { cardataOf, drive, hours, messagesOf, violations, type TickRecord } from './support/drive';

/** Most of a day of three vehicles with no deliberate anomalies, starting low on fuel. */
const runs = planFleet(5, 3).map((profile) => ({
  profile,
  records: drive(
    createVehicle(profile, { anomalyChancePerTrip: 0, initialFuelPercent: 22 }),
    hours(18),
  ),
}));

interface Pair {
  readonly previous: TickRecord;
  readonly current: TickRecord;
}
const pairs = (records: readonly TickRecord[]): Pair[] =>
  records.slice(1).map((current, i) => ({ previous: records[i]!, current }));

const allPairs = runs.flatMap(({ records }) => pairs(records));
const allReports = runs.flatMap(({ records }) => cardataOf(records));

describe('vehicle movement over a simulated day', () => {
  it('alternates between driving and parking, on every kind of road', () => {
    const roads = new Set<RoadType>();
    for (const { records } of runs) {
      const driving = records.filter((r) => r.snapshot.state === 'driving').length;
      expect(driving / records.length).toBeGreaterThan(0.1);
      expect(driving / records.length).toBeLessThan(0.9);
      for (const r of records) if (r.snapshot.roadType) roads.add(r.snapshot.roadType);
      expect(messagesOf(records).filter((m) => m.kind === 'trip').length).toBeGreaterThan(5);
    }
    expect([...roads].sort()).toEqual(['arterial', 'highway', 'urban']);
  });

  it('keeps speed within what the road allows and never beyond 130 km/h', () => {
    const records = runs.flatMap((run) => run.records);
    expect(
      violations(records, ({ snapshot: { roadType, speedKmh } }) => {
        if (roadType === undefined) return speedKmh === 0 ? undefined : `parked at ${speedKmh}`;
        const max = ROAD_TYPES[roadType].maxKmh;
        return speedKmh <= max ? undefined : `${speedKmh} km/h on ${roadType}`;
      }),
    ).toEqual([]);
    expect(Math.max(...allReports.map((c) => c.Speed?.Max ?? 0))).toBeLessThanOrEqual(130);
  });

  it('changes speed and heading smoothly', () => {
    expect(
      violations(allPairs, ({ previous, current }) => {
        const dt = current.dtSeconds;
        const dv = Math.abs(current.snapshot.speedKmh - previous.snapshot.speedKmh) / 3.6;
        if (dv > COMFORT_BRAKING_MS2 * dt + 1e-9) return `speed changed by ${dv} m/s in ${dt} s`;
        const turn = headingDifference(
          previous.snapshot.headingDegrees,
          current.snapshot.headingDegrees,
        );
        if (Math.abs(turn) > MAX_YAW_DEG_PER_S * dt + 1e-9) return `turned ${turn}° in ${dt} s`;
        return undefined;
      }),
    ).toEqual([]);
    expect(
      violations(allReports, ({ Acceleration }) => {
        const longitudinal = Acceleration?.MaxLongitudinal?.Value ?? 0;
        const lateral = Acceleration?.MaxLateral?.Value ?? 0;
        return Math.abs(longitudinal) <= 4 && Math.abs(lateral) <= MAX_LATERAL_MS2 + 0.01
          ? undefined
          : `acceleration ${longitudinal} / ${lateral} m/s²`;
      }),
    ).toEqual([]);
  });

  it('moves as far as the odometer says, and the odometer only goes up', () => {
    expect(
      violations(allPairs, ({ previous, current }) => {
        const odometer = current.snapshot.odometerMetres - previous.snapshot.odometerMetres;
        const moved = distanceMetres(previous.snapshot.position, current.snapshot.position);
        if (odometer < 0) return `odometer went back by ${-odometer} m`;
        // Along a curve the straight line is a little shorter than the path driven.
        if (moved > odometer + 0.01) return `moved ${moved} m, odometer ${odometer} m`;
        if (odometer > 10 && moved < odometer * 0.9) return `moved ${moved} m of ${odometer} m`;
        return undefined;
      }),
    ).toEqual([]);
    expect(
      violations(allReports, ({ Odometer }) => {
        const { Metres = 0, TicksFL = 0, TicksFR = 0, TicksRL = 0, TicksRR = 0 } = Odometer ?? {};
        const ticks = [TicksFL, TicksFR, TicksRL, TicksRR];
        return ticks.every((t) => Math.abs(t - Metres / 2) < Metres * 0.0005 + 1)
          ? undefined
          : `wheel ticks ${ticks.join(',')} for ${Metres} m`;
      }),
    ).toEqual([]);
  });

  it('reports an average speed consistent with the distance between reports', () => {
    const consecutive = runs.flatMap(({ records }) => {
      const reports = cardataOf(records);
      return reports
        .slice(1)
        .map((current, i) => ({ previous: reports[i]!, current }))
        .filter(
          ({ previous, current }) =>
            current.IgnitionStatus === 'run' && current.TripId === previous.TripId,
        );
    });
    expect(consecutive.length).toBeGreaterThan(1_000);
    expect(
      violations(consecutive, ({ previous, current }) => {
        const seconds =
          (Date.parse(current.CreationTimeStamp!) - Date.parse(previous.CreationTimeStamp!)) / 1000;
        const expected = ((current.Speed?.Average ?? 0) / 3.6) * seconds;
        const moved = distanceMetres(
          { latitude: previous.GeoLocation.Latitude, longitude: previous.GeoLocation.Longitude },
          { latitude: current.GeoLocation.Latitude, longitude: current.GeoLocation.Longitude },
        );
        if (Math.abs(moved - expected) > expected * 0.05 + 0.5) {
          return `moved ${moved} m at an average of ${current.Speed?.Average} km/h`;
        }
        const max = (current.Speed?.Max ?? 0) + 0.1;
        if ((current.GeoLocation.Speed ?? 0) > max || (current.Speed?.Average ?? 0) > max) {
          return `speed ${current.GeoLocation.Speed} / average ${current.Speed?.Average} over max ${max}`;
        }
        return undefined;
      }),
    ).toEqual([]);
  });

  it('stays around its home city', () => {
    for (const { profile, records } of runs) {
      const farthest = Math.max(...records.map((r) => r.snapshot.distanceFromHomeMetres));
      expect(farthest).toBeLessThan(profile.home.roamRadiusMetres * 1.3);
      expect(farthest).toBeGreaterThan(1_000);
    }
  });

  it('burns fuel while driving, refuels when low, and never runs below 10 %', () => {
    for (const { records } of runs) {
      const refuels = pairs(records).filter(
        ({ previous, current }) => current.snapshot.fuelPercent > previous.snapshot.fuelPercent,
      );
      expect(refuels.length).toBeGreaterThanOrEqual(1);
      expect(
        violations(refuels, ({ current }) =>
          current.snapshot.state === 'parked' && Math.abs(current.snapshot.fuelPercent - 100) < 1e-6
            ? undefined
            : `refuelled to ${current.snapshot.fuelPercent} % while ${current.snapshot.state}`,
        ),
      ).toEqual([]);
      expect(
        violations(pairs(records), ({ previous, current }) => {
          const change = current.snapshot.fuelPercent - previous.snapshot.fuelPercent;
          if (current.snapshot.fuelPercent < 10) return `fuel ${current.snapshot.fuelPercent} %`;
          if (current.snapshot.state !== 'driving') return undefined;
          if (change > 0 || (current.snapshot.speedKmh > 5 && change === 0)) {
            return `fuel changed by ${change} while driving`;
          }
          return undefined;
        }),
      ).toEqual([]);
    }
  });

  it('warms the oil while driving and lets it cool when parked', () => {
    for (const { records } of runs) {
      const oil = records.map((r) => r.snapshot.oilTempCelsius);
      expect(Math.max(...oil)).toBeGreaterThan(85);
      expect(Math.max(...oil)).toBeLessThanOrEqual(120);
      expect(
        violations(pairs(records), ({ previous, current }) =>
          previous.snapshot.state === 'parked' &&
          current.snapshot.state === 'parked' &&
          current.snapshot.oilTempCelsius > previous.snapshot.oilTempCelsius + 1e-9
            ? `oil warmed from ${previous.snapshot.oilTempCelsius} while parked`
            : undefined,
        ),
      ).toEqual([]);
    }
  });
});
