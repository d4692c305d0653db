import { distanceMetres } from '../../src/geo';
import { MIN_CITY_POPULATION, homeCities } from '../../src/home-location';
import { planFleet } from '../../src/vehicle-profile';

describe('home locations', () => {
  const fleet = planFleet(1, 200);

  it('puts 200 vehicles in cities on at least three continents', () => {
    const continents = new Set(fleet.map((profile) => profile.home.city.continent));
    expect(continents.size).toBeGreaterThanOrEqual(3);
    expect(new Set(fleet.map((profile) => profile.home.city.name)).size).toBeGreaterThan(30);
  });

  it('chooses only big cities, with coordinates and a country', () => {
    const cities = homeCities();
    expect(cities.length).toBeGreaterThan(300);
    for (const city of cities) {
      expect(city.population).toBeGreaterThanOrEqual(MIN_CITY_POPULATION);
      expect(city.countryCode).toMatch(/^[A-Z]{2}$/);
      expect(Math.abs(city.centre.latitude)).toBeLessThanOrEqual(90);
    }
  });

  it('favours populous cities', () => {
    const big = planFleet(3, 2_000).filter((p) => p.home.city.population > 10_000_000).length;
    const bigShare = homeCities()
      .filter((city) => city.population > 10_000_000)
      .reduce((sum, city) => sum + city.population, 0);
    const total = homeCities().reduce((sum, city) => sum + city.population, 0);
    expect(big / 2_000).toBeGreaterThan((bigShare / total) * 0.7);
  });

  it('parks vehicles within a few km of the centre, never on one point', () => {
    for (const { home } of fleet) {
      const distance = distanceMetres(home.start, home.city.centre);
      expect(distance).toBeLessThanOrEqual(8_001);
      expect(home.roamRadiusMetres).toBeGreaterThan(distance);
    }
    const starts = new Set(
      fleet.map(({ home }) => `${home.start.latitude},${home.start.longitude}`),
    );
    expect(starts.size).toBe(fleet.length);
  });
});
