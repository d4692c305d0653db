import type { ActiveAnomaly } from '@fleet/index-mappings';
import type { Client } from '@opensearch-project/opensearch';
import { type IngestRecord, type IngestResult, IngestResultBuilder } from '../ingest-record';
import {
  type ParsedRecord,
  bySendTime,
  groupBy,
  readDeviceBatch,
  tallyOutcomes,
  timestampMs,
} from '../message-batch';
import type { BulkOperation } from '../search/document-store';
import {
  type VehicleDocuments,
  type VehiclePlan,
  sharedCardataWrite,
  updateVehicles,
  vehicleDocuments,
} from '../search/vehicle-updates';
import { advanceAnomalies } from './anomaly-detection';
import type { AnomalyThresholdSource } from './anomaly-threshold-source';
import type { AnomalyThresholds } from '@fleet/fleet-config';
import { withLocation } from '../with-location';
import { cardataDocument, latestTelemetryDocument } from './telemetry-documents';

export interface TelemetryDeps {
  readonly search: Client;
  readonly anomalyThresholds: AnomalyThresholdSource;
  readonly now?: () => number;
}

type Telemetry = ParsedRecord<'cardata'>;

/** The messages that may move the vehicle: newer than its stored latest telemetry. */
function newerThanLatest(messages: readonly Telemetry[], docs: VehicleDocuments): Telemetry[] {
  const watermark = timestampMs(docs.latest?.source.sendtimestamp);
  return messages.filter((m) => Date.parse(m.message.sendtimestamp) > watermark);
}

const sameAnomalies = (a: readonly ActiveAnomaly[], b: readonly ActiveAnomaly[]) =>
  a.length === b.length && a.every((anomaly, i) => anomaly.anomalyid === b[i]?.anomalyid);

/**
 * Plans one vehicle's state from its batch of telemetry. Only messages newer than the stored
 * latest telemetry move the vehicle or its anomalies, so out-of-order and redelivered messages
 * change nothing; `latest_telemetry.anomalies` is the detector's state and
 * `shared_cardata.anomalies` mirrors it.
 */
function planVehicle(
  messages: readonly Telemetry[],
  docs: VehicleDocuments,
  thresholds: AnomalyThresholds,
  now: string,
): VehiclePlan {
  const newer = newerThanLatest(messages, docs);
  let active: ActiveAnomaly[] = docs.latest
    ? (docs.latest.source.anomalies ?? [])
    : (docs.shared?.source.anomalies ?? []);
  const records: BulkOperation[] = [];
  for (const { message } of newer) {
    const step = advanceAnomalies(active, message, thresholds);
    active = step.active;
    for (const anomaly of step.opened) {
      records.push({
        action: 'create',
        index: 'anomaly',
        id: anomaly.anomalyid,
        document: {
          ...anomaly,
          vin: message.vin,
          receivedat: message.receivedat,
          geolocation: withLocation(message.geolocation),
        },
      });
    }
  }
  const state: BulkOperation[] = [];
  const newest = newer.at(-1)?.message;
  const shared = docs.shared?.source;
  if (newest) {
    const vin = newest.vin;
    const document = latestTelemetryDocument(newest, shared, active, now);
    state.push(
      docs.latest
        ? {
            action: 'index',
            index: 'latest_telemetry',
            id: vin,
            document,
            ifUnchanged: docs.latest,
          }
        : { action: 'create', index: 'latest_telemetry', id: vin, document },
    );
  }
  const vin = messages[0]!.message.vin;
  if (!sameAnomalies(shared?.anomalies ?? [], active)) {
    state.push(sharedCardataWrite(vin, docs.shared, { anomalies: active }, now));
  }
  return { state, records };
}

/**
 * The telemetry (cardata) handler's core: one `_mget` and one `_bulk` per batch. Writes `cardata`
 * history (`_id` from the message id, so redelivery stores nothing twice), the newest position
 * to `latest_telemetry`, and anomalies to `anomaly` and the vehicle's active list.
 */
export async function ingestTelemetry(
  records: readonly IngestRecord[],
  deps: TelemetryDeps,
): Promise<IngestResult> {
  const result = new IngestResultBuilder();
  const { accepted, found } = await readDeviceBatch('cardata', records, deps.search, result, {
    withVehicles: true,
  });
  if (accepted.length === 0) return result.build();
  const thresholds = await deps.anomalyThresholds();
  const now = new Date((deps.now ?? Date.now)()).toISOString();
  const byVin = groupBy(accepted, (p) => p.message.vin);
  for (const [vin, messages] of byVin) {
    messages.sort(bySendTime);
    result.stale +=
      messages.length - newerThanLatest(messages, vehicleDocuments(vin, found)).length;
  }
  const history: BulkOperation[] = accepted.map((p) => ({
    action: 'create',
    index: 'cardata',
    id: p.historyId,
    document: cardataDocument(p.message, vehicleDocuments(p.message.vin, found).shared?.source),
  }));
  const update = await updateVehicles(deps.search, {
    vins: byVin.keys(),
    found,
    plan: (vin, docs) => planVehicle(byVin.get(vin)!, docs, thresholds, now),
    extra: history,
  });
  tallyOutcomes(result, accepted, update, 'cardata');
  return result.build();
}
