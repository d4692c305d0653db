import {
  DEFAULT_CONFIG_PATH,
  DEFAULT_FLEET_SETTINGS,
  FLEET_SETTING_NAMES,
  type FleetSettingName,
  configParameterName,
} from '@fleet/fleet-config';
import { Stack } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeAwsCustomResourceProvider } from './nag-acknowledgements';

export interface FleetConfigParametersProps {
  /** SSM path of the fleet settings. @default `/fleet/config` */
  readonly configPath?: string;
}

/**
 * Creates each fleet setting's SSM parameter under the config path with its default (JSON) if
 * it does not exist yet, on every deploy, so a fresh deployment has every setting the console
 * shows and a setting added later appears. It never overwrites: the values belong to the admins
 * who change them through the API, so a deploy (even one that changes a default in
 * `@fleet/fleet-config`) keeps them, and deleting the stack leaves them in place.
 */
export class FleetConfigParameters extends Construct {
  readonly configPath: string;
  /** The custom resource that creates each setting's parameter when it is absent. */
  readonly parameters: Readonly<Record<FleetSettingName, cr.AwsCustomResource>>;

  constructor(scope: Construct, id: string, props: FleetConfigParametersProps = {}) {
    super(scope, id);
    const configPath = (props.configPath ?? DEFAULT_CONFIG_PATH).replace(/\/+$/, '');
    if (!configPath.startsWith('/') || configPath.length < 2) {
      throw new Error('configPath must start with / and name a path');
    }
    this.configPath = configPath;
    const stack = Stack.of(this);
    const parameters = {} as Record<FleetSettingName, cr.AwsCustomResource>;
    for (const name of FLEET_SETTING_NAMES) {
      const parameterName = configParameterName(configPath, name);
      const createIfAbsent: cr.AwsSdkCall = {
        service: 'SSM',
        action: 'PutParameter',
        parameters: {
          Name: parameterName,
          // `null` (no Mapbox token yet) is stored as the JSON text `null`, which the API reads back.
          Value: JSON.stringify(DEFAULT_FLEET_SETTINGS[name]),
          Type: 'String',
          Description: `Fleet setting ${name} (JSON); default from @fleet/fleet-config`,
          Overwrite: false,
        },
        // An existing value is an admin's (or an earlier default): keep it.
        ignoreErrorCodesMatching: 'ParameterAlreadyExists',
        physicalResourceId: cr.PhysicalResourceId.of(parameterName),
      };
      parameters[name] = new cr.AwsCustomResource(this, name, {
        resourceType: 'Custom::FleetSetting',
        onCreate: createIfAbsent,
        onUpdate: createIfAbsent,
        policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
          resources: [
            stack.formatArn({
              service: 'ssm',
              resource: 'parameter',
              resourceName: parameterName.slice(1),
            }),
          ],
        }),
        installLatestAwsSdk: false,
      });
    }
    this.parameters = parameters;
    acknowledgeAwsCustomResourceProvider(this);
  }
}
