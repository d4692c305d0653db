/**
 * Makes and models the fleet is drawn from. WMIs are real prefixes for the make; descriptor
 * prefixes, tanks, consumption and power are typical for the model, not exact specifications.
 * Names have no spaces: IoT attribute values may not contain them.
 */
export interface ModelSpec {
  readonly model: string;
  /** First 3 characters of the VIN's descriptor section (positions 4–6). */
  readonly descriptor: string;
  readonly tankLitres: number;
  /** Combined-cycle consumption, L/100 km. */
  readonly consumptionL100km: number;
  /** Peak engine power, kW: scales throttle and acceleration. */
  readonly powerKw: number;
  readonly massKg: number;
  /** First model year the simulator uses for it. */
  readonly since: number;
}

export interface MakeSpec {
  readonly make: string;
  /** World manufacturer identifiers (VIN positions 1–3). */
  readonly wmis: readonly string[];
  /** Assembly plant codes (VIN position 11). */
  readonly plants: string;
  /** Relative share of the simulated fleet. */
  readonly share: number;
  readonly models: readonly ModelSpec[];
}

const model = (
  name: string,
  descriptor: string,
  tankLitres: number,
  consumptionL100km: number,
  powerKw: number,
  massKg: number,
  since = 2012,
): ModelSpec => ({
  model: name,
  descriptor,
  tankLitres,
  consumptionL100km,
  powerKw,
  massKg,
  since,
});

export const VEHICLE_CATALOGUE: readonly MakeSpec[] = [
  {
    make: 'Toyota',
    wmis: ['JTD', 'JTN', '4T1', 'SB1'],
    plants: 'JUK3',
    share: 12,
    models: [
      model('Corolla', 'BU4', 50, 6.1, 103, 1310),
      model('Camry', 'BK1', 60, 7.2, 152, 1500),
      model('RAV4', 'RF3', 55, 7.6, 150, 1650),
      model('Hilux', 'HN1', 80, 8.9, 150, 2050),
      model('Yaris', 'KT3', 42, 5.0, 85, 1100),
    ],
  },
  {
    make: 'Volkswagen',
    wmis: ['WVW', 'WVG', '3VW'],
    plants: 'WMP',
    share: 9,
    models: [
      model('Golf', 'ZZZ', 50, 5.9, 110, 1300),
      model('Passat', 'ZZ3', 66, 6.4, 140, 1500),
      model('Tiguan', 'ZZ5', 58, 7.4, 140, 1650, 2016),
      model('Polo', 'ZZ6', 40, 5.3, 70, 1150),
    ],
  },
  {
    make: 'Ford',
    wmis: ['1FA', '1FT', '3FA', 'WF0'],
    plants: 'RFKW',
    share: 9,
    models: [
      model('Focus', 'DP3', 52, 6.3, 110, 1350),
      model('F-150', 'EW1', 98, 12.4, 290, 2150),
      model('Ranger', 'ER4', 80, 9.0, 155, 2000, 2019),
      model('Fiesta', 'DP4', 42, 5.4, 74, 1150),
    ],
  },
  {
    make: 'Honda',
    wmis: ['1HG', 'JHM', '2HG'],
    plants: 'ACHL',
    share: 7,
    models: [
      model('Accord', 'CM8', 56, 7.1, 143, 1480),
      model('Civic', 'FC2', 47, 6.2, 118, 1290),
      model('CR-V', 'RW1', 53, 7.3, 140, 1560),
    ],
  },
  {
    make: 'Hyundai',
    wmis: ['KMH', '5NP'],
    plants: 'UAM',
    share: 6,
    models: [
      model('Elantra', 'D41', 47, 6.4, 110, 1300),
      model('Tucson', 'J81', 54, 7.6, 135, 1600),
      model('i20', 'B51', 40, 5.3, 74, 1100),
    ],
  },
  {
    make: 'Kia',
    wmis: ['KNA', 'KND', 'U5Y'],
    plants: '567T',
    share: 5,
    models: [
      model('Sportage', 'PCA', 54, 7.5, 130, 1580),
      model('Rio', 'DC2', 45, 5.5, 74, 1120),
      model('Ceed', 'H51', 50, 6.0, 103, 1300),
    ],
  },
  {
    make: 'Nissan',
    wmis: ['JN1', '1N4', 'SJN'],
    plants: 'CMNW',
    share: 5,
    models: [
      model('Qashqai', 'BJ1', 55, 6.9, 115, 1450),
      model('Altima', 'AL3', 61, 7.4, 140, 1480),
      model('Navara', 'CD2', 80, 8.7, 140, 1950),
    ],
  },
  {
    make: 'Chevrolet',
    wmis: ['1G1', '3G1', '1GC'],
    plants: 'FJS',
    share: 5,
    models: [
      model('Malibu', 'ZD5', 59, 7.6, 120, 1480),
      model('Silverado', 'RYE', 91, 12.8, 265, 2250),
      model('Equinox', 'FHX', 56, 8.0, 130, 1620),
    ],
  },
  {
    make: 'BMW',
    wmis: ['WBA', 'WBS', '5UX'],
    plants: 'ADEN',
    share: 4,
    models: [
      model('320i', '8E1', 59, 6.6, 135, 1500),
      model('520d', 'JE3', 68, 7.0, 185, 1650),
      model('X3', 'TX3', 65, 7.9, 185, 1800),
    ],
  },
  {
    make: 'Mercedes-Benz',
    wmis: ['WDD', 'W1K', 'WDC'],
    plants: 'ABRH',
    share: 4,
    models: [
      model('C-Class', '205', 66, 6.6, 150, 1550),
      model('E-Class', '213', 66, 7.1, 190, 1700, 2016),
      model('Sprinter', '907', 71, 9.8, 120, 2300),
    ],
  },
  {
    make: 'Renault',
    wmis: ['VF1'],
    plants: 'BEGF',
    share: 4,
    models: [
      model('Clio', 'RJA', 42, 5.2, 74, 1120),
      model('Megane', 'RFB', 50, 5.9, 103, 1300),
      model('Kangoo', 'KW0', 54, 6.4, 85, 1450),
    ],
  },
  {
    make: 'Peugeot',
    wmis: ['VF3', 'VR3'],
    plants: 'ABLS',
    share: 3,
    models: [
      model('208', 'CPH', 44, 5.1, 74, 1150),
      model('308', 'LPH', 52, 5.7, 96, 1300),
      model('3008', 'MCY', 53, 6.3, 96, 1450, 2016),
    ],
  },
  {
    make: 'Skoda',
    wmis: ['TMB'],
    plants: 'MPL',
    share: 2,
    models: [model('Octavia', 'JG7', 50, 5.6, 110, 1350), model('Fabia', 'EJ6', 40, 5.0, 70, 1100)],
  },
  {
    make: 'Volvo',
    wmis: ['YV1', 'YV4'],
    plants: '12G',
    share: 2,
    models: [model('XC60', 'UZK', 71, 7.6, 183, 1850), model('V60', 'ZW4', 60, 6.3, 140, 1650)],
  },
  {
    make: 'Tata',
    wmis: ['MAT'],
    plants: 'PJS',
    share: 2,
    models: [
      model('Nexon', '617', 44, 5.9, 88, 1250, 2017),
      model('Tiago', '612', 35, 5.4, 63, 1000, 2016),
    ],
  },
  {
    make: 'BYD',
    wmis: ['LGX', 'LC0'],
    plants: 'CXS',
    share: 2,
    models: [
      model('Song', 'CE4', 52, 6.8, 130, 1700, 2016),
      model('Qin', 'CC1', 48, 5.6, 81, 1450),
    ],
  },
  {
    make: 'Mazda',
    wmis: ['JM1', 'JMZ'],
    plants: '01H',
    share: 2,
    models: [model('Mazda3', 'BP4', 51, 6.3, 114, 1320), model('CX-5', 'KF2', 56, 7.2, 121, 1550)],
  },
];

export const VEHICLE_COLOURS = [
  'white',
  'black',
  'grey',
  'silver',
  'blue',
  'red',
  'green',
  'beige',
  'brown',
  'orange',
] as const;

/** How common each colour is on the road (white, black and grey dominate). */
export const COLOUR_SHARE: Readonly<Record<(typeof VEHICLE_COLOURS)[number], number>> = {
  white: 30,
  black: 19,
  grey: 18,
  silver: 9,
  blue: 9,
  red: 8,
  green: 2,
  beige: 2,
  brown: 2,
  orange: 1,
};

/** Telematics unit firmware versions in the field, newest last. */
export const SOFTWARE_VERSIONS = [
  '1.2.7',
  '1.3.0',
  '1.3.4',
  '1.4.0',
  '1.4.2',
  '2.0.1',
  '2.1.0',
] as const;

/** The fleet's model years. */
export const FIRST_MODEL_YEAR = 2012;
export const LAST_MODEL_YEAR = 2026;
