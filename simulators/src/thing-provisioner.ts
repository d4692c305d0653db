import type { VehicleIdentity } from './vehicle-identity';

/** IoT attribute values: AWS allows only these characters (no spaces). */
export const THING_ATTRIBUTE_VALUE = /^[a-zA-Z0-9_.,@/:#=[\]-]{0,800}$/;

/** The registry attributes of a vehicle's thing: strings, as IoT attributes always are. */
export interface ThingAttributes {
  readonly vin: string;
  readonly make: string;
  readonly model: string;
  readonly year: string;
  readonly colour: string;
  readonly softwareVersion: string;
}

export interface ThingRegistration {
  readonly thingName: string;
  readonly attributes: ThingAttributes;
}

/** Registers things before their devices connect: a broker only admits registered names. */
export interface ThingProvisioner {
  provision(things: readonly ThingRegistration[]): Promise<void>;
  /**
   * An OTA update succeeded: the thing's `softwareVersion` attribute becomes `version`, so the
   * registry (and whatever follows its events) agrees with what the device runs.
   */
  reportSoftwareVersion(thingName: string, version: string): Promise<void>;
  /** Releases what reports keep open (a client, a connection); called when the fleet stops. */
  close?(): Promise<void>;
}

export function thingRegistration(identity: VehicleIdentity): ThingRegistration {
  const attributes: ThingAttributes = {
    vin: identity.vin,
    make: identity.make,
    model: identity.model,
    year: String(identity.year),
    colour: identity.colour,
    softwareVersion: identity.softwareVersion,
  };
  for (const [name, value] of Object.entries(attributes) as [string, string][]) {
    if (!THING_ATTRIBUTE_VALUE.test(value)) {
      throw new Error(
        `${identity.thingName}: attribute ${name} "${value}" is not a valid IoT value`,
      );
    }
  }
  return { thingName: identity.thingName, attributes };
}
