import {
  anomalyThresholds,
  configAudit,
  fleetSettings,
  mapboxAccessToken,
} from '@fleet/fleet-config';
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { readSettings, writeSettings } from './settings-store';

export const configResponse = z.object({ settings: fleetSettings, audit: configAudit });

/** Any subset of the settings; thresholds merge field by field, the rest keep their values. */
export const configUpdate = z
  .object({
    anomalyThresholds: anomalyThresholds.partial().strict().optional(),
    mapboxAccessToken: mapboxAccessToken.nullable().optional(),
    consoleRefreshIntervalSeconds: fleetSettings.shape.consoleRefreshIntervalSeconds
      .unwrap()
      .optional(),
  })
  .strict()
  .refine((update) => Object.keys(update).length > 0, { message: 'name at least one setting' });

export const getConfig = defineRoute({
  operationId: 'getConfig',
  method: 'GET',
  path: '/config',
  summary: 'The fleet settings (SSM /fleet/config/) and who last changed them',
  tag: 'config',
  access: 'admin',
  response: configResponse,
  handle: (_input, deps) => readSettings(deps.ssm, deps.configPath),
});

export const putConfig = defineRoute({
  operationId: 'putConfig',
  method: 'PUT',
  path: '/config',
  summary: 'Change some of the fleet settings; the change is audited',
  tag: 'config',
  access: 'admin',
  body: configUpdate,
  response: configResponse,
  async handle({ body, caller }, deps) {
    const current = await readSettings(deps.ssm, deps.configPath);
    const next = fleetSettings.parse({
      ...current.settings,
      ...body,
      anomalyThresholds: { ...current.settings.anomalyThresholds, ...body.anomalyThresholds },
    });
    return writeSettings(deps.ssm, deps.configPath, current, next, {
      changedBy: caller?.username ?? 'unknown',
      changedAt: new Date(deps.now()).toISOString(),
    });
  },
});
