import { planFleet } from '../../src/vehicle-profile';
import { VEHICLE_CATALOGUE } from '../../src/vehicle-catalogue';
import { buildVin, isValidVin, modelYearCode, vinCheckDigit } from '../../src/vin';

describe('VIN check digit', () => {
  it.each([
    ['1HGCM82633A004352', '3'],
    ['1M8GDM9AXKP042788', 'X'],
    ['11111111111111111', '1'],
  ])('%s has check digit %s', (vin, digit) => {
    expect(vinCheckDigit(vin)).toBe(digit);
    expect(isValidVin(vin)).toBe(true);
  });

  it('rejects a VIN whose check digit or characters are wrong', () => {
    expect(isValidVin('1HGCM82643A004352')).toBe(false);
    expect(isValidVin('1HGCM82633A00435')).toBe(false);
    expect(isValidVin('1HGCM82633A0O4352')).toBe(false);
    expect(() => vinCheckDigit('1HGCM8263IA004352')).toThrow('"I" cannot appear in a VIN');
  });

  it('maps model years to their codes, skipping I, O, Q, U and Z', () => {
    expect(modelYearCode(2012)).toBe('C');
    expect(modelYearCode(2018)).toBe('J');
    expect(modelYearCode(2023)).toBe('P');
    expect(modelYearCode(2026)).toBe('T');
    expect(modelYearCode(2031)).toBe('1');
  });

  it('assembles a VIN with its check digit in position 9', () => {
    const vin = buildVin({ wmi: '1HG', descriptor: 'CM826', year: 2003, plant: 'A', serial: 4352 });
    expect(vin).toBe('1HGCM82633A004352');
  });
});

describe('generated VINs', () => {
  const profiles = planFleet(42, 1_000);

  it('are 17 valid characters with a correct check digit, and unique in the fleet', () => {
    const vins = profiles.map((profile) => profile.identity.vin);
    for (const vin of vins) {
      expect(vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
      expect(isValidVin(vin)).toBe(true);
    }
    expect(new Set(vins).size).toBe(vins.length);
  });

  it("start with one of the make's WMIs and encode the model year", () => {
    for (const { identity } of profiles) {
      const make = VEHICLE_CATALOGUE.find((candidate) => candidate.make === identity.make);
      expect(make?.wmis).toContain(identity.vin.slice(0, 3));
      expect(identity.vin.charAt(9)).toBe(modelYearCode(identity.year));
    }
  });
});
