import { z } from 'zod';

/** Anomaly thresholds; every one has a default so detection runs before anyone configures it. */
export const anomalyThresholds = z.object({
  /** km/h; above it the vehicle is speeding. */
  overSpeedKmh: z.number().positive().default(130),
  /** % of the tank; below it fuel is low. */
  lowFuelPercent: z.number().min(0).max(100).default(10),
  /** °C; above it the oil is too hot. */
  highOilTempCelsius: z.number().default(120),
  /** m/s²; a longitudinal acceleration or braking at least this strong is harsh. */
  harshAccelerationMs2: z.number().positive().default(4),
});
export type AnomalyThresholds = z.output<typeof anomalyThresholds>;

export const DEFAULT_ANOMALY_THRESHOLDS: AnomalyThresholds = anomalyThresholds.parse({});

/** The SSM parameter (under the config path) holding the thresholds as JSON. */
export const ANOMALY_THRESHOLDS_PARAMETER = 'anomalyThresholds';
