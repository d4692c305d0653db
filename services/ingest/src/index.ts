export * from './ingest-record';
export { historyId } from './message-batch';
export { ingestTelemetry, type TelemetryDeps } from './telemetry/ingest-telemetry';
export {
  type AnomalyThresholdSource,
  createAnomalyThresholdSource,
} from './telemetry/anomaly-threshold-source';
export { ingestDtc, type DtcDeps } from './dtc/ingest-dtc';
export { ingestTrip } from './trip/ingest-trip';
export { ingestEvent } from './event/ingest-event';
export type { HistoryDeps } from './device-history';
export { ingestOta, type OtaDeps } from './ota/ingest-ota';
export {
  type JobDocumentSource,
  JobDocumentError,
  createJobDocumentSource,
} from './ota/job-document-source';
export { ingestRegistry, type RegistryDeps } from './registry/ingest-registry';
export {
  type IngestBatchHandler,
  type IngestClients,
  createIngestHandlers,
} from './ingest-handlers';
export { createIngestLambda, type IngestLambdaDeps } from './lambda/ingest-lambda';
