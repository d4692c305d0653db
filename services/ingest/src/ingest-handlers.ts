import type { IngestHandlerName } from '@fleet/iot-rules';
import type { Client } from '@opensearch-project/opensearch';
import { ingestDtc } from './dtc/ingest-dtc';
import { ingestEvent } from './event/ingest-event';
import type { IngestRecord, IngestResult } from './ingest-record';
import { ingestOta } from './ota/ingest-ota';
import type { JobDocumentSource } from './ota/job-document-source';
import { ingestRegistry } from './registry/ingest-registry';
import type { AnomalyThresholdSource } from './telemetry/anomaly-threshold-source';
import { ingestTelemetry } from './telemetry/ingest-telemetry';
import { ingestTrip } from './trip/ingest-trip';

/** The clients every handler core is given; production and local mode differ only here. */
export interface IngestClients {
  readonly search: Client;
  readonly anomalyThresholds: AnomalyThresholdSource;
  readonly jobDocuments: JobDocumentSource;
  readonly now?: () => number;
}

export type IngestBatchHandler = (records: readonly IngestRecord[]) => Promise<IngestResult>;

/** Every handler core bound to its clients, by the name the IoT rules use. */
export function createIngestHandlers(
  clients: IngestClients,
): Record<IngestHandlerName, IngestBatchHandler> {
  return {
    telemetry: (records) => ingestTelemetry(records, clients),
    dtc: (records) => ingestDtc(records, clients),
    trip: (records) => ingestTrip(records, clients),
    event: (records) => ingestEvent(records, clients),
    ota: (records) => ingestOta(records, clients),
    registry: (records) => ingestRegistry(records, clients),
  };
}
