import type { CvraPosition, TripPayload } from '@fleet/device-contract';
import type { LatLng } from './geo';

/** Speed bands of a trip's `SpeedProfile`, km/h: lower bound inclusive. */
export const SPEED_BANDS = [
  { name: '0-30', from: 0 },
  { name: '30-60', from: 30 },
  { name: '60-90', from: 60 },
  { name: '90-120', from: 90 },
  { name: '120+', from: 120 },
] as const;

export interface TripPosition extends LatLng {
  readonly altitude: number;
}

/** Accumulates one trip, from ignition on to ignition off, into its CVRA summary. */
export class TripRecorder {
  private distanceMetres = 0;
  private fuelLitres = 0;
  private readonly secondsInBand = new Map<string, number>(SPEED_BANDS.map((b) => [b.name, 0]));

  constructor(
    readonly tripId: string,
    readonly startedAtMs: number,
    private readonly start: TripPosition,
  ) {}

  get distanceKm(): number {
    return this.distanceMetres / 1000;
  }

  get fuelUsedLitres(): number {
    return this.fuelLitres;
  }

  record(seconds: number, speedKmh: number, metres: number, litres: number): void {
    this.distanceMetres += metres;
    this.fuelLitres += litres;
    let band: string = SPEED_BANDS[0].name;
    for (const candidate of SPEED_BANDS) if (speedKmh >= candidate.from) band = candidate.name;
    this.secondsInBand.set(band, (this.secondsInBand.get(band) ?? 0) + seconds);
  }

  summary(endedAtMs: number, end: TripPosition): TripPayload['TripSummary'] {
    return {
      StartTime: new Date(this.startedAtMs).toISOString(),
      Distance: round(this.distanceMetres / 1000, 3),
      Duration: Math.round((endedAtMs - this.startedAtMs) / 1000),
      Fuel: round(this.fuelLitres, 3),
      SpeedProfile: Object.fromEntries(
        [...this.secondsInBand].map(([band, seconds]) => [band, Math.round(seconds)]),
      ),
      StartLocation: cvraPosition(this.start),
      EndLocation: cvraPosition(end),
    };
  }
}

export function cvraPosition(position: TripPosition): CvraPosition {
  return {
    Latitude: round(position.latitude, 6),
    Longitude: round(position.longitude, 6),
    Altitude: round(position.altitude, 1),
  };
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
