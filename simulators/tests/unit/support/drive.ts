import type { CardataPayload } from '@fleet/device-contract';
import type { OutgoingMessage } from '../../../src/outgoing-message';
import type { SimulatedVehicle, VehicleSnapshot } from '../../../src/simulated-vehicle';

/** A Monday morning, so runs do not depend on when the tests run. */
export const START_MS = Date.UTC(2026, 0, 5, 8, 0, 0);

export interface TickRecord {
  readonly nowMs: number;
  readonly dtSeconds: number;
  readonly messages: readonly OutgoingMessage[];
  readonly snapshot: VehicleSnapshot;
}

/** Ticks a vehicle `ticks` times, `dtSeconds` apart, recording what it said and its state. */
export function drive(
  vehicle: SimulatedVehicle,
  ticks: number,
  dtSeconds = 2,
  startMs = START_MS,
): TickRecord[] {
  const records: TickRecord[] = [];
  let nowMs = startMs;
  for (let i = 0; i < ticks; i++) {
    const dt = i === 0 ? 0 : dtSeconds;
    nowMs += dt * 1000;
    const messages = vehicle.tick(nowMs, dt);
    records.push({ nowMs, dtSeconds: dt, messages, snapshot: vehicle.snapshot() });
  }
  return records;
}

export const messagesOf = (records: readonly TickRecord[]) =>
  records.flatMap((record) => record.messages);

export function cardataOf(records: readonly TickRecord[]): CardataPayload[] {
  return messagesOf(records).flatMap((message) =>
    message.kind === 'cardata' ? [message.payload] : [],
  );
}

/** Hours of driving, in 2-second ticks. */
export const hours = (h: number, dtSeconds = 2) => Math.round((h * 3600) / dtSeconds);

/**
 * What `broken` finds wrong across many items (first five): one expect over the lot, because
 * hundreds of thousands of individual expects would take minutes.
 */
export function violations<T>(
  items: readonly T[],
  broken: (item: T) => string | undefined,
): string[] {
  return items.flatMap((item) => broken(item) ?? []).slice(0, 5);
}
