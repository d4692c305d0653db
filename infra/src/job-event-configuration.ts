import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import {
  acknowledgeAwsCustomResourceProvider,
  acknowledgeWildcardResources,
} from './nag-acknowledgements';

/** The IoT registry events ingest subscribes to: job executions (OTA) and thing changes. */
export const JOB_EVENT_CONFIGURATIONS = {
  JOB_EXECUTION: { Enabled: true },
  THING: { Enabled: true },
} as const;

/**
 * Turns on the account's IoT `JOB_EXECUTION` and `THING` event messages, which ingest needs,
 * on create and update. On delete it leaves them on: the setting is account-wide, and other
 * stacks or tools in the account may rely on the same events.
 */
export class JobEventConfiguration extends Construct {
  readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const call: cr.AwsSdkCall = {
      service: 'Iot',
      action: 'UpdateEventConfigurations',
      parameters: { eventConfigurations: JOB_EVENT_CONFIGURATIONS },
      // One setting per account and region, so a fixed id.
      physicalResourceId: cr.PhysicalResourceId.of('iot-event-configurations'),
    };
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['iot:UpdateEventConfigurations'], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
    });
    acknowledgeWildcardResources(
      this.resource,
      ['*'],
      'iot:UpdateEventConfigurations acts on the account setting and supports no resource-level permissions; it is the only action granted.',
    );
    acknowledgeAwsCustomResourceProvider(this);
  }
}
