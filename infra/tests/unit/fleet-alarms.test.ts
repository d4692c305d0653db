import { INGEST_HANDLER_NAMES, IOT_RULES } from '@fleet/iot-rules';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { fleetApp } from '../support/fleet-app';

interface CfnAlarm {
  Properties: {
    MetricName: string;
    Namespace: string;
    Threshold: number;
    ComparisonOperator: string;
    AlarmActions: unknown[];
    AlarmDescription: string;
    Dimensions?: { Name: string; Value: unknown }[];
  };
}

function alarmsOf(template: Template): CfnAlarm[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')) as CfnAlarm[];
}

describe('FleetAlarms', () => {
  const { stack } = fleetApp({}, { FLEET_ALARM_EMAIL: 'ops@fleet.example.com' });
  const template = Template.fromStack(stack);
  const topic = stack.getLogicalId(stack.alarms.topic.node.defaultChild as CfnElement);
  const alarms = alarmsOf(template);

  it('publishes to one SNS topic, encrypted with a rotating key and SSL-only, emailing ops', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@fleet.example.com',
    });
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
  });

  it('watches every ingest function for failed and throttled invocations', () => {
    for (const metric of ['Errors', 'Throttles']) {
      const lambdaAlarms = alarms.filter(
        (a) =>
          a.Properties.Namespace === 'AWS/Lambda' &&
          a.Properties.MetricName === metric &&
          /ingest function/.test(a.Properties.AlarmDescription),
      );
      expect(lambdaAlarms).toHaveLength(INGEST_HANDLER_NAMES.length);
    }
  });

  it('watches the domain: red, writes blocked, disk below a quarter free, memory, snapshots', () => {
    const search = alarms.filter((a) => a.Properties.Namespace === 'AWS/ES');
    expect(search.map((a) => a.Properties.MetricName).sort()).toEqual([
      'AutomatedSnapshotFailure',
      'ClusterIndexWritesBlocked',
      'ClusterStatus.red',
      'FreeStorageSpace',
      'JVMMemoryPressure',
    ]);
    const storage = search.find((a) => a.Properties.MetricName === 'FreeStorageSpace');
    // A dev data node has 10 GiB; the metric is in MB.
    expect(storage?.Properties).toMatchObject({
      Threshold: 2560,
      ComparisonOperator: 'LessThanOrEqualToThreshold',
    });
  });

  it("watches the API's 5xx answers and the retention job", () => {
    expect(alarms.filter((a) => a.Properties.MetricName === '5XXError')).toHaveLength(1);
    expect(
      alarms.filter((a) => /retention function failed/.test(a.Properties.AlarmDescription)),
    ).toHaveLength(1);
  });

  it('has no queue alarms in direct mode, and dead-letter and age alarms per queue when batched', () => {
    expect(alarms.filter((a) => a.Properties.Namespace === 'AWS/SQS')).toHaveLength(0);
    const batched = alarmsOf(Template.fromStack(fleetApp({ ingestMode: 'batched' }).stack));
    const queues = IOT_RULES.filter((rule) => rule.action.kind === 'handler').length;
    const sqs = batched.filter((a) => a.Properties.Namespace === 'AWS/SQS');
    expect(
      sqs.filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible'),
    ).toHaveLength(queues);
    expect(
      sqs.filter((a) => a.Properties.MetricName === 'ApproximateAgeOfOldestMessage'),
    ).toHaveLength(queues);
  });

  it('sizes the disk alarm to production volumes, and refuses a bad email', () => {
    const production = alarmsOf(Template.fromStack(fleetApp({ production: 'true' }).stack));
    expect(
      production.find((a) => a.Properties.MetricName === 'FreeStorageSpace')?.Properties.Threshold,
    ).toBe(25_600);
    expect(() => fleetApp({ alarmEmail: 'ops at fleet' })).toThrow(
      /alarmEmail \(FLEET_ALARM_EMAIL\)/,
    );
  });
});
