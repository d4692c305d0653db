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
  type StoredDocument,
  getDocuments,
  refKey,
} from '../search/document-store';
import { updateVehicles, vehicleRefs } from '../search/vehicle-updates';
import { type DeviceMembership, planVehicleDevices } from '../registry/vehicle-devices';
import { type DeviceJobPlan, planDeviceJobs } from './device-job-plan';
import type { JobDocumentSource } from './job-document-source';
import { type JobExecutionEvent, parseJobExecutionEvent } from './job-execution-event';

export interface OtaDeps {
  readonly search: Client;
  readonly jobDocuments: JobDocumentSource;
  readonly now?: () => number;
}

/** A registry event racing a batch is rare; more than this many in a row means trouble. */
const MAX_ATTEMPTS = 5;

const deviceRef = (thingName: string) => ({ index: 'devices' as const, id: thingName });

/** The same status of the same execution at the same time is one event, whatever its eventId. */
const eventKey = (event: JobExecutionEvent) =>
  `${event.thingName}/${event.jobId}/${event.status}/${event.at}/${event.deletion}`;

/**
 * The `devices` write of a plan. Registry writes carry the thing's versionNumber as the
 * document's external version; a partial update would bump that version and make the next
 * registry event look stale, so the whole document is written back at the same version
 * (`external_gte`). A registry write in between raises the version and this fails with 409.
 */
function deviceWrite(
  thingName: string,
  stored: StoredDocument<DevicesDocument>,
  document: DevicesDocument,
): BulkOperation {
  const version = stored.source.versionnumber;
  if (version === undefined) {
    const { softwareversion, lastjobid, lastjobstatus, lastjobupdatedat } = document;
    return {
      action: 'update',
      index: 'devices',
      id: thingName,
      partial: { softwareversion, lastjobid, lastjobstatus, lastjobupdatedat },
      ifUnchanged: stored,
    };
  }
  return {
    action: 'index',
    index: 'devices',
    id: thingName,
    document,
    externalVersion: { version, type: 'external_gte' },
  };
}

const needsDocument = (event: JobExecutionEvent) => event.status === 'SUCCEEDED' && !event.deletion;

/**
 * The `desiredVersion` of every job the batch's successes belong to. A job whose document cannot
 * be read fails its successes, which are returned to be left out; its other events do not need it.
 */
async function desiredVersions(
  events: readonly JobExecutionEvent[],
  source: JobDocumentSource,
  result: IngestResultBuilder,
): Promise<{ versions: Map<string, string>; unusable: Set<JobExecutionEvent> }> {
  const jobIds = [...new Set(events.filter(needsDocument).map((event) => event.jobId))];
  const lookups = await Promise.allSettled(jobIds.map((jobId) => source(jobId)));
  const versions = new Map<string, string>();
  const unusable = new Set<JobExecutionEvent>();
  lookups.forEach((lookup, i) => {
    const jobId = jobIds[i]!;
    if (lookup.status === 'fulfilled') {
      versions.set(jobId, lookup.value.desiredVersion);
      return;
    }
    const reason = `job ${jobId} document unavailable: ${(lookup.reason as Error).message}`;
    for (const event of events) {
      if (event.jobId !== jobId || !needsDocument(event)) continue;
      result.fail(event.record, reason);
      unusable.add(event);
    }
  });
  return { versions, unusable };
}

/**
 * The OTA handler's core: records each device's last job execution (`lastjobid`,
 * `lastjobstatus`, `lastjobupdatedat`) on `devices`, and on SUCCEEDED the job document's
 * `desiredVersion` as its `softwareversion` there and in its vehicle's `shared_cardata.devices`
 * and `latest_telemetry.devices`.
 *
 * Per batch: the job documents of its successes (cached by the source), one `_mget` of the
 * devices, a second of their vehicles (the VIN is only known from the device) when a success
 * needs them, one `_bulk`. A device changed concurrently by the registry is read and planned
 * again. A device without a `devices` document fails its events: its registry event has not been
 * ingested, and retrying later records the result against the right vehicle.
 */
export async function ingestOta(
  records: readonly IngestRecord[],
  deps: OtaDeps,
): Promise<IngestResult> {
  const result = new IngestResultBuilder();
  const unique = new Map<string, JobExecutionEvent>();
  for (const record of records) {
    const parsed = parseJobExecutionEvent(record);
    if (!parsed.success) result.fail(record, parsed.reason);
    else if (unique.has(eventKey(parsed.event))) result.duplicates++;
    else unique.set(eventKey(parsed.event), parsed.event);
  }
  const { versions, unusable } = await desiredVersions(
    [...unique.values()],
    deps.jobDocuments,
    result,
  );
  const events = [...unique.values()].filter((event) => !unusable.has(event));
  if (events.length === 0) return result.build();

  const now = new Date((deps.now ?? Date.now)()).toISOString();
  let pending = groupBy(events, (event) => event.thingName);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && pending.size > 0; attempt++) {
    pending = await applyOnce(deps.search, pending, versions, now, result);
  }
  for (const event of [...pending.values()].flat()) {
    const reason = `devices/${event.thingName} changed concurrently ${MAX_ATTEMPTS} times in a row`;
    result.fail(event.record, reason);
  }
  return result.build();
}

/** One read-plan-write round; returns the devices to try again (their write lost a race). */
async function applyOnce(
  client: Client,
  byThing: ReadonlyMap<string, JobExecutionEvent[]>,
  versions: ReadonlyMap<string, string>,
  now: string,
  result: IngestResultBuilder,
): Promise<Map<string, JobExecutionEvent[]>> {
  const devices = await getDocuments(client, [...byThing.keys()].map(deviceRef));
  const planned: {
    thingName: string;
    stored: StoredDocument<DevicesDocument>;
    plan: DeviceJobPlan;
  }[] = [];
  for (const [thingName, events] of byThing) {
    const stored = devices.get(refKey(deviceRef(thingName))) as
      StoredDocument<DevicesDocument> | undefined;
    if (!stored) {
      const reason = `device ${thingName} is not registered (no devices document); job result not recorded`;
      for (const event of events) result.fail(event.record, reason);
      continue;
    }
    planned.push({ thingName, stored, plan: planDeviceJobs(stored.source, events, versions) });
  }

  const byVin = new Map<string, DeviceMembership[]>();
  for (const { thingName, stored, plan } of planned) {
    const vin = stored.source.vin;
    if (vin === undefined || plan.vehicleSoftwareVersion === undefined) continue;
    const membership = { deviceid: thingName, vin, softwareversion: plan.vehicleSoftwareVersion };
    byVin.set(vin, [...(byVin.get(vin) ?? []), membership]);
  }
  const vehicles = await getDocuments(client, [...byVin.keys()].flatMap(vehicleRefs));
  const writes = planned.filter(({ plan }) => plan.document !== undefined);
  const extra = writes.map(({ thingName, stored, plan }) =>
    deviceWrite(thingName, stored, plan.document!),
  );
  const update = await updateVehicles(client, {
    vins: byVin.keys(),
    found: vehicles,
    plan: (vin, docs) => planVehicleDevices(vin, docs, byVin.get(vin) ?? [], now),
    extra,
  });

  const retry = new Map<string, JobExecutionEvent[]>();
  const outcomes = new Map(writes.map(({ thingName }, i) => [thingName, update.extraOutcomes[i]!]));
  for (const { thingName, stored, plan } of planned) {
    const events = byThing.get(thingName)!;
    const write = outcomes.get(thingName);
    if (write?.conflict) {
      retry.set(thingName, events);
      continue;
    }
    const vehicleFailure =
      stored.source.vin === undefined ? undefined : update.failedVins.get(stored.source.vin);
    events.forEach((event, i) => {
      const outcome = plan.outcomes[i]!;
      // The write carried the newest status and every success's version; nothing else needed it.
      const needed = outcome === 'applied' || needsDocument(event);
      if (needed && write && write.status >= 300) {
        result.fail(
          event.record,
          `devices not stored: ${write.error ?? `status ${write.status}`}`,
          isRetryableStatus(write.status),
        );
      } else if (vehicleFailure && needsDocument(event)) {
        result.fail(event.record, `vehicle state not updated: ${vehicleFailure}`, true);
      } else if (outcome === 'stale') result.stale++;
      else if (outcome === 'duplicate') result.duplicates++;
      else result.accepted++;
    });
  }
  return retry;
}
