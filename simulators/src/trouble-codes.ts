/** OBD-II diagnostic trouble codes a simulated vehicle may raise, with how common each is. */
export interface TroubleCode {
  readonly code: string;
  readonly description: string;
  readonly weight: number;
}

export const TROUBLE_CODES: readonly TroubleCode[] = [
  { code: 'P0300', description: 'Random/multiple cylinder misfire detected', weight: 4 },
  { code: 'P0301', description: 'Cylinder 1 misfire detected', weight: 5 },
  { code: 'P0302', description: 'Cylinder 2 misfire detected', weight: 3 },
  { code: 'P0304', description: 'Cylinder 4 misfire detected', weight: 2 },
  { code: 'P0420', description: 'Catalyst system efficiency below threshold (bank 1)', weight: 8 },
  {
    code: 'P0128',
    description: 'Coolant temperature below thermostat regulating temperature',
    weight: 5,
  },
  { code: 'P0171', description: 'System too lean (bank 1)', weight: 6 },
  { code: 'P0172', description: 'System too rich (bank 1)', weight: 2 },
  {
    code: 'P0442',
    description: 'Evaporative emission system leak detected (small leak)',
    weight: 5,
  },
  {
    code: 'P0455',
    description: 'Evaporative emission system leak detected (large leak)',
    weight: 4,
  },
  {
    code: 'P0135',
    description: 'O2 sensor heater circuit malfunction (bank 1 sensor 1)',
    weight: 4,
  },
  { code: 'P0113', description: 'Intake air temperature sensor circuit high', weight: 2 },
  { code: 'P0401', description: 'Exhaust gas recirculation flow insufficient', weight: 3 },
  { code: 'P0500', description: 'Vehicle speed sensor malfunction', weight: 2 },
  { code: 'P0700', description: 'Transmission control system malfunction', weight: 2 },
  { code: 'C0035', description: 'Left front wheel speed sensor circuit', weight: 2 },
  { code: 'B1318', description: 'Battery voltage low', weight: 2 },
  { code: 'U0100', description: 'Lost communication with ECM/PCM', weight: 1 },
];
