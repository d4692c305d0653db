import { createRandom, deriveSeed, randomUuid } from '../../src/random';

const draw = (seed: number, n = 50) => {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random.uint32());
};

describe('seeded randomness', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(7)).toEqual(draw(7));
  });

  it('gives different sequences for different seeds', () => {
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('derives independent, stable seeds from labels', () => {
    expect(deriveSeed(1, 0, 'drive')).toBe(deriveSeed(1, 0, 'drive'));
    const seeds = new Set([
      deriveSeed(1, 0, 'drive'),
      deriveSeed(1, 1, 'drive'),
      deriveSeed(2, 0, 'drive'),
      deriveSeed(1, 0, 'home'),
      deriveSeed(1, '0', 'drive'),
    ]);
    expect(seeds.size).toBe(5);
  });

  it('keeps values within their bounds', () => {
    const random = createRandom(3);
    const outOfBounds: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const [value, int, between] = [random.next(), random.int(-2, 2), random.between(10, 20)];
      if (value < 0 || value >= 1) outOfBounds.push(value);
      if (!Number.isInteger(int) || int < -2 || int > 2) outOfBounds.push(int);
      if (between < 10 || between >= 20) outOfBounds.push(between);
    }
    expect(outOfBounds).toEqual([]);
  });

  it('reaches every integer in a range and picks by weight', () => {
    const random = createRandom(11);
    const ints = new Set(Array.from({ length: 1_000 }, () => random.int(1, 6)));
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const counts = { rare: 0, common: 0 };
    for (let i = 0; i < 10_000; i++) {
      const pick = random.weighted(['rare', 'common'] as const, (k) => (k === 'rare' ? 1 : 9));
      counts[pick] += 1;
    }
    expect(counts.rare).toBeGreaterThan(700);
    expect(counts.rare).toBeLessThan(1_300);
  });

  it('refuses to pick from nothing', () => {
    const random = createRandom(1);
    expect(() => random.pick([])).toThrow('empty');
    expect(() => random.weighted(['a'], () => 0)).toThrow('no positive weights');
  });

  it('makes version-4-shaped UUIDs', () => {
    const random = createRandom(5);
    const uuids = Array.from({ length: 100 }, () => randomUuid(random));
    for (const uuid of uuids) {
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(uuids).size).toBe(100);
  });
});
