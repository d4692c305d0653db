export { loadInfraConfig, INFRA_CONFIG_ENV, type InfraConfig } from './config';
export { IotErrorBucket, type IotErrorBucketProps } from './iot-error-bucket';
export { Ingest, type IngestProps } from './ingest';
export { DevicePolicy } from './device-policy';
export { FleetAuth, FLEET_GROUPS, type FleetAuthProps, type FleetGroupName } from './fleet-auth';
export {
  FleetApi,
  API_IOT_ACTIONS,
  API_OPENSEARCH_ACTIONS,
  DEFAULT_API_THROTTLE,
  type FleetApiProps,
  type FleetApiThrottle,
} from './fleet-api';
export { FleetConfigParameters, type FleetConfigParametersProps } from './fleet-config-parameters';
export { ConsoleOutputs, CONSOLE_OUTPUT_KEYS, type ConsoleOutputsProps } from './console-outputs';
export {
  FleetSearchDomain,
  FLEET_SEARCH_HTTP_ACTIONS,
  FLEET_SECURITY_ROLES,
  type FleetSearchAccess,
  type FleetSearchAccessRole,
  type FleetSearchDomainProps,
  type FleetSecurityRole,
} from './fleet-search-domain';
export { JobEventConfiguration, JOB_EVENT_CONFIGURATIONS } from './job-event-configuration';
export {
  IndexBootstrap,
  INDEX_BOOTSTRAP_ACTIONS,
  mappingsHash,
  type IndexBootstrapProps,
} from './index-bootstrap';
export { HistoryRetention, type HistoryRetentionProps } from './history-retention';
export { HISTORY_INDICES } from './history-retention/retention-handler';
export { ConsoleHosting, CONSOLE_PATH_REWRITE, type ConsoleHostingProps } from './console-hosting';
export { FleetStack, FLEET_OUTPUT_KEYS, type FleetStackProps } from './fleet-stack';
export { createFleetApp, type FleetAppOptions } from './fleet-app';
export { VehicleThingType, VEHICLE_THING_TYPE } from './vehicle-thing-type';
export { FleetAlarms, type FleetAlarmsProps } from './fleet-alarms';
