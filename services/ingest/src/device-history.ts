import type { DeviceMessageKind } from '@fleet/device-contract';
import type { Client } from '@opensearch-project/opensearch';
import {
  type IngestRecord,
  type IngestResult,
  IngestResultBuilder,
  isRetryableStatus,
} from './ingest-record';
import { type ParsedRecord, readDeviceBatch } from './message-batch';
import { type BulkOperation, writeBulk } from './search/document-store';

export interface HistoryDeps {
  readonly search: Client;
}

/**
 * A handler that only appends device messages to a history index (trips, events): parse, check
 * each VIN against its registered device with one `_mget`, write with one `_bulk`. A 409 means
 * the document is already there (a redelivery) or newer (an out-of-order summary).
 */
export async function ingestDeviceHistory<K extends DeviceMessageKind>(
  kind: K,
  records: readonly IngestRecord[],
  deps: HistoryDeps,
  operation: (parsed: ParsedRecord<K>) => BulkOperation,
  onConflict: 'duplicate' | 'stale',
): Promise<IngestResult> {
  const result = new IngestResultBuilder();
  const { accepted } = await readDeviceBatch(kind, records, deps.search, result, {
    withVehicles: false,
  });
  if (accepted.length === 0) return result.build();
  const outcomes = await writeBulk(deps.search, accepted.map(operation));
  accepted.forEach((p, i) => {
    const outcome = outcomes[i]!;
    if (outcome.status < 300) result.accepted++;
    else if (outcome.conflict) result[onConflict === 'duplicate' ? 'duplicates' : 'stale']++;
    else {
      const reason = `${kind} not stored: ${outcome.error ?? outcome.status}`;
      result.fail(p.record, reason, isRetryableStatus(outcome.status));
    }
  });
  return result.build();
}
