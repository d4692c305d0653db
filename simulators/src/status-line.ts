import type { FleetStats } from './fleet-stats';

/**
 * One line of progress: `connected 480/500 | 251.3 msg/s | sent 12034 (cardata 11890, trip 96,
 * dtc 12, event 36) | errors publish 0, connection 2, reconnects 1 | dropped 0 | ota started 4,
 * succeeded 3, failed 1, rejected 0, cancelled 0, errors 0`.
 */
export function statusLine(
  previous: FleetStats | undefined,
  current: FleetStats,
  windowSeconds: number,
): string {
  const delta = current.sentTotal - (previous?.sentTotal ?? 0);
  const rate = windowSeconds > 0 ? delta / windowSeconds : 0;
  const { cardata, trip, dtc, event } = current.sent;
  const { ota } = current;
  return [
    `connected ${current.connected}/${current.vehicles}`,
    `${rate.toFixed(1)} msg/s`,
    `sent ${current.sentTotal} (cardata ${cardata}, trip ${trip}, dtc ${dtc}, event ${event})`,
    `errors publish ${current.publishErrors}, connection ${current.connectionErrors}, reconnects ${current.reconnects}`,
    `dropped ${current.dropped}`,
    `ota started ${ota.started}, succeeded ${ota.succeeded}, failed ${ota.failed}, rejected ${ota.rejected}, cancelled ${ota.cancelled}, errors ${ota.errors}`,
  ].join(' | ');
}
