export { loadInfraConfig, type InfraConfig } from './config';
export { IotErrorBucket, type IotErrorBucketProps } from './iot-error-bucket';
export { Ingest, type IngestProps } from './ingest';
export { DevicePolicy } from './device-policy';
