export * from './fields';
export { deviceMessage } from './envelope';
export { cardataMessage, type CardataMessage } from './cardata';
export { dtcMessage, type DtcMessage } from './dtc';
export { tripMessage, type TripMessage } from './trip';
export { eventMessage, type EventMessage } from './event';
export { lowercaseKeys, MAX_PAYLOAD_DEPTH, PayloadTooDeepError } from './lowercase-keys';
export * from './topics';
export {
  deviceMessageSchemas,
  describeIssues,
  parseDeviceMessage,
  type DeviceMessage,
  type ParsedDeviceMessage,
} from './parse-device-message';
export type * from './payloads';
export { payloadTypesMatchSchemas } from './payloads';
export {
  JOB_EXECUTION_STATUSES,
  JOB_ID,
  type JobExecutionStatus,
  OTA_JOB_OPERATION,
  type OtaJobDocument,
  otaJobDocument,
} from './ota-job-document';
