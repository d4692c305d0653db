/**
 * A seeded pseudo-random source. Every random choice in a simulation goes through one of these,
 * so the same `--seed` and the same tick sequence reproduce the same fleet and the same routes.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An item chosen with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** Normally distributed (Box–Muller), for small natural variations. */
  normal(mean: number, standardDeviation: number): number;
  /** 32 random bits as an unsigned integer. */
  uint32(): number;
}

/** Mixes a 32-bit state into a well-spread 32-bit value (the murmur3 finaliser). */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A seed for one independent stream, e.g. `deriveSeed(seed, vehicleIndex, 'route')`. Vehicles
 * draw from their own streams, so the order in which a runner ticks them cannot change a route.
 */
export function deriveSeed(...parts: readonly (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const text = `${typeof part}:${part}`;
    for (let i = 0; i < text.length; i++) h = mix32(h ^ text.charCodeAt(i)) + i;
    h = mix32(h ^ 0x2f);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for simulation (not for anything secret). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => uint32() / 4294967296;
  const random: Random = {
    next,
    uint32,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(items: readonly T[], weight: (item: T) => number): T {
      const total = items.reduce((sum, item) => sum + Math.max(0, weight(item)), 0);
      if (items.length === 0 || total <= 0) throw new Error('cannot pick from no positive weights');
      let target = next() * total;
      for (const item of items) {
        target -= Math.max(0, weight(item));
        if (target < 0) return item;
      }
      return items[items.length - 1] as T;
    },
    normal(mean, standardDeviation) {
      const u = 1 - next(); // (0, 1], so the logarithm is finite
      const v = next();
      return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
  return random;
}

/** A UUID-shaped (version 4 layout) identifier drawn from a seeded stream. */
export function randomUuid(random: Random): string {
  const hex = Array.from({ length: 4 }, () => random.uint32().toString(16).padStart(8, '0')).join(
    '',
  );
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
