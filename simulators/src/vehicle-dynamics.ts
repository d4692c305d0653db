import type { ModelSpec } from './vehicle-catalogue';

/**
 * Simple longitudinal physics: enough for consumption, throttle and temperatures to move together
 * plausibly with speed and acceleration, not an engine model.
 */

const GRAVITY = 9.81;
const ROLLING_RESISTANCE = 0.012;
const AIR_DENSITY = 1.2;
/** Drag coefficient × frontal area, m². */
const DRAG_AREA = 0.7;
/** Petrol's energy per litre (J) times a typical engine's efficiency. */
const USEFUL_JOULES_PER_LITRE = 34e6 * 0.25;
const IDLE_LITRES_PER_HOUR = 0.8;

/** Normal driving never exceeds these; harsh-driving anomalies do (|a| > 4 m/s²). */
export const COMFORT_BRAKING_MS2 = 3.0;
/** The deceleration a driver plans a stop with, leaving headroom under the comfort limit. */
export const PLANNED_BRAKING_MS2 = 1.8;
export const MAX_LATERAL_MS2 = 3.0;
/** Fastest a car's heading changes, even when slow: steering lock and driver. */
export const MAX_YAW_DEG_PER_S = 25;
/** Tightest turn radius, metres: at walking pace the heading changes slowly too. */
export const MIN_TURN_RADIUS_M = 5;

/** The strongest acceleration the driver uses at this speed: brisk from rest, gentle at speed. */
export function accelerationCapacity(speedMs: number, spec: ModelSpec): number {
  const powerToWeight = spec.powerKw / spec.massKg; // kW/kg, ~0.05–0.13
  const atRest = Math.min(3.0, 1.6 + powerToWeight * 12);
  return Math.max(0.4, atRest * (1 - speedMs / 60));
}

/** Power the wheels need, kW (negative when the car is slowing faster than drag alone would). */
export function tractivePowerKw(speedMs: number, accelerationMs2: number, spec: ModelSpec): number {
  const force =
    spec.massKg * (accelerationMs2 + GRAVITY * ROLLING_RESISTANCE) +
    0.5 * AIR_DENSITY * DRAG_AREA * speedMs * speedMs;
  return (force * speedMs) / 1000;
}

/** Accelerator pedal position, %: zero when coasting or braking. */
export function throttlePercent(speedMs: number, accelerationMs2: number, spec: ModelSpec): number {
  if (speedMs < 0.3 && accelerationMs2 <= 0) return 0;
  const power = tractivePowerKw(speedMs, accelerationMs2, spec);
  if (power <= 0) return 0;
  return Math.min(100, 8 + 92 * Math.min(1, power / spec.powerKw) ** 0.7);
}

/**
 * Fuel burnt over `seconds`, litres: idle flow plus the work done at the wheels, scaled so that
 * steady driving lands near the model's rated consumption.
 */
export function fuelUsedLitres(
  speedMs: number,
  accelerationMs2: number,
  seconds: number,
  spec: ModelSpec,
): number {
  const idle = (IDLE_LITRES_PER_HOUR / 3600) * seconds;
  const power = Math.max(0, tractivePowerKw(speedMs, accelerationMs2, spec));
  const work = (power * 1000 * seconds) / USEFUL_JOULES_PER_LITRE;
  // Rated consumption includes losses this model leaves out (gearbox, accessories, cold starts).
  const ratedScale = spec.consumptionL100km / 6.5;
  return idle + work * ratedScale;
}

/** Oil settles at ~90–105 °C under load; an overheating anomaly aims higher. */
export function oilTargetCelsius(throttle: number): number {
  return 92 + throttle * 0.12;
}

/** Newton's law of heating/cooling: moves `value` toward `target` with time constant `tau`. */
export function approach(value: number, target: number, seconds: number, tau: number): number {
  return target + (value - target) * Math.exp(-seconds / tau);
}
