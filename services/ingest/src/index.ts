export * from './ingest-record';
export { historyId } from './message-batch';
export { ingestTelemetry, type TelemetryDeps } from './telemetry/ingest-telemetry';
export {
  ANOMALY_THRESHOLDS_PARAMETER,
  type AnomalyThresholds,
  DEFAULT_ANOMALY_THRESHOLDS,
  anomalyThresholds,
} from './telemetry/anomaly-thresholds';
export {
  type AnomalyThresholdSource,
  createAnomalyThresholdSource,
} from './telemetry/anomaly-threshold-source';
export { ingestDtc, type DtcDeps } from './dtc/ingest-dtc';
export { ingestTrip } from './trip/ingest-trip';
export { ingestEvent } from './event/ingest-event';
export type { HistoryDeps } from './device-history';
