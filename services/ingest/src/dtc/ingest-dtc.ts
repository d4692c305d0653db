import type { Client } from '@opensearch-project/opensearch';
import { type IngestRecord, type IngestResult, IngestResultBuilder } from '../ingest-record';
import {
  type ParsedRecord,
  bySendTime,
  groupBy,
  readDeviceBatch,
  tallyOutcomes,
} from '../message-batch';
import type { BulkOperation } from '../search/document-store';
import {
  type VehicleDocuments,
  type VehiclePlan,
  sharedCardataWrite,
  updateVehicles,
} from '../search/vehicle-updates';
import { applyTroubleCodes, sameTroubleCodes } from './trouble-code-state';

export interface DtcDeps {
  readonly search: Client;
  readonly now?: () => number;
}

/**
 * Keeps `shared_cardata.trouble_codes` (the authority, with the clear times) and the copy on
 * `latest_telemetry` in step with a batch of set/clear messages. Planning from the stored state
 * each time makes a retry after a concurrent change safe.
 */
function planVehicle(
  messages: readonly ParsedRecord<'dtc'>[],
  docs: VehicleDocuments,
  now: string,
): VehiclePlan {
  const vin = messages[0]!.message.vin;
  const shared = docs.shared?.source;
  const before = {
    active: shared?.trouble_codes ?? [],
    cleared: shared?.cleared_trouble_codes ?? [],
  };
  const after = applyTroubleCodes(
    before,
    messages.map((m) => m.message),
  );
  const state: BulkOperation[] = [];
  if (
    !sameTroubleCodes(before.active, after.active) ||
    !sameTroubleCodes(before.cleared, after.cleared)
  ) {
    state.push(
      sharedCardataWrite(
        vin,
        docs.shared,
        { trouble_codes: after.active, cleared_trouble_codes: after.cleared },
        now,
      ),
    );
  }
  if (docs.latest && !sameTroubleCodes(docs.latest.source.trouble_codes ?? [], after.active)) {
    state.push({
      action: 'update',
      index: 'latest_telemetry',
      id: vin,
      partial: { trouble_codes: after.active },
      ifUnchanged: docs.latest,
    });
  }
  return { state, records: [] };
}

/**
 * The dtc handler's core: appends every message to `dtc` history (`_id` from the message id) and
 * adds or removes codes from the vehicle's active list; never replaces the list with one code.
 */
export async function ingestDtc(
  records: readonly IngestRecord[],
  deps: DtcDeps,
): Promise<IngestResult> {
  const result = new IngestResultBuilder();
  const { accepted, found } = await readDeviceBatch('dtc', records, deps.search, result, {
    withVehicles: true,
  });
  if (accepted.length === 0) return result.build();
  const now = new Date((deps.now ?? Date.now)()).toISOString();
  const byVin = groupBy(accepted, (p) => p.message.vin);
  for (const messages of byVin.values()) messages.sort(bySendTime);
  const update = await updateVehicles(deps.search, {
    vins: byVin.keys(),
    found,
    plan: (vin, docs) => planVehicle(byVin.get(vin)!, docs, now),
    extra: accepted.map((p) => ({
      action: 'create',
      index: 'dtc',
      id: p.historyId,
      document: p.message,
    })),
  });
  tallyOutcomes(result, accepted, update, 'dtc');
  return result.build();
}
