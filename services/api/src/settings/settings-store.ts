import {
  GetParametersByPathCommand,
  type Parameter,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import {
  CONFIG_AUDIT_PARAMETER,
  type ConfigAudit,
  type ConfigChange,
  DEFAULT_FLEET_SETTINGS,
  FLEET_SETTING_NAMES,
  type FleetSettings,
  configAudit,
  configParameterName,
  fleetSettings,
  withChange,
} from '@fleet/fleet-config';

export interface StoredSettings {
  readonly settings: FleetSettings;
  readonly audit: ConfigAudit;
}

async function readParameters(ssm: SSMClient, path: string): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page = await ssm.send(
      new GetParametersByPathCommand({ Path: path, Recursive: false, NextToken: nextToken }),
    );
    for (const parameter of page.Parameters ?? ([] as Parameter[])) {
      if (parameter.Name && parameter.Value !== undefined) {
        values.set(parameter.Name.slice(path.replace(/\/+$/, '').length + 1), parameter.Value);
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return values;
}

const parseJson = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * The settings as stored: one JSON parameter per setting under the config path. A missing or
 * unreadable parameter reads as its default, as ingest does, so one bad value cannot hide the rest.
 */
export async function readSettings(ssm: SSMClient, configPath: string): Promise<StoredSettings> {
  const stored = await readParameters(ssm, configPath);
  const settings = { ...DEFAULT_FLEET_SETTINGS } as Record<string, unknown>;
  for (const name of FLEET_SETTING_NAMES) {
    const candidate = fleetSettings.shape[name].safeParse(parseJson(stored.get(name)));
    if (candidate.success && stored.has(name)) settings[name] = candidate.data;
  }
  const audit = configAudit.safeParse(parseJson(stored.get(CONFIG_AUDIT_PARAMETER)));
  return {
    settings: settings as FleetSettings,
    audit: audit.success ? audit.data : { changes: [] },
  };
}

/** Writes the settings that changed, then the audit entry naming them. */
export async function writeSettings(
  ssm: SSMClient,
  configPath: string,
  current: StoredSettings,
  next: FleetSettings,
  change: Omit<ConfigChange, 'settings'>,
): Promise<StoredSettings> {
  const changed = FLEET_SETTING_NAMES.filter(
    (name) => JSON.stringify(current.settings[name]) !== JSON.stringify(next[name]),
  );
  if (changed.length === 0) return current;
  for (const name of changed) {
    await ssm.send(
      new PutParameterCommand({
        Name: configParameterName(configPath, name),
        Value: JSON.stringify(next[name]),
        Type: 'String',
        Overwrite: true,
      }),
    );
  }
  const audit = withChange(current.audit, { ...change, settings: changed });
  await ssm.send(
    new PutParameterCommand({
      Name: configParameterName(configPath, CONFIG_AUDIT_PARAMETER),
      Value: JSON.stringify(audit),
      Type: 'String',
      Overwrite: true,
    }),
  );
  return { settings: next, audit };
}
