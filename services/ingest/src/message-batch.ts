import {
  type DeviceMessage,
  type DeviceMessageKind,
  oversizedPayload,
  parseDeviceMessage,
} from '@fleet/device-contract';
import type { DevicesDocument } from '@fleet/index-mappings';
import type { Client } from '@opensearch-project/opensearch';
import { type StoredDocument, getDocuments } from './search/document-store';
import { type VehicleUpdateResult, vehicleRefs } from './search/vehicle-updates';
import { type IngestRecord, type IngestResultBuilder, isRetryableStatus } from './ingest-record';

export interface ParsedRecord<K extends DeviceMessageKind> {
  readonly record: IngestRecord;
  readonly message: DeviceMessage<K>;
  /** The `_id` of its history document: one per device message, so redelivery is detected. */
  readonly historyId: string;
}

/**
 * Device message ids are unique per device, not globally. `|` cannot occur in a thing name, so
 * no device can forge another's id (`:` can: `a` + `b:c` would equal `a:b` + `c`).
 */
export const historyId = (message: { deviceid: string; messageid: string }) =>
  `${message.deviceid}|${message.messageid}`;

/**
 * Parses a batch of device records: rejections go to `result` with their reason; a message
 * repeated within the batch is counted as a duplicate once and not processed twice.
 */
export function parseDeviceRecords<K extends DeviceMessageKind>(
  kind: K,
  records: readonly IngestRecord[],
  result: IngestResultBuilder,
): ParsedRecord<K>[] {
  const parsed = new Map<string, ParsedRecord<K>>();
  for (const record of records) {
    // IoT Core refuses bigger messages; an SQS-batched record could still carry one.
    const oversized = oversizedPayload(
      record.payloadBytes ?? Buffer.byteLength(JSON.stringify(record.payload) ?? ''),
    );
    if (oversized) {
      result.fail(record, oversized);
      continue;
    }
    let outcome: ReturnType<typeof parseDeviceMessage<K>>;
    try {
      outcome = parseDeviceMessage(kind, record.payload);
    } catch (err) {
      // A validation bug must cost one record, not the whole batch.
      outcome = { success: false, reason: `${kind} could not be read: ${String(err)}` };
    }
    if (!outcome.success) {
      result.fail(record, outcome.reason);
      continue;
    }
    const id = historyId(outcome.message);
    if (parsed.has(id)) {
      result.duplicates++;
      continue;
    }
    parsed.set(id, { record, message: outcome.message, historyId: id });
  }
  return [...parsed.values()];
}

/**
 * A message's VIN must be the one registered for its device; an unregistered device (its
 * registry event may still be on its way) is trusted, since IoT already authenticated it.
 */
export function registeredVinMismatch(
  message: { vin: string; deviceid: string },
  device: StoredDocument | undefined,
): string | undefined {
  const registered = (device?.source as DevicesDocument | undefined)?.vin;
  if (registered === undefined || registered.toUpperCase() === message.vin) return undefined;
  return `vin ${message.vin} does not match vin ${registered} registered for device ${message.deviceid}`;
}

/** Epoch millis of a stored timestamp (ISO-8601 or epoch millis). */
export function timestampMs(value: string | number | undefined): number {
  if (value === undefined) return Number.NEGATIVE_INFINITY;
  return typeof value === 'number' ? value : Date.parse(value);
}

/** Ascending by send time, then message id, so every writer applies a vehicle's messages alike. */
export function bySendTime(
  a: { message: { sendtimestamp: string; messageid: string } },
  b: { message: { sendtimestamp: string; messageid: string } },
): number {
  return (
    Date.parse(a.message.sendtimestamp) - Date.parse(b.message.sendtimestamp) ||
    a.message.messageid.localeCompare(b.message.messageid)
  );
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Counts each message by how its history write and its vehicle's state update went: stored,
 * a duplicate (its history document already existed), or a failure with the reason.
 */
export function tallyOutcomes(
  result: IngestResultBuilder,
  messages: readonly ParsedRecord<DeviceMessageKind>[],
  update: VehicleUpdateResult,
  historyIndex: string,
): void {
  messages.forEach((p, i) => {
    const outcome = update.extraOutcomes[i]!;
    const vehicleFailure = update.failedVins.get(p.message.vin);
    if (outcome.status >= 300 && !outcome.conflict) {
      result.fail(
        p.record,
        `${historyIndex} not stored: ${outcome.error ?? outcome.status}`,
        isRetryableStatus(outcome.status),
      );
    } else if (vehicleFailure) {
      result.fail(
        p.record,
        `vehicle state not updated: ${vehicleFailure}`,
        update.retryableVins?.has(p.message.vin) ?? false,
      );
    } else if (outcome.conflict) {
      result.duplicates++;
    } else {
      result.accepted++;
    }
  });
}

/**
 * The start of every device handler: parse the batch, fetch each message's device (and, for
 * handlers that keep vehicle state, the vehicle's documents) with one `_mget`, and reject
 * messages whose VIN is not the one registered for their device.
 */
export async function readDeviceBatch<K extends DeviceMessageKind>(
  kind: K,
  records: readonly IngestRecord[],
  search: Client,
  result: IngestResultBuilder,
  options: { readonly withVehicles: boolean },
): Promise<{ accepted: ParsedRecord<K>[]; found: Map<string, StoredDocument> }> {
  const parsed = parseDeviceRecords(kind, records, result);
  if (parsed.length === 0) return { accepted: [], found: new Map() };
  const found = await getDocuments(search, [
    ...parsed.map((p) => ({ index: 'devices' as const, id: p.message.deviceid, fields: ['vin'] })),
    ...(options.withVehicles ? parsed.flatMap((p) => vehicleRefs(p.message.vin)) : []),
  ]);
  const accepted = parsed.filter((p) => {
    const mismatch = registeredVinMismatch(p.message, found.get(`devices/${p.message.deviceid}`));
    if (mismatch) result.fail(p.record, mismatch);
    return mismatch === undefined;
  });
  return { accepted, found };
}
