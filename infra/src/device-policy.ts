import { Stack } from 'aws-cdk-lib';
import * as iot from 'aws-cdk-lib/aws-iot';
import { Construct } from 'constructs';

const THING = '${iot:Connection.Thing.ThingName}';

/**
 * The IoT policy every vehicle's certificate gets: connect only as its own thing, publish only
 * on `dt/cvra/{thing}/…` and its own `$aws/things/{thing}/…` topics (jobs, shadow), and
 * subscribe to and receive only the latter. Local mode's broker enforces the same rules.
 */
export class DevicePolicy extends Construct {
  readonly policy: iot.CfnPolicy;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const arn = (resource: string, name: string) =>
      Stack.of(this).formatArn({ service: 'iot', resource, resourceName: name });
    this.policy = new iot.CfnPolicy(this, 'Policy', {
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'iot:Connect',
            Resource: arn('client', THING),
            Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } },
          },
          {
            Effect: 'Allow',
            Action: 'iot:Publish',
            Resource: [arn('topic', `dt/cvra/${THING}/*`), arn('topic', `$aws/things/${THING}/*`)],
          },
          {
            Effect: 'Allow',
            Action: 'iot:Subscribe',
            Resource: arn('topicfilter', `$aws/things/${THING}/*`),
          },
          {
            Effect: 'Allow',
            Action: 'iot:Receive',
            Resource: arn('topic', `$aws/things/${THING}/*`),
          },
        ],
      },
    });
  }
}
