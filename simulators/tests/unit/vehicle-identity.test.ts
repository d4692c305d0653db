import { THING_NAME } from '@fleet/device-contract';
import { THING_ATTRIBUTE_VALUE, thingRegistration } from '../../src/thing-provisioner';
import {
  FIRST_MODEL_YEAR,
  LAST_MODEL_YEAR,
  VEHICLE_CATALOGUE,
  VEHICLE_COLOURS,
} from '../../src/vehicle-catalogue';
import { createVehicleIdentity, simulatedThingName } from '../../src/vehicle-identity';
import { planFleet } from '../../src/vehicle-profile';

describe('vehicle identity', () => {
  const fleet = planFleet(1, 500).map((profile) => profile.identity);

  it('names things sim-{seed}-{index}, valid as IoT thing names and MQTT client ids', () => {
    expect(simulatedThingName(1, 42)).toBe('sim-1-00042');
    expect(fleet[7]?.thingName).toBe('sim-1-00007');
    for (const identity of fleet) expect(identity.thingName).toMatch(THING_NAME);
    expect(new Set(fleet.map((identity) => identity.thingName)).size).toBe(fleet.length);
  });

  it('draws make, model, year, colour and firmware from the catalogues', () => {
    for (const identity of fleet) {
      const make = VEHICLE_CATALOGUE.find((candidate) => candidate.make === identity.make);
      const model = make?.models.find((candidate) => candidate.model === identity.model);
      expect(model).toBe(identity.spec);
      expect(Number.isInteger(identity.year)).toBe(true);
      expect(identity.year).toBeGreaterThanOrEqual(Math.max(FIRST_MODEL_YEAR, model?.since ?? 0));
      expect(identity.year).toBeLessThanOrEqual(LAST_MODEL_YEAR);
      expect(VEHICLE_COLOURS).toContain(identity.colour);
      expect(identity.softwareVersion).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('spreads over many makes and models', () => {
    expect(new Set(fleet.map((identity) => identity.make)).size).toBeGreaterThanOrEqual(12);
    expect(new Set(fleet.map((identity) => identity.model)).size).toBeGreaterThanOrEqual(30);
  });

  it('is the same for the same seed and index, and differs across seeds', () => {
    expect(createVehicleIdentity(9, 3)).toEqual(createVehicleIdentity(9, 3));
    const other = planFleet(2, 500).map((profile) => profile.identity);
    expect(other.map((identity) => identity.vin)).not.toEqual(
      fleet.map((identity) => identity.vin),
    );
  });

  it('registers six string attributes that the IoT registry accepts', () => {
    const registration = thingRegistration(fleet[0]!);
    expect(Object.keys(registration.attributes).sort()).toEqual(
      ['colour', 'make', 'model', 'softwareVersion', 'vin', 'year'].sort(),
    );
    expect(registration.attributes.year).toBe(String(fleet[0]!.year));
    for (const make of VEHICLE_CATALOGUE) {
      expect(make.make).toMatch(THING_ATTRIBUTE_VALUE);
      for (const model of make.models) expect(model.model).toMatch(THING_ATTRIBUTE_VALUE);
    }
    for (const identity of fleet) {
      for (const value of Object.values(thingRegistration(identity).attributes)) {
        expect(typeof value).toBe('string');
      }
    }
  });

  it('refuses an attribute value the registry would reject', () => {
    const identity = { ...fleet[0]!, model: '3 Series' };
    expect(() => thingRegistration(identity)).toThrow('attribute model "3 Series"');
  });
});
