import { INGEST_HANDLER_NAMES, IOT_RULES } from '@fleet/iot-rules';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Stack } from 'aws-cdk-lib';
import type * as cdk from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import {
  CONSOLE_OUTPUT_KEYS,
  FLEET_OUTPUT_KEYS,
  FLEET_SEARCH_HTTP_ACTIONS,
  VEHICLE_THING_TYPE,
} from '../../src';
import { fleetApp } from '../support/fleet-app';

/* eslint-disable jest/expect-expect -- Template assertions (hasResourceProperties, resourceCountIs) are the expectations here. */
const logicalId = (stack: cdk.Stack, element: IConstruct) =>
  stack.getLogicalId(element.node.defaultChild as cdk.CfnElement);

describe('FleetStack (the app with default settings)', () => {
  const { app, stack, config } = fleetApp();
  const template = Template.fromStack(stack);
  const domainId = logicalId(stack, stack.search.domain);
  const endpoint = {
    'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [domainId, 'DomainEndpoint'] }]],
  };

  it('is one stack named by the stage, without a pinned account', () => {
    expect(app.node.children.filter(Stack.isStack).map((child) => child.stackName)).toEqual([
      'Fleet-dev',
    ]);
    expect(config.stage).toBe('dev');
    expect(stack.terminationProtection).toBe(false);
  });

  it("points every ingest function and the API at this stack's domain", () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { OPENSEARCH_AUTH: 'sigv4' } } },
    });
    // One per ingest handler, plus the API.
    expect(Object.keys(functions)).toHaveLength(INGEST_HANDLER_NAMES.length + 1);
    for (const fn of Object.values(functions) as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }[]) {
      expect(fn.Properties.Environment.Variables.OPENSEARCH_URL).toEqual(endpoint);
    }
  });

  it('lets ingest and retention roles write and the API role only read, in the access policy and FGAC', () => {
    const mappings = stack.resolve(stack.search.roleMappings()) as {
      read: unknown[];
      write: unknown[];
    };
    const roleArn = (role: cdk.aws_iam.IRole) => stack.resolve(role.roleArn) as unknown;
    // The ingest handlers, and the retention job's _delete_by_query.
    expect(mappings.write).toEqual([
      ...INGEST_HANDLER_NAMES.map((name) => roleArn(stack.ingest.functions[name].role!)),
      roleArn(stack.retention.function.role!),
    ]);
    expect(mappings.read).toEqual([roleArn(stack.api.function.role!)]);
    // The bootstrap sets the FGAC mappings from the same grants.
    template.hasResourceProperties('Custom::FleetIndexBootstrap', {
      Nonce: 'test-deploy',
      SecurityRoles: [
        Match.objectLike({ name: 'fleet_reader', backendRoles: mappings.read }),
        Match.objectLike({ name: 'fleet_writer', backendRoles: mappings.write }),
      ],
    });
    expect(FLEET_SEARCH_HTTP_ACTIONS.read).not.toContain('es:ESHttpPut');
  });

  it('runs every function of ours on Node 24, ARM64, with source maps and its own log group', () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')) as [
      string,
      {
        Properties: {
          Runtime: string;
          Architectures?: string[];
          LoggingConfig?: { LogGroup?: unknown };
          Environment?: { Variables?: Record<string, unknown> };
        };
      },
    ][];
    const ours = functions.filter(([, fn]) => fn.Properties.Environment?.Variables?.OPENSEARCH_URL);
    // The ingest handlers, the API, the index bootstrap and the retention job.
    expect(ours).toHaveLength(INGEST_HANDLER_NAMES.length + 3);
    for (const [, fn] of ours) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        LoggingConfig: { LogGroup: { Ref: expect.any(String) as unknown } },
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
      });
    }
    // The rest are CDK's own custom resource providers.
    expect(functions.length - ours.length).toBeLessThanOrEqual(2);
  });

  it('creates the indices before any topic rule can deliver a message', () => {
    const bootstrap = stack.getLogicalId(
      stack.bootstrap.resource.node.defaultChild as cdk.CfnElement,
    );
    const rules = template.findResources('AWS::IoT::TopicRule');
    expect(Object.keys(rules)).toHaveLength(IOT_RULES.length);
    for (const rule of Object.values(rules) as { DependsOn?: string[] }[]) {
      expect(rule.DependsOn).toContain(bootstrap);
    }
  });

  it('registers the vehicle thing type with searchable identity attributes', () => {
    template.hasResourceProperties('AWS::IoT::ThingType', {
      ThingTypeName: VEHICLE_THING_TYPE,
      ThingTypeProperties: Match.objectLike({ SearchableAttributes: ['vin', 'make', 'model'] }),
    });
  });

  it("allows the console's CloudFront origin to call the API", () => {
    const distribution = logicalId(stack, stack.hosting.distribution);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CONSOLE_ORIGINS: {
            'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]],
          },
        }),
      },
    });
  });

  it('keeps history for the configured days and deletes the dev stack cleanly', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] },
      LoggingConfiguration: { LogFilePrefix: 'iot-errors/' },
    });
    template.hasResource('AWS::OpenSearchService::Domain', { DeletionPolicy: 'Delete' });
  });

  it('outputs what the console build, device provisioning and operators need', () => {
    const outputs = template.toJSON().Outputs as Record<string, unknown>;
    for (const name of [
      ...Object.values(CONSOLE_OUTPUT_KEYS),
      ...Object.values(FLEET_OUTPUT_KEYS),
    ]) {
      expect(outputs).toHaveProperty(name);
    }
    template.hasOutput(FLEET_OUTPUT_KEYS.devicePolicyName, {
      Value: { Ref: stack.getLogicalId(stack.devicePolicy.policy) },
    });
  });
});

describe('FleetStack settings', () => {
  it('production: termination protection, MFA required, dedicated masters, data retained', () => {
    const { stack } = fleetApp({ production: 'true', stage: 'prod' });
    const template = Template.fromStack(stack);
    expect(stack.stackName).toBe('Fleet-prod');
    expect(stack.terminationProtection).toBe(true);
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
    template.hasResource('AWS::OpenSearchService::Domain', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        ClusterConfig: Match.objectLike({
          DedicatedMasterEnabled: true,
          ZoneAwarenessEnabled: true,
        }),
      }),
    });
  });

  it('batched ingest puts a queue between each handler rule and its function', () => {
    const { stack } = fleetApp({ ingestMode: 'batched' });
    const template = Template.fromStack(stack);
    const handlerRules = IOT_RULES.filter((rule) => rule.action.kind === 'handler');
    // A queue and its dead-letter queue per handler rule.
    template.resourceCountIs('AWS::SQS::Queue', handlerRules.length * 2);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', handlerRules.length);
  });

  it('a custom console domain, extra origins and web ACLs reach the distribution and the API', () => {
    const { stack } = fleetApp(
      {},
      {
        FLEET_CONSOLE_DOMAIN_NAME: 'fleet.example.com',
        FLEET_CONSOLE_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
        FLEET_EXTRA_CONSOLE_ORIGINS: 'http://localhost:3000',
        FLEET_API_WEB_ACL_ARN: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/1',
        FLEET_CONSOLE_WEB_ACL_ARN: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/console/1',
      },
    );
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CONSOLE_ORIGINS: 'https://fleet.example.com,http://localhost:3000',
        }),
      },
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['fleet.example.com'],
        WebACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/console/1',
      }),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/1',
    });
  });

  it('sizes the search domain from the settings', () => {
    const { stack } = fleetApp({
      production: 'true',
      searchInstanceType: 'r7g.xlarge.search',
      searchDataNodes: '4',
      searchVolumeGiB: '500',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::OpenSearchService::Domain', {
      ClusterConfig: Match.objectLike({ InstanceType: 'r7g.xlarge.search', InstanceCount: 4 }),
      EBSOptions: Match.objectLike({ VolumeSize: 500, VolumeType: 'gp3' }),
    });
    // Two zones need an even number of data nodes: the domain refuses at synth.
    expect(() => fleetApp({ production: 'true', searchDataNodes: '3' })).toThrow(/multiple of 2/);
  });

  it('fails synth with the setting named when a value is missing or wrong', () => {
    expect(() => fleetApp({}, { FLEET_CONSOLE_DOMAIN_NAME: 'fleet.example.com' })).toThrow(
      /consoleCertificateArn \(FLEET_CONSOLE_CERTIFICATE_ARN\)/,
    );
    expect(() => fleetApp({ ingestMode: 'firehose' })).toThrow(/ingestMode \(FLEET_INGEST_MODE\)/);
  });
});
