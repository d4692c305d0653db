import type { LatestTelemetryDocument, SharedCardataDocument } from '@fleet/index-mappings';
import type { Client } from '@opensearch-project/opensearch';
import { isRetryableStatus } from '../ingest-record';
import {
  type BulkOperation,
  type BulkOutcome,
  type StoredDocument,
  getDocuments,
  refKey,
  writeBulk,
} from './document-store';

/** What a vehicle's state is made of: `shared_cardata` and `latest_telemetry`, both `_id` = vin. */
export interface VehicleDocuments {
  readonly shared?: StoredDocument<SharedCardataDocument>;
  readonly latest?: StoredDocument<LatestTelemetryDocument>;
}

/**
 * The writes a batch makes for one vehicle. `state` writes carry `ifUnchanged`, so a concurrent
 * change makes them fail with 409 and the vehicle is planned again from fresh documents; the plan
 * must therefore be idempotent. `records` are history documents whose 409 means "already there".
 */
export interface VehiclePlan {
  readonly state: readonly BulkOperation[];
  readonly records: readonly BulkOperation[];
}

export type PlanVehicle = (vin: string, docs: VehicleDocuments) => VehiclePlan;

/** Concurrent writers to one vehicle are rare; more than this many in a row means trouble. */
const MAX_ATTEMPTS = 5;

/**
 * What any plan reads of `latest_telemetry`: its watermark and the state it mirrors, not the
 * telemetry itself, which is most of the document.
 */
const LATEST_STATE_FIELDS = [
  'sendtimestamp',
  'anomalies',
  'trouble_codes',
  'devices',
  'make',
  'model',
  'year',
  'colour',
] as const;

export function vehicleRefs(vin: string) {
  return [
    { index: 'shared_cardata', id: vin },
    { index: 'latest_telemetry', id: vin, fields: LATEST_STATE_FIELDS },
  ] as const;
}

export function vehicleDocuments(
  vin: string,
  found: ReadonlyMap<string, StoredDocument>,
): VehicleDocuments {
  const [shared, latest] = vehicleRefs(vin).map((ref) => found.get(refKey(ref)));
  return {
    shared: shared as StoredDocument<SharedCardataDocument> | undefined,
    latest: latest as StoredDocument<LatestTelemetryDocument> | undefined,
  };
}

export interface VehicleUpdateResult {
  /** Outcomes of `extra` operations, in order. */
  readonly extraOutcomes: readonly BulkOutcome[];
  /** Vehicles whose state could not be written, with the reason. */
  readonly failedVins: ReadonlyMap<string, string>;
  /** Those of them that may succeed on a retry. */
  readonly retryableVins?: ReadonlySet<string>;
}

/**
 * Writes a batch: `extra` operations (history) and each vehicle's plan in one `_bulk`, planned
 * from the documents the caller already fetched in its one `_mget`. Only vehicles hit by a
 * concurrent change are fetched and planned again.
 */
export async function updateVehicles(
  client: Client,
  options: {
    readonly vins: Iterable<string>;
    readonly found: ReadonlyMap<string, StoredDocument>;
    readonly plan: PlanVehicle;
    readonly extra?: readonly BulkOperation[];
  },
): Promise<VehicleUpdateResult> {
  const extra = options.extra ?? [];
  const failedVins = new Map<string, string>();
  const retryableVins = new Set<string>();
  let extraOutcomes: readonly BulkOutcome[] = [];
  let pending = [...new Set(options.vins)];
  let found = options.found;
  /** Per vehicle, the records this call created in its latest attempt. */
  const created = new Map<string, Map<string, BulkOperation>>();
  // The first round always runs: it writes `extra` even when no vehicle is touched.
  for (let attempt = 1; attempt === 1 || pending.length > 0; attempt++) {
    const operations: BulkOperation[] = attempt === 1 ? [...extra] : [];
    const owners: { vin: string; state: boolean; op: BulkOperation }[] = [];
    for (const vin of pending) {
      const plan = options.plan(vin, vehicleDocuments(vin, found));
      // Records an earlier attempt created that the new plan no longer makes (it lost a race,
      // so another writer's plan made them instead) are withdrawn.
      const planned = new Set(plan.records.map(refKey));
      const withdrawn = [...(created.get(vin)?.values() ?? [])].filter(
        (record) => !planned.has(refKey(record)),
      );
      created.delete(vin);
      for (const [ops, state] of [
        [plan.state, true],
        [plan.records, false],
        [
          withdrawn.map((r): BulkOperation => ({ action: 'delete', index: r.index, id: r.id })),
          false,
        ],
      ] as const) {
        for (const op of ops) {
          operations.push(op);
          owners.push({ vin, state, op });
        }
      }
    }
    const outcomes = await writeBulk(client, operations);
    const offset = attempt === 1 ? extra.length : 0;
    if (attempt === 1) extraOutcomes = outcomes.slice(0, offset);
    const retry = new Set<string>();
    owners.forEach((owner, i) => {
      const outcome = outcomes[offset + i]!;
      if (outcome.status === 201 && !owner.state && owner.op.action === 'create') {
        const records = created.get(owner.vin) ?? new Map<string, BulkOperation>();
        records.set(refKey(owner.op), owner.op);
        created.set(owner.vin, records);
      }
      if (outcome.status < 300) return;
      if (outcome.conflict && owner.state) retry.add(owner.vin);
      else if (!outcome.conflict && outcome.status !== 404) {
        failedVins.set(owner.vin, outcome.error ?? `status ${outcome.status}`);
        if (isRetryableStatus(outcome.status)) retryableVins.add(owner.vin);
      }
    });
    pending = [...retry].filter((vin) => !failedVins.has(vin));
    if (pending.length > 0 && attempt >= MAX_ATTEMPTS) {
      for (const vin of pending) {
        failedVins.set(vin, `vehicle state changed concurrently ${MAX_ATTEMPTS} times in a row`);
        retryableVins.add(vin);
      }
      break;
    }
    if (pending.length > 0) found = await getDocuments(client, pending.flatMap(vehicleRefs));
  }
  return { extraOutcomes, failedVins, retryableVins };
}

/**
 * Writes `changes` to a vehicle's `shared_cardata`: a partial update of the document as read (so a
 * concurrent change makes it fail with 409), or the document's creation when there was none.
 */
export function sharedCardataWrite(
  vin: string,
  shared: VehicleDocuments['shared'],
  changes: Partial<SharedCardataDocument>,
  now: string,
): BulkOperation {
  return shared
    ? {
        action: 'update',
        index: 'shared_cardata',
        id: vin,
        partial: { ...changes, updatedat: now },
        ifUnchanged: shared,
      }
    : {
        action: 'create',
        index: 'shared_cardata',
        id: vin,
        document: { vin, ...changes, createdat: now, updatedat: now },
      };
}
