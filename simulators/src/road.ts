import type { Random } from './random';

export type RoadType = 'urban' | 'arterial' | 'highway';

export interface RoadTypeSpec {
  /** Posted limits found on this kind of road, km/h. */
  readonly limitsKmh: readonly number[];
  /** The most a law-abiding driver does here, km/h; anything faster is a deliberate anomaly. */
  readonly maxKmh: number;
  /** Length between intersections or junctions, metres. */
  readonly segmentMetres: readonly [min: number, max: number];
  /** Chance of a red light or stop sign at the segment's end. */
  readonly stopChance: number;
  /** Chance of turning at the segment's end rather than going straight on. */
  readonly turnChance: number;
  /** Speed to take a turn at, km/h. */
  readonly turnKmh: number;
}

export const ROAD_TYPES: Readonly<Record<RoadType, RoadTypeSpec>> = {
  urban: {
    limitsKmh: [30, 40, 50],
    maxKmh: 55,
    segmentMetres: [120, 450],
    stopChance: 0.3,
    turnChance: 0.3,
    turnKmh: 20,
  },
  arterial: {
    limitsKmh: [50, 60, 70, 80],
    maxKmh: 85,
    segmentMetres: [400, 1_800],
    stopChance: 0.2,
    turnChance: 0.2,
    turnKmh: 25,
  },
  highway: {
    limitsKmh: [90, 100, 110, 120, 130],
    maxKmh: 130,
    segmentMetres: [2_000, 9_000],
    stopChance: 0,
    turnChance: 0.15,
    turnKmh: 50,
  },
};

/** Which road usually follows which: streets feed arterials, arterials feed highways. */
const NEXT_ROAD: Readonly<Record<RoadType, Readonly<Record<RoadType, number>>>> = {
  urban: { urban: 0.74, arterial: 0.24, highway: 0.02 },
  arterial: { urban: 0.3, arterial: 0.5, highway: 0.2 },
  highway: { urban: 0, arterial: 0.35, highway: 0.65 },
};

/** One stretch of road between two intersections. */
export interface RoadSegment {
  readonly type: RoadType;
  readonly limitKmh: number;
  /** What this driver does here, km/h: around the limit, never above the road type's max. */
  readonly cruiseKmh: number;
  readonly lengthMetres: number;
  /** What happens at its end: stop (red light), the turn to take (degrees, 0 = straight on). */
  readonly stopAtEnd: boolean;
  readonly turnAtEndDegrees: number;
}

export function nextRoadType(current: RoadType, random: Random): RoadType {
  const weights = NEXT_ROAD[current];
  return random.weighted(['urban', 'arterial', 'highway'] as const, (type) => weights[type]);
}

/**
 * A segment of the given type. `driverFactor` is how this driver relates to limits (0.9 = calm,
 * 1.05 = a little over); `turnAtEndDegrees` is chosen by the caller, which knows where home is.
 */
export function planSegment(
  type: RoadType,
  driverFactor: number,
  turnAtEndDegrees: number,
  random: Random,
): RoadSegment {
  const spec = ROAD_TYPES[type];
  const limitKmh = random.pick(spec.limitsKmh);
  const cruiseKmh = Math.min(spec.maxKmh - 1, limitKmh * driverFactor * random.between(0.96, 1.03));
  return {
    type,
    limitKmh,
    cruiseKmh,
    lengthMetres: random.between(spec.segmentMetres[0], spec.segmentMetres[1]),
    // Junctions with a turn more often have lights; highway interchanges never stop.
    stopAtEnd: random.chance(turnAtEndDegrees === 0 ? spec.stopChance : spec.stopChance * 2),
    turnAtEndDegrees,
  };
}
