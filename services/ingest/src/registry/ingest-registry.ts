import type { DevicesDocument } from '@fleet/index-mappings';
import type { Client } from '@opensearch-project/opensearch';
import {
  type IngestRecord,
  type IngestResult,
  IngestResultBuilder,
  isRetryableStatus,
} from '../ingest-record';
import { groupBy } from '../message-batch';
import {
  type BulkOperation,
  type BulkOutcome,
  type StoredDocument,
  getDocuments,
  refKey,
} from '../search/document-store';
import { type VehicleUpdateResult, updateVehicles, vehicleRefs } from '../search/vehicle-updates';
import { type ThingEvent, parseThingEvent } from './thing-event';
import { type ThingPlan, planThing } from './thing-plan';
import { type DeviceMembership, planVehicleDevices } from './vehicle-devices';

export interface RegistryDeps {
  readonly search: Client;
  readonly now?: () => number;
}

const deviceRef = (thingName: string) => ({ index: 'devices' as const, id: thingName });

const storedDevice = (found: ReadonlyMap<string, StoredDocument>, thingName: string) =>
  found.get(refKey(deviceRef(thingName)))?.source as DevicesDocument | undefined;

/** Where a device belongs after a plan; static data only travels when its registry data changed. */
function membership(plan: ThingPlan): DeviceMembership {
  const device = plan.device;
  return {
    deviceid: plan.thingName,
    vin: device?.vin,
    softwareversion: device?.softwareversion,
    staticData:
      device && plan.changed
        ? { make: device.make, model: device.model, year: device.year, colour: device.colour }
        : undefined,
  };
}

/** Fetches the vehicle documents of `vins` that `found` does not hold yet (none: no request). */
async function withVehicles(
  client: Client,
  found: ReadonlyMap<string, StoredDocument>,
  fetched: ReadonlySet<string>,
  vins: Iterable<string>,
): Promise<ReadonlyMap<string, StoredDocument>> {
  const missing = [...new Set(vins)].filter((vin) => !fetched.has(vin));
  if (missing.length === 0) return found;
  return new Map([...found, ...(await getDocuments(client, missing.flatMap(vehicleRefs)))]);
}

/** Writes each vehicle's device list for the given memberships, with `extra` in the same `_bulk`. */
async function syncVehicles(
  client: Client,
  found: ReadonlyMap<string, StoredDocument>,
  byVin: ReadonlyMap<string, DeviceMembership[]>,
  now: string,
  extra: readonly BulkOperation[],
): Promise<VehicleUpdateResult> {
  return updateVehicles(client, {
    vins: byVin.keys(),
    found,
    plan: (vin, docs) => planVehicleDevices(vin, docs, byVin.get(vin) ?? [], now),
    extra,
  });
}

/** Every vehicle a batch touches, with the devices it must be checked against. */
function membershipsByVin(plans: readonly ThingPlan[]): Map<string, DeviceMembership[]> {
  const byVin = new Map<string, DeviceMembership[]>();
  for (const plan of plans) {
    const device = membership(plan);
    for (const vin of plan.vins) byVin.set(vin, [...(byVin.get(vin) ?? []), device]);
  }
  return byVin;
}

/**
 * The registry handler's core: keeps `devices` (one document per thing, versioned with the
 * registry's versionNumber) and the device lists and static data of the vehicles they are fitted
 * to in step with thing created/updated/deleted events.
 *
 * Normal path: one `_mget` (things, and the vehicles their events name), one more only when a
 * thing leaves a vehicle no event names, and one `_bulk`. A `devices` write that loses to a newer
 * version (409) means another writer got there first: those vehicles are planned again from
 * the stored `devices` documents, so a stale event never leaves a device on the wrong vehicle.
 */
export async function ingestRegistry(
  records: readonly IngestRecord[],
  deps: RegistryDeps,
): Promise<IngestResult> {
  const result = new IngestResultBuilder();
  const events: ThingEvent[] = [];
  for (const record of records) {
    const parsed = parseThingEvent(record);
    if (parsed.success) events.push(parsed.event);
    else result.fail(record, parsed.reason);
  }
  if (events.length === 0) return result.build();

  const nowMs = (deps.now ?? Date.now)();
  const now = new Date(nowMs).toISOString();
  const byThing = groupBy(events, (event) => event.thingName);
  const eventVins = new Set(events.flatMap((event) => event.staticData.vin ?? []));
  let found: ReadonlyMap<string, StoredDocument> = await getDocuments(deps.search, [
    ...[...byThing.keys()].map(deviceRef),
    ...[...eventVins].flatMap(vehicleRefs),
  ]);
  const plans = [...byThing].map(([thingName, thingEvents]) =>
    planThing(thingName, storedDevice(found, thingName), thingEvents, nowMs),
  );
  // A device leaving a vehicle that none of its events names (a VIN change, a deletion).
  found = await withVehicles(
    deps.search,
    found,
    eventVins,
    plans.flatMap((plan) => plan.vins),
  );

  const writes = plans.filter((plan) => plan.write !== undefined);
  const update = await syncVehicles(
    deps.search,
    found,
    membershipsByVin(plans),
    now,
    writes.map((plan) => plan.write!),
  );
  const writeOutcomes = new Map(
    writes.map((plan, i) => [plan.thingName, update.extraOutcomes[i]!]),
  );
  const failedVins = new Map(update.failedVins);

  const lost = writes.filter((plan) => writeOutcomes.get(plan.thingName)!.conflict);
  if (lost.length > 0) {
    const reconciled = await reconcile(deps.search, lost, now);
    for (const [vin, reason] of reconciled) failedVins.set(vin, reason);
  }

  for (const plan of plans) {
    tally(
      result,
      plan,
      byThing.get(plan.thingName)!,
      writeOutcomes.get(plan.thingName),
      failedVins,
    );
  }
  return result.build();
}

/**
 * After a thing's `devices` write lost to a newer version, its vehicles were planned from an
 * event that did not count: plans them again from where the stored document says it belongs.
 */
async function reconcile(
  client: Client,
  lost: readonly ThingPlan[],
  now: string,
): Promise<ReadonlyMap<string, string>> {
  const devices = await getDocuments(
    client,
    lost.map((plan) => deviceRef(plan.thingName)),
  );
  const current = lost.map((plan) => {
    const device = storedDevice(devices, plan.thingName);
    const vins = new Set(plan.vins);
    if (device?.vin) vins.add(device.vin);
    return { ...plan, device, changed: false, vins: [...vins] };
  });
  const found = await withVehicles(
    client,
    new Map(),
    new Set(),
    current.flatMap((plan) => plan.vins),
  );
  const update = await syncVehicles(client, found, membershipsByVin(current), now, []);
  return update.failedVins;
}

function tally(
  result: IngestResultBuilder,
  plan: ThingPlan,
  events: readonly ThingEvent[],
  write: BulkOutcome | undefined,
  failedVins: ReadonlyMap<string, string>,
): void {
  const vehicleFailure = plan.vins.map((vin) => failedVins.get(vin)).find(Boolean);
  // A delete of a document that is not there is fine: the thing is gone either way.
  const writeFailed =
    write !== undefined && write.status >= 300 && !write.conflict && write.status !== 404;
  events.forEach((event, i) => {
    const outcome = plan.outcomes[i]!;
    if (outcome === 'stale' || (outcome === 'applied' && write?.conflict)) result.stale++;
    else if (outcome === 'applied' && writeFailed) {
      result.fail(
        event.record,
        `devices not stored: ${write.error ?? `status ${write.status}`}`,
        isRetryableStatus(write.status),
      );
    } else if (vehicleFailure) {
      result.fail(event.record, `vehicle state not updated: ${vehicleFailure}`, true);
    } else if (outcome === 'duplicate') result.duplicates++;
    else result.accepted++;
  });
}
