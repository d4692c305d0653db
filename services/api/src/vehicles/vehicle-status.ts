import { z } from 'zod';

export const VEHICLE_STATUSES = ['moving', 'idle', 'alert', 'offline'] as const;
export const vehicleStatus = z.enum(VEHICLE_STATUSES);
export type VehicleStatus = z.output<typeof vehicleStatus>;

/** The map's colour for each status, so every client draws the fleet the same way. */
export const STATUS_COLOURS: Record<VehicleStatus, string> = {
  moving: '#2e7d32',
  idle: '#1565c0',
  alert: '#c62828',
  offline: '#757575',
};

/** Below this a vehicle counts as standing still (GPS jitter reads as a few km/h). */
const MOVING_KMH = 3;

export interface StatusInput {
  readonly lastSeenMs: number | undefined;
  readonly speedKmh: number | undefined;
  readonly activeIssues: number;
}

/** Offline beats alert: a silent vehicle's last known problems may be stale. */
export function vehicleStatusOf(
  input: StatusInput,
  now: number,
  offlineAfterMs: number,
): VehicleStatus {
  if (input.lastSeenMs === undefined || now - input.lastSeenMs > offlineAfterMs) return 'offline';
  if (input.activeIssues > 0) return 'alert';
  return (input.speedKmh ?? 0) >= MOVING_KMH ? 'moving' : 'idle';
}
