export { startLocalAws, type LocalAws, type LocalAwsOptions } from './start-local-aws';
export type { Clock, IotPublisher, ThingDirectory } from './ports';

export { startAwsEdge, type AwsEdge, type AwsEdgeOptions } from './edge/edge-server';
export type {
  AwsJsonOperation,
  AwsJsonService,
  EmulatedService,
  RestJsonService,
} from './edge/emulated-service';
export type { RestJsonInput, RestJsonOutput, RestJsonRoute } from './edge/rest-json-route';
export { AwsServiceError } from './edge/aws-service-error';
export { epochSeconds } from './edge/epoch-seconds';
export {
  IOT_VALIDATION,
  SSM_VALIDATION,
  type ValidationErrorTypes,
  parseRequest,
} from './edge/request-validation';

export { IotThingRegistry, type ThingDescription } from './iot-registry/thing-registry';
export { EVENT_TYPES, type EventType } from './iot-registry/event-types';
export { registryRoutes } from './iot-registry/registry-routes';
export { openThingRegistry } from './iot-registry/open-thing-registry';
export { type IotSecurity, openIotSecurity } from './iot-registry/open-iot-security';
export { securityRoutes } from './iot-registry/security-routes';

export { ParameterStore } from './ssm/parameter-store';
export { ssmService } from './ssm/ssm-service';
export { openParameterStore } from './ssm/open-parameter-store';

export {
  ABORT_REASON_CODE,
  IOT_JOBS_FILE,
  type IotJobs,
  type IotJobsOptions,
  createIotJobs,
} from './iot-jobs';
