import { THING_NAME } from '@fleet/device-contract';
import { createRandom, deriveSeed, type Random } from './random';
import {
  COLOUR_SHARE,
  FIRST_MODEL_YEAR,
  LAST_MODEL_YEAR,
  SOFTWARE_VERSIONS,
  VEHICLE_CATALOGUE,
  VEHICLE_COLOURS,
  type ModelSpec,
} from './vehicle-catalogue';
import { VIN_ALPHABET, buildVin } from './vin';

/** What the IoT registry knows about a simulated vehicle's telematics unit. */
export interface VehicleIdentity {
  /** IoT thing name: the MQTT client id and the `{deviceId}` in its topics. */
  readonly thingName: string;
  /** Position in the fleet, from 0. */
  readonly index: number;
  readonly vin: string;
  readonly make: string;
  readonly model: string;
  readonly year: number;
  readonly colour: string;
  /** Telematics firmware version. */
  readonly softwareVersion: string;
  /** The model's characteristics the dynamics use. */
  readonly spec: ModelSpec;
}

/** `sim-{seed}-{index}`, index zero-padded so thing names sort in fleet order. */
export function simulatedThingName(seed: number, index: number): string {
  const name = `sim-${seed}-${String(index).padStart(5, '0')}`;
  if (!THING_NAME.test(name)) throw new Error(`"${name}" is not a valid thing name`);
  return name;
}

/**
 * A multiplier coprime with 10^6, so `index * SERIAL_STRIDE mod 10^6` visits every serial once:
 * VINs within a fleet of up to a million vehicles never collide, whatever else they share.
 */
const SERIAL_STRIDE = 7_919;
const SERIAL_SPACE = 1_000_000;

/** Builds vehicle `index` of the fleet seeded with `seed`; the same inputs give the same vehicle. */
export function createVehicleIdentity(
  seed: number,
  index: number,
  random?: Random,
): VehicleIdentity {
  const rng = random ?? createRandom(deriveSeed(seed, index, 'identity'));
  const make = rng.weighted(VEHICLE_CATALOGUE, (candidate) => candidate.share);
  const spec = rng.pick(make.models);
  const year = rng.int(Math.max(FIRST_MODEL_YEAR, spec.since), LAST_MODEL_YEAR);
  const serialOffset = deriveSeed(seed, 'serial') % SERIAL_SPACE;
  const vin = buildVin({
    wmi: rng.pick(make.wmis),
    descriptor: `${spec.descriptor}${rng.pick([...VIN_ALPHABET])}${rng.pick([...VIN_ALPHABET])}`,
    year,
    plant: rng.pick([...make.plants]),
    serial: (serialOffset + index * SERIAL_STRIDE) % SERIAL_SPACE,
  });
  return {
    thingName: simulatedThingName(seed, index),
    index,
    vin,
    make: make.make,
    model: spec.model,
    year,
    colour: rng.weighted(VEHICLE_COLOURS, (colour) => COLOUR_SHARE[colour]),
    // Older vehicles tend to run older firmware.
    softwareVersion:
      SOFTWARE_VERSIONS[
        Math.min(
          SOFTWARE_VERSIONS.length - 1,
          rng.int(0, 2) + Math.floor(((year - FIRST_MODEL_YEAR) / 15) * SOFTWARE_VERSIONS.length),
        )
      ] ?? '1.0.0',
    spec,
  };
}
