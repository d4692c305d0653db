import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { FleetApi } from './fleet-api';
import type { FleetSearchDomain } from './fleet-search-domain';
import type { Ingest } from './ingest';

export interface FleetAlarmsProps {
  readonly ingest: Ingest;
  readonly api: FleetApi;
  readonly search: FleetSearchDomain;
  /** Scheduled or deploy-time functions whose failures matter (retention, index bootstrap). */
  readonly jobs?: Readonly<Record<string, lambda.IFunction>>;
  /** Who is emailed when an alarm fires; confirm the subscription email SNS sends. @default none */
  readonly email?: string;
  /** Free storage below this share of a data node's volume alarms. @default 0.25 */
  readonly freeStorageShare?: number;
}

/**
 * What an operator must hear about, on one encrypted SNS topic: ingest functions failing or
 * throttled, messages parked in dead-letter queues or waiting too long (batched mode), the
 * search domain red, blocking writes, short of disk or memory, or missing snapshots, the API
 * answering 5xx, and the retention job failing. Each alarm says what to check.
 */
export class FleetAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: FleetAlarmsProps) {
    super(scope, id);
    const freeStorageShare = props.freeStorageShare ?? 0.25;
    if (!(freeStorageShare > 0 && freeStorageShare < 1)) {
      throw new Error('freeStorageShare must be between 0 and 1');
    }
    if (props.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.email)) {
      throw new Error(`email: ${props.email} is not an email address`);
    }

    // CloudWatch cannot publish to a topic under the AWS-managed SNS key, so a key of our own.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the fleet alarm topic',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Fleet Manager alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    const alarms: cloudwatch.Alarm[] = [];
    const alarm = (
      name: string,
      metric: cloudwatch.Metric,
      threshold: number,
      description: string,
      options: Partial<cloudwatch.CreateAlarmOptions> = {},
    ) => {
      const created = metric.createAlarm(this, name, {
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
        ...options,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      alarms.push(created);
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

    for (const [name, fn] of Object.entries(props.ingest.functions)) {
      alarm(
        `${name}Errors`,
        fn.metricErrors(fiveMinutes),
        1,
        `The ${name} ingest function failed a whole invocation (not a rejected record): check its logs and the search domain; the messages went to the IoT error bucket or will be retried.`,
      );
      alarm(
        `${name}Throttles`,
        fn.metricThrottles(fiveMinutes),
        1,
        `The ${name} ingest function was throttled: raise its concurrency, or switch to batched ingest.`,
      );
    }
    for (const [index, { queue, deadLetters }] of props.ingest.queues.entries()) {
      alarm(
        `DeadLetters${index}`,
        deadLetters.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        1,
        `Messages failed five times and were parked in ${deadLetters.node.id}: inspect them, fix the cause, and redrive them to the queue.`,
      );
      alarm(
        `QueueAge${index}`,
        queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        300,
        `Ingest is more than 5 minutes behind on ${queue.node.id}: the vehicles on the map are stale; check the function's errors and the domain's load.`,
        { evaluationPeriods: 3 },
      );
    }

    const domain = props.search.domain;
    const minute = { period: Duration.minutes(1) };
    alarm(
      'SearchClusterRed',
      domain.metricClusterStatusRed({ ...minute, statistic: cloudwatch.Stats.MAXIMUM }),
      1,
      'A primary shard of the fleet domain is unassigned: some indices cannot be read or written.',
    );
    alarm(
      'SearchWritesBlocked',
      domain.metricClusterIndexWritesBlocked({ ...minute, statistic: cloudwatch.Stats.MAXIMUM }),
      1,
      'The fleet domain is refusing writes (usually disk or memory pressure): ingest is failing.',
    );
    alarm(
      'SearchFreeStorage',
      domain.metricFreeStorageSpace({ ...minute, statistic: cloudwatch.Stats.MINIMUM }),
      Math.round(props.search.volumeSizeGiB * 1024 * freeStorageShare),
      `A data node has less than ${Math.round(freeStorageShare * 100)} % of its disk free: lower retentionDays or grow the volumes before writes are blocked.`,
      { comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD },
    );
    alarm(
      'SearchJvmMemoryPressure',
      domain.metricJVMMemoryPressure({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      85,
      'JVM memory pressure of the fleet domain stayed at 85 % or more for 15 minutes: requests may be rejected; consider larger data nodes.',
      { evaluationPeriods: 3 },
    );
    alarm(
      'SearchSnapshotFailure',
      domain.metricAutomatedSnapshotFailure({ ...minute, statistic: cloudwatch.Stats.MAXIMUM }),
      1,
      'The fleet domain missed its automated snapshot.',
    );

    alarm(
      'ApiServerErrors',
      props.api.api.metricServerError(fiveMinutes),
      5,
      'The fleet API answered 5xx five times or more in 5 minutes: check the API function logs and the search domain.',
    );
    for (const [name, fn] of Object.entries(props.jobs ?? {})) {
      alarm(
        `${name}Errors`,
        fn.metricErrors({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM }),
        1,
        `The ${name} function failed: check its logs.`,
      );
    }
    this.alarms = alarms;
  }
}
