import { pickHomeLocation, type HomeLocation } from './home-location';
import { createRandom, deriveSeed } from './random';
import { createVehicleIdentity, type VehicleIdentity } from './vehicle-identity';

/** Everything fixed about a simulated vehicle: who it is and where it lives. */
export interface VehicleProfile {
  /** The fleet's seed, from which everything random about this vehicle derives. */
  readonly seed: number;
  readonly identity: VehicleIdentity;
  readonly home: HomeLocation;
}

export function createVehicleProfile(seed: number, index: number): VehicleProfile {
  return {
    seed,
    identity: createVehicleIdentity(seed, index),
    home: pickHomeLocation(createRandom(deriveSeed(seed, index, 'home'))),
  };
}

/** The profiles of a fleet of `vehicles` vehicles: the same seed always gives the same fleet. */
export function planFleet(seed: number, vehicles: number): VehicleProfile[] {
  return Array.from({ length: vehicles }, (_, index) => createVehicleProfile(seed, index));
}
