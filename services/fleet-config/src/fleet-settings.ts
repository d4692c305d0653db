import { z } from 'zod';
import { anomalyThresholds } from './anomaly-thresholds';

/** A Mapbox public token (`pk.`); it ships to browsers, so it is config, not a secret. */
export const mapboxAccessToken = z
  .string()
  .regex(/^pk\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'must be a Mapbox public token (pk.…)')
  .max(512);

/** Every setting an admin can change, with the SSM parameter (under the config path) it lives in. */
export const fleetSettings = z
  .object({
    anomalyThresholds: anomalyThresholds.strict().prefault({}),
    /** Empty until an admin sets one; the console then falls back to a tile-free map. */
    mapboxAccessToken: mapboxAccessToken.nullable().default(null),
    /** How often the console polls the map and lists, in seconds. */
    consoleRefreshIntervalSeconds: z.number().int().min(2).max(3600).default(10),
  })
  .strict();
export type FleetSettings = z.output<typeof fleetSettings>;
export type FleetSettingName = keyof FleetSettings;

export const DEFAULT_FLEET_SETTINGS: FleetSettings = fleetSettings.parse({});

export const FLEET_SETTING_NAMES = Object.keys(DEFAULT_FLEET_SETTINGS) as FleetSettingName[];

/** The default config path; every setting is one parameter below it, stored as JSON. */
export const DEFAULT_CONFIG_PATH = '/fleet/config';

/** The parameter holding the change audit (who changed which settings, and when). */
export const CONFIG_AUDIT_PARAMETER = 'audit';

export const configParameterName = (configPath: string, name: string) =>
  `${configPath.replace(/\/+$/, '')}/${name}`;
