import { IOT_RULES, IOT_SQL_VERSION } from '@fleet/iot-rules';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Ingest } from '../../src';
import { ingestStack } from '../support/ingest-stack';

/* eslint-disable jest/expect-expect -- Template assertions (hasResourceProperties, resourceCountIs) are the expectations here. */
describe('Ingest', () => {
  const direct = Template.fromStack(ingestStack('direct').stack);

  it('creates one topic rule per shared rule, with its SQL and an S3 error action', () => {
    direct.resourceCountIs('AWS::IoT::TopicRule', IOT_RULES.length);
    for (const rule of IOT_RULES) {
      direct.hasResourceProperties('AWS::IoT::TopicRule', {
        TopicRulePayload: Match.objectLike({
          Sql: rule.sql,
          AwsIotSqlVersion: IOT_SQL_VERSION,
          ErrorAction: { S3: Match.objectLike({ Key: Match.stringLikeRegexp(`^${rule.name}/`) }) },
          Actions: [
            rule.action.kind === 'handler'
              ? { Lambda: { FunctionArn: Match.anyValue() } }
              : { S3: Match.objectLike({ BucketName: Match.anyValue() }) },
          ],
        }),
      });
    }
  });

  it('builds every handler for Node 24 on ARM64 with source maps and its settings', () => {
    const functions = direct.findResources('AWS::Lambda::Function');
    const handlers = Object.values(functions).filter(
      (f) => (f as { Properties: { Environment?: unknown } }).Properties.Environment,
    );
    expect(handlers).toHaveLength(6);
    for (const fn of handlers) {
      expect(fn).toMatchObject({
        Properties: {
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          LoggingConfig: { LogGroup: expect.anything() },
          Environment: {
            Variables: {
              NODE_OPTIONS: '--enable-source-maps',
              OPENSEARCH_URL: 'https://search-fleet.eu-west-1.es.amazonaws.com',
              OPENSEARCH_AUTH: 'sigv4',
              IOT_ERROR_BUCKET: expect.anything(),
              FLEET_CONFIG_PATH: '/fleet/config',
            },
          },
        },
      });
    }
  });

  it('lets each rule, and only it, invoke its function', () => {
    const handlerRules = IOT_RULES.filter((r) => r.action.kind === 'handler');
    direct.resourceCountIs('AWS::Lambda::Permission', handlerRules.length);
    direct.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'iot.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Ingestfleetcardata'), 'Arn'] },
      SourceAccount: '123456789012',
    });
  });

  it('in batched mode, feeds each handler rule to a queue the function drains in batches', () => {
    const batched = Template.fromStack(ingestStack('batched').stack);
    const handlerRules = IOT_RULES.filter((r) => r.action.kind === 'handler');
    batched.resourceCountIs('AWS::Lambda::EventSourceMapping', handlerRules.length);
    batched.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 500,
    });
    batched.hasResourceProperties('AWS::IoT::TopicRule', {
      TopicRulePayload: Match.objectLike({
        Sql: IOT_RULES[0]!.sql,
        Actions: [{ Sqs: Match.objectLike({ UseBase64: false }) }],
      }),
    });
    batched.resourceCountIs('AWS::Lambda::Permission', 0);
  });

  it('scopes the handlers: config parameters, job documents, HTTP methods on the domain', () => {
    direct.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ssm:GetParameter',
            Resource: partitioned(':ssm:eu-west-1:123456789012:parameter/fleet/config/*'),
          }),
        ]),
      },
    });
    direct.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'iot:GetJobDocument',
            Resource: partitioned(':iot:eu-west-1:123456789012:job/*'),
          }),
        ]),
      },
    });
    direct.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['es:ESHttpGet', 'es:ESHttpPost', 'es:ESHttpPut'],
            Resource: 'arn:aws:es:eu-west-1:123456789012:domain/fleet/*',
          }),
        ]),
      },
    });
  });

  it('refuses an endpoint that is not HTTPS', () => {
    const stack = new Stack(new App());
    expect(
      () =>
        new Ingest(stack, 'Ingest', {
          opensearchEndpoint: 'http://search.example',
          opensearchDomainArn: 'arn:aws:es:eu-west-1:1:domain/x',
          errorBucket: new s3.Bucket(stack, 'B'),
          ingestMode: 'direct',
          configPath: '/fleet/config',
          logRetention: logs.RetentionDays.ONE_DAY,
        }),
    ).toThrow('opensearchEndpoint must be an https:// URL');
  });
});

describe('DevicePolicy', () => {
  it('lets a thing connect as itself and publish only on its own topics', () => {
    const policy = Object.values(direct().findResources('AWS::IoT::Policy'))[0] as {
      Properties: { PolicyDocument: { Statement: { Action: string; Resource: unknown }[] } };
    };
    const text = JSON.stringify(policy.Properties.PolicyDocument);
    expect(text).toContain(':client/${iot:Connection.Thing.ThingName}');
    expect(text).toContain(':topic/dt/cvra/${iot:Connection.Thing.ThingName}/*');
    expect(text).toContain(':topic/$aws/things/${iot:Connection.Thing.ThingName}/*');
    expect(text).toContain(':topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/*');
    expect(text).not.toContain('topic/*');
  });
});

/** An ARN as CDK renders it: `arn:` + the partition + the rest. */
function partitioned(rest: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}

function direct() {
  return Template.fromStack(ingestStack('direct').stack);
}
