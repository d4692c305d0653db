/**
 * Deliberate misbehaviour, so anomaly detection has something to find: each trips one of the
 * backend's thresholds (speed > 130 km/h, fuel < 10 %, oil > 120 °C, |acceleration| > 4 m/s²).
 */
export const ANOMALY_KINDS = [
  'overspeed',
  'harshBraking',
  'harshAcceleration',
  'highOilTemp',
  'lowFuel',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** How simulated vehicles behave; every field is optional and has a realistic default. */
export interface VehicleSimulationOptions {
  /** `SimulationId` in cardata; defaults to `sim-{seed}`. */
  readonly simulationId?: string;
  /** Chance that a trip includes one deliberate anomaly. Default 0.03. */
  readonly anomalyChancePerTrip?: number;
  /** Which anomalies may be played; default all of them. */
  readonly anomalyKinds?: readonly AnomalyKind[];
  /** Trouble codes set per hour of driving. Default 0.05. */
  readonly troubleCodesPerDrivingHour?: number;
  /** Driving time before a trouble code clears, minutes. Default [20, 180]. */
  readonly troubleCodeClearsAfterMinutes?: readonly [min: number, max: number];
  /** Alerts (door, tyre pressure, battery, …) per hour while driving; a quarter of it parked. */
  readonly alertsPerHour?: number;
  /** While parked, cardata goes out every this many ticks. Default 10. */
  readonly parkedReportEveryTicks?: number;
  /** Fuel level at start, %; default random between 20 and 95. */
  readonly initialFuelPercent?: number;
  /** Start in a trip (true), parked (false), or either at random (default). */
  readonly startDriving?: boolean;
  /** Trip length, metres, [min, max]; default long-tailed around 8 km. Short trips suit tests. */
  readonly tripDistanceMetres?: readonly [min: number, max: number];
  /** Time parked between trips, minutes, [min, max]; default long-tailed around 25 minutes. */
  readonly parkedMinutes?: readonly [min: number, max: number];
  /** Longest physics step, seconds; longer ticks are split. Default 0.5. */
  readonly maxStepSeconds?: number;
}

export type ResolvedSimulationOptions = Required<
  Omit<
    VehicleSimulationOptions,
    'simulationId' | 'initialFuelPercent' | 'startDriving' | 'tripDistanceMetres' | 'parkedMinutes'
  >
> &
  Pick<
    VehicleSimulationOptions,
    'simulationId' | 'initialFuelPercent' | 'startDriving' | 'tripDistanceMetres' | 'parkedMinutes'
  >;

export function resolveSimulationOptions(
  options: VehicleSimulationOptions = {},
): ResolvedSimulationOptions {
  return {
    ...options,
    anomalyChancePerTrip: options.anomalyChancePerTrip ?? 0.03,
    anomalyKinds: options.anomalyKinds ?? ANOMALY_KINDS,
    troubleCodesPerDrivingHour: options.troubleCodesPerDrivingHour ?? 0.05,
    troubleCodeClearsAfterMinutes: options.troubleCodeClearsAfterMinutes ?? [20, 180],
    alertsPerHour: options.alertsPerHour ?? 0.2,
    parkedReportEveryTicks: options.parkedReportEveryTicks ?? 10,
    maxStepSeconds: options.maxStepSeconds ?? 0.5,
  };
}
