import { join } from 'node:path';
import {
  INGEST_HANDLER_NAMES,
  IOT_RULES,
  IOT_SQL_VERSION,
  type IngestHandlerName,
} from '@fleet/iot-rules';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as iot from 'aws-cdk-lib/aws-iot';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  acknowledgeLambdaBasicExecution,
  acknowledgeWildcardResources,
} from './nag-acknowledgements';
import { FleetFunction } from './fleet-function';

export interface IngestProps {
  /** HTTPS endpoint of the OpenSearch domain the handlers write to. */
  readonly opensearchEndpoint: string;
  /** The domain's ARN, for the handlers' HTTP-method-scoped access. */
  readonly opensearchDomainArn: string;
  /** The IoT rules' error bucket; handlers put their rejected records under `ingest/`. */
  readonly errorBucket: s3.IBucket;
  /** `direct`: IoT invokes each Lambda per message; `batched`: rules feed SQS, Lambdas take batches. */
  readonly ingestMode: 'direct' | 'batched';
  /** SSM path of the fleet's config (anomaly thresholds). */
  readonly configPath: string;
  readonly logRetention: logs.RetentionDays;
}

const SERVICE_ROOT = join(__dirname, '../../services/ingest');

/**
 * The ingest path: one Lambda per handler, built from `services/ingest` with esbuild, and one IoT
 * topic rule per entry of `@fleet/iot-rules`, with the same SQL, feeding its Lambda (directly or
 * through SQS) and sending failures to the error bucket.
 */
export class Ingest extends Construct {
  readonly functions: Readonly<Record<IngestHandlerName, nodejs.NodejsFunction>>;
  readonly rules: readonly iot.CfnTopicRule[];
  /** Batched mode: each handler rule's queue and its dead-letter queue; empty in direct mode. */
  readonly queues: readonly { readonly queue: sqs.Queue; readonly deadLetters: sqs.Queue }[];
  private readonly queueList: { queue: sqs.Queue; deadLetters: sqs.Queue }[] = [];

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    if (!props.opensearchEndpoint.startsWith('https://')) {
      throw new Error('opensearchEndpoint must be an https:// URL');
    }
    if (!props.configPath.startsWith('/')) throw new Error('configPath must start with /');
    const stack = Stack.of(this);

    const functions = {} as Record<IngestHandlerName, nodejs.NodejsFunction>;
    for (const name of INGEST_HANDLER_NAMES) {
      const logGroup = new logs.LogGroup(this, `${name}Logs`, { retention: props.logRetention });
      const fn = new FleetFunction(this, `${name}Handler`, {
        entry: join(SERVICE_ROOT, 'src/lambda/entry', `${name}.ts`),
        memorySize: 512,
        timeout: Duration.seconds(30),
        logGroup,
        environment: {
          OPENSEARCH_URL: props.opensearchEndpoint,
          OPENSEARCH_AUTH: 'sigv4',
          IOT_ERROR_BUCKET: props.errorBucket.bucketName,
          FLEET_CONFIG_PATH: props.configPath,
        },
      });
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [props.errorBucket.arnForObjects('ingest/*')],
        }),
      );
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['es:ESHttpGet', 'es:ESHttpPost', 'es:ESHttpPut'],
          resources: [`${props.opensearchDomainArn}/*`],
        }),
      );
      acknowledgeLambdaBasicExecution(fn);
      acknowledgeWildcardResources(
        fn,
        [props.errorBucket.arnForObjects('ingest/*'), `${props.opensearchDomainArn}/*`],
        'Path-scoped: one object per rejected record under ingest/, and the HTTP paths (GET, POST, PUT only) of the one OpenSearch domain.',
      );
      functions[name] = fn;
    }
    const configParameters = stack.formatArn({
      service: 'ssm',
      resource: 'parameter',
      resourceName: `${props.configPath.slice(1)}/*`,
    });
    functions.telemetry.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [configParameters] }),
    );
    acknowledgeWildcardResources(
      functions.telemetry,
      [configParameters],
      'Only the parameters under the fleet config path, which hold the anomaly thresholds.',
    );
    const jobs = stack.formatArn({ service: 'iot', resource: 'job', resourceName: '*' });
    functions.ota.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['iot:GetJobDocument'], resources: [jobs] }),
    );
    acknowledgeWildcardResources(
      functions.ota,
      [jobs],
      'OTA jobs are created at run time by the API, so their ids are not known at deploy time.',
    );
    this.functions = functions;

    // One role for the rules' actions: write error records, and in batched mode feed the queues.
    const ruleRole = new iam.Role(this, 'RuleActionsRole', {
      assumedBy: new iam.ServicePrincipal('iot.amazonaws.com'),
    });
    ruleRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.errorBucket.arnForObjects('*')],
      }),
    );
    acknowledgeWildcardResources(
      ruleRole,
      [props.errorBucket.arnForObjects('*')],
      'Error actions write one object per failed message, keyed by rule name and topic.',
    );
    const errorAction = (prefix: string): iot.CfnTopicRule.ActionProperty => ({
      s3: {
        bucketName: props.errorBucket.bucketName,
        key: `${prefix}/\${topic()}/\${timestamp()}-\${newuuid()}.json`,
        roleArn: ruleRole.roleArn,
      },
    });

    this.rules = IOT_RULES.map((rule) => {
      let action: iot.CfnTopicRule.ActionProperty;
      if (rule.action.kind === 'error-sink') {
        action = errorAction(rule.name);
      } else if (props.ingestMode === 'batched') {
        const queue = this.queueFor(rule.name, functions[rule.action.handler]);
        queue.grantSendMessages(ruleRole);
        action = { sqs: { queueUrl: queue.queueUrl, roleArn: ruleRole.roleArn, useBase64: false } };
      } else {
        action = { lambda: { functionArn: functions[rule.action.handler].functionArn } };
      }
      const topicRule = new iot.CfnTopicRule(this, rule.name, {
        ruleName: `${rule.name}_${stack.stackName.replace(/[^A-Za-z0-9_]/g, '_')}`,
        topicRulePayload: {
          description: rule.description,
          sql: rule.sql,
          awsIotSqlVersion: IOT_SQL_VERSION,
          ruleDisabled: false,
          actions: [action],
          errorAction: errorAction(rule.name),
        },
      });
      if (rule.action.kind === 'handler' && props.ingestMode === 'direct') {
        // Only this rule may invoke the function.
        functions[rule.action.handler].addPermission(`${rule.name}Invoke`, {
          principal: new iam.ServicePrincipal('iot.amazonaws.com'),
          sourceArn: topicRule.attrArn,
          sourceAccount: stack.account,
        });
      }
      return topicRule;
    });
    this.queues = this.queueList;
  }

  private queueFor(ruleName: string, fn: nodejs.NodejsFunction): sqs.Queue {
    const deadLetters = new sqs.Queue(this, `${ruleName}DeadLetters`, {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(this, `${ruleName}Queue`, {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      visibilityTimeout: Duration.seconds(180),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
    this.queueList.push({ queue, deadLetters });
    fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 500,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );
    return queue;
  }
}
