import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FleetApi } from './fleet-api';
import type { FleetAuth } from './fleet-auth';

export interface ConsoleOutputsProps {
  readonly api: FleetApi;
  readonly auth: FleetAuth;
}

/** The stack outputs the console's build reads, by these fixed names. */
export const CONSOLE_OUTPUT_KEYS = {
  apiUrl: 'FleetApiUrl',
  userPoolId: 'FleetUserPoolId',
  userPoolClientId: 'FleetUserPoolClientId',
  region: 'FleetRegion',
} as const;

/**
 * What the console needs to talk to this deployment: the API URL, the user pool and its app
 * client, and the region. Logical ids are fixed so the build can look them up by name.
 */
export class ConsoleOutputs extends Construct {
  constructor(scope: Construct, id: string, props: ConsoleOutputsProps) {
    super(scope, id);
    const values: Record<keyof typeof CONSOLE_OUTPUT_KEYS, [string, string]> = {
      apiUrl: [props.api.url, 'Base URL of the fleet API stage'],
      userPoolId: [props.auth.userPool.userPoolId, 'Cognito user pool of the console users'],
      userPoolClientId: [props.auth.client.userPoolClientId, "The console's app client"],
      region: [Stack.of(this).region, 'Region of the API and the user pool'],
    };
    for (const [key, [value, description]] of Object.entries(values)) {
      const output = new CfnOutput(this, key, { value, description });
      output.overrideLogicalId(CONSOLE_OUTPUT_KEYS[key as keyof typeof CONSOLE_OUTPUT_KEYS]);
    }
  }
}
