/** Spherical-earth geometry: accurate to well under 0.5 % at the distances a car covers. */

export const EARTH_RADIUS_M = 6_371_008.8;

export interface LatLng {
  readonly latitude: number;
  readonly longitude: number;
}

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
const toDegrees = (radians: number) => (radians * 180) / Math.PI;

/** A heading in [0, 360). */
export function normaliseHeading(degrees: number): number {
  return ((degrees % 360) + 360) % 360;
}

/** The signed turn from one heading to another, in (-180, 180]. */
export function headingDifference(from: number, to: number): number {
  const delta = normaliseHeading(to - from);
  return delta > 180 ? delta - 360 : delta;
}

/** Great-circle (haversine) distance in metres. */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const dLat = toRadians(b.latitude - a.latitude);
  const dLng = toRadians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial great-circle bearing from a to b, degrees clockwise from north. */
export function bearingDegrees(a: LatLng, b: LatLng): number {
  const lat1 = toRadians(a.latitude);
  const lat2 = toRadians(b.latitude);
  const dLng = toRadians(b.longitude - a.longitude);
  const y = Math.sin(dLng) * Math.cos(lat2);
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLng);
  return normaliseHeading(toDegrees(Math.atan2(y, x)));
}

/** The point reached by travelling `metres` along a great circle from `start` on `heading`. */
export function destinationPoint(start: LatLng, headingDeg: number, metres: number): LatLng {
  const angular = metres / EARTH_RADIUS_M;
  const bearing = toRadians(headingDeg);
  const lat1 = toRadians(start.latitude);
  const lng1 = toRadians(start.longitude);
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing),
  );
  const lng2 =
    lng1 +
    Math.atan2(
      Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1),
      Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2),
    );
  return { latitude: toDegrees(lat2), longitude: normaliseLongitude(toDegrees(lng2)) };
}

function normaliseLongitude(degrees: number): number {
  return ((((degrees + 180) % 360) + 360) % 360) - 180;
}
