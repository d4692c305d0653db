import type { CardataPayload } from '@fleet/device-contract';
import { createVehicle } from '../../src/simulated-vehicle';
import type { AnomalyKind, VehicleSimulationOptions } from '../../src/simulation-options';
import { planFleet } from '../../src/vehicle-profile';
import { cardataOf, drive, hours } from './support/drive';

/** Cardata of each of two vehicles that play `kind` on every trip (normal driving is checked elsewhere). */
function reportsPerVehicle(
  kind: AnomalyKind,
  extra: VehicleSimulationOptions = {},
  duration = hours(4),
): CardataPayload[][] {
  return planFleet(8, 2).map((profile) =>
    cardataOf(
      drive(
        createVehicle(profile, { anomalyChancePerTrip: 1, anomalyKinds: [kind], ...extra }),
        duration,
      ),
    ),
  );
}
const reportsWith = (kind: AnomalyKind) => reportsPerVehicle(kind).flat();

const longitudinal = (c: CardataPayload) => c.Acceleration?.MaxLongitudinal?.Value ?? 0;

describe('deliberate anomalies', () => {
  it('overspeed: over 130 km/h on a highway', () => {
    const reports = reportsWith('overspeed');
    expect(Math.max(...reports.map((c) => c.Speed?.Max ?? 0))).toBeGreaterThan(130);
    expect(Math.max(...reports.map((c) => c.GeoLocation.Speed ?? 0))).toBeGreaterThan(130);
  });

  it('harsh braking: decelerating harder than 4 m/s²', () => {
    expect(Math.min(...reportsWith('harshBraking').map(longitudinal))).toBeLessThan(-4);
  });

  it('harsh acceleration: accelerating harder than 4 m/s²', () => {
    expect(Math.max(...reportsWith('harshAcceleration').map(longitudinal))).toBeGreaterThan(4);
  });

  it('high oil temperature: over 120 °C', () => {
    expect(Math.max(...reportsWith('highOilTemp').map((c) => c.OilTemp ?? 0))).toBeGreaterThan(120);
  });

  it('low fuel: under 10 % before the driver finally refuels', () => {
    // A normal driver refuels at 12–20 %: this one is due from the start, and ignores it.
    for (const reports of reportsPerVehicle('lowFuel', { initialFuelPercent: 12 }, hours(8))) {
      const fuel = reports.map((c) => c.Fuel ?? 100);
      const lowest = fuel.indexOf(Math.min(...fuel));
      expect(fuel[lowest]).toBeLessThan(10);
      expect(Math.max(...fuel.slice(lowest))).toBe(100);
    }
  });
});
