export {
  ANOMALY_THRESHOLDS_PARAMETER,
  type AnomalyThresholds,
  DEFAULT_ANOMALY_THRESHOLDS,
  anomalyThresholds,
} from './anomaly-thresholds';
export {
  CONFIG_AUDIT_PARAMETER,
  DEFAULT_CONFIG_PATH,
  DEFAULT_FLEET_SETTINGS,
  FLEET_SETTING_NAMES,
  type FleetSettingName,
  type FleetSettings,
  configParameterName,
  fleetSettings,
  mapboxAccessToken,
} from './fleet-settings';
export {
  type ConfigAudit,
  type ConfigChange,
  MAX_AUDITED_CHANGES,
  configAudit,
  configChange,
  withChange,
} from './config-audit';
