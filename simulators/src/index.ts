export { startFleet, DEFAULT_BROKER_URL } from './start-fleet';
export type { Fleet, FleetErrorEvent, FleetOptions } from './start-fleet';
export type { FleetStats, OtaStats } from './fleet-stats';
export { OTA_TRANSPORTS } from './ota/ota-options';
export type { JobsDataPlaneConfig, OtaOptions, OtaTransport } from './ota/ota-options';
export type { JobsDataPlaneSender } from './ota/jobs-http-client';
export type { OtaOutcome } from './ota/ota-agent';
export { thingRegistration, THING_ATTRIBUTE_VALUE } from './thing-provisioner';
export type { ThingAttributes, ThingProvisioner, ThingRegistration } from './thing-provisioner';
export {
  LOCAL_ACCOUNT_ID,
  registryEventProvisioner,
  stableThingId,
  thingCreatedEvent,
  thingCreatedTopic,
  thingUpdatedEvent,
  thingUpdatedTopic,
} from './registry-event-provisioner';
export type {
  RegistryEventProvisionerOptions,
  ThingCreatedEvent,
  ThingEvent,
  ThingUpdatedEvent,
} from './registry-event-provisioner';
export { iotRegistryProvisioner } from './iot-registry-provisioner';
export type { IotRegistryClient, IotRegistryProvisionerOptions } from './iot-registry-provisioner';
export { AMAZON_ROOT_CA_URL, deviceCertificateProvisioner } from './device-certificate-provisioner';
export { PreflightError } from './preflight-error';
export type {
  DeviceCertificateProvisioner,
  DeviceCertificateProvisionerOptions,
  DeviceCertificateSummary,
  IotCertificateClient,
} from './device-certificate-provisioner';
export { createVehicle } from './simulated-vehicle';
export type { DrivingState, SimulatedVehicle, VehicleSnapshot } from './simulated-vehicle';
export { ANOMALY_KINDS } from './simulation-options';
export type { AnomalyKind, VehicleSimulationOptions } from './simulation-options';
export { createVehicleProfile, planFleet } from './vehicle-profile';
export type { VehicleProfile } from './vehicle-profile';
export { createVehicleIdentity, simulatedThingName } from './vehicle-identity';
export type { VehicleIdentity } from './vehicle-identity';
export { homeCities, pickHomeLocation } from './home-location';
export type { Continent, HomeCity, HomeLocation } from './home-location';
export { buildVin, isValidVin, vinCheckDigit } from './vin';
export { createRandom, deriveSeed } from './random';
export type { Random } from './random';
export type { OutgoingMessage } from './outgoing-message';
export { ROAD_TYPES } from './road';
export type { RoadType } from './road';
export type { FleetTarget } from './device-connection';
