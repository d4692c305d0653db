import type { GeoPoint } from '@fleet/index-mappings';

interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

/** A CVRA position plus the `location` geo_point the indices search on. */
export function withLocation<P extends Coordinates>(position: P): P & { location: GeoPoint };
export function withLocation<P extends Coordinates>(
  position: P | undefined,
): (P & { location: GeoPoint }) | undefined;
export function withLocation<P extends Coordinates>(position: P | undefined) {
  return position && { ...position, location: { lat: position.latitude, lon: position.longitude } };
}
