import {
  DEFAULT_CONFIG_PATH,
  DEFAULT_FLEET_SETTINGS,
  FLEET_SETTING_NAMES,
  type FleetSettingName,
  configParameterName,
} from '@fleet/fleet-config';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

export interface FleetConfigParametersProps {
  /** SSM path of the fleet settings. @default `/fleet/config` */
  readonly configPath?: string;
}

/**
 * One SSM parameter per fleet setting under the config path, holding its default as JSON, so a
 * fresh deployment has every setting the console shows. Admins change the values through the
 * API; CloudFormation only rewrites one if its default changes in `@fleet/fleet-config`.
 */
export class FleetConfigParameters extends Construct {
  readonly configPath: string;
  readonly parameters: Readonly<Record<FleetSettingName, ssm.StringParameter>>;

  constructor(scope: Construct, id: string, props: FleetConfigParametersProps = {}) {
    super(scope, id);
    const configPath = (props.configPath ?? DEFAULT_CONFIG_PATH).replace(/\/+$/, '');
    if (!configPath.startsWith('/') || configPath.length < 2) {
      throw new Error('configPath must start with / and name a path');
    }
    this.configPath = configPath;
    const parameters = {} as Record<FleetSettingName, ssm.StringParameter>;
    for (const name of FLEET_SETTING_NAMES) {
      parameters[name] = new ssm.StringParameter(this, name, {
        parameterName: configParameterName(configPath, name),
        // `null` (no Mapbox token yet) is stored as the JSON text `null`, which the API reads back.
        stringValue: JSON.stringify(DEFAULT_FLEET_SETTINGS[name]),
        description: `Fleet setting ${name} (JSON); default from @fleet/fleet-config`,
        tier: ssm.ParameterTier.STANDARD,
      });
    }
    this.parameters = parameters;
  }
}
