import { cityMapping } from 'city-timezones';
import { destinationPoint, type LatLng } from './geo';
import type { Random } from './random';

export type Continent =
  'Africa' | 'Asia' | 'Europe' | 'North America' | 'Oceania' | 'South America';

export interface HomeCity {
  readonly name: string;
  readonly country: string;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string;
  readonly continent: Continent;
  readonly timezone: string;
  readonly population: number;
  readonly centre: LatLng;
}

/** Where a vehicle lives: the city it drives around and where it was parked at start-up. */
export interface HomeLocation {
  readonly city: HomeCity;
  readonly start: LatLng;
  /** How far from the centre the vehicle may roam before it heads back, metres. */
  readonly roamRadiusMetres: number;
}

/** Big enough to have real traffic; about 380 cities in about 100 countries. */
export const MIN_CITY_POPULATION = 1_000_000;

const SOUTH_AMERICA = new Set([
  'AR',
  'BO',
  'BR',
  'CL',
  'CO',
  'EC',
  'GF',
  'GY',
  'PE',
  'PY',
  'SR',
  'UY',
  'VE',
]);

/** The continent from the IANA zone's region; the Americas split by country. */
function continentOf(timezone: string, countryCode: string): Continent | undefined {
  const region = timezone.split('/')[0];
  switch (region) {
    case 'Africa':
      return 'Africa';
    case 'Asia':
      return 'Asia';
    case 'Europe':
      return 'Europe';
    case 'Australia':
    case 'Pacific':
      return 'Oceania';
    case 'America':
      return SOUTH_AMERICA.has(countryCode) ? 'South America' : 'North America';
    default:
      return undefined;
  }
}

let bigCities: readonly HomeCity[] | undefined;

/** The candidate cities, built once: the data set has 7,300 entries, most of them small. */
export function homeCities(): readonly HomeCity[] {
  bigCities ??= cityMapping.flatMap((city) => {
    // The data set's typings promise more than it holds: some zones and codes are null.
    const { timezone, iso2, pop, lat, lng } = city as Partial<typeof city>;
    if (typeof timezone !== 'string' || typeof iso2 !== 'string') return [];
    if (typeof pop !== 'number' || typeof lat !== 'number' || typeof lng !== 'number') return [];
    const continent = continentOf(timezone, iso2);
    if (pop < MIN_CITY_POPULATION || continent === undefined) return [];
    return [
      {
        name: city.city,
        country: city.country,
        countryCode: iso2,
        continent,
        timezone,
        population: pop,
        centre: { latitude: lat, longitude: lng },
      },
    ];
  });
  return bigCities;
}

/**
 * A home for one vehicle: a city chosen in proportion to its population, and a parking spot a
 * few kilometres from its centre (uniform over a disc, so vehicles never stack on one point).
 */
export function pickHomeLocation(random: Random): HomeLocation {
  const city = random.weighted(homeCities(), (candidate) => candidate.population);
  // Bigger cities sprawl further.
  const spreadMetres = Math.min(8_000, 2_000 + city.population / 2_000);
  const distance = spreadMetres * Math.sqrt(random.next());
  const start = destinationPoint(city.centre, random.between(0, 360), distance);
  return { city, start, roamRadiusMetres: 15_000 + spreadMetres * 2 };
}
