import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { apiStack } from '../support/api-stack';
import { dataStack } from '../support/data-stack';
import { fleetApp } from '../support/fleet-app';
import { ingestStack } from '../support/ingest-stack';

describe.each(['direct', 'batched'] as const)('cdk-nag AwsSolutions, %s ingest', (mode) => {
  it('synthesises with no unacknowledged finding', () => {
    const { app } = ingestStack(mode);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });
});

describe('cdk-nag AwsSolutions, auth and API', () => {
  it.each([
    ['production: MFA required, threat protection, retained', { production: true }],
    ['dev: MFA optional, no paid plan', { mfa: 'OPTIONAL' as const, production: false }],
    [
      'with a WAF web ACL',
      { api: { webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/fleet/1' } },
    ],
  ])('synthesises with no unacknowledged finding (%s)', (_name, options) => {
    const { app } = apiStack(options);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });
});

describe('cdk-nag AwsSolutions, search domain, bootstrap, retention and IoT events', () => {
  it.each([
    ['production: 2 AZs, dedicated masters', true],
    ['dev: one node, no masters', false],
  ])('synthesises with no unacknowledged finding (%s)', (_name, production) => {
    const { app } = dataStack({ domain: { production } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('production has dedicated masters, so OS4 and OS7 are acknowledged only for dev', () => {
    const { app } = dataStack({ domain: { production: true } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const template = JSON.stringify(app.synth().getStackByName('Data').template);
    expect(template).toMatch(/"DedicatedMasterEnabled":true/);
  });

  it('are specific to the data half: a new wildcard on the retention function fails synth', () => {
    const { app, retention } = dataStack();
    retention.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['es:ESHttpDelete'], resources: ['*'] }),
    );
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  });
});

describe('cdk-nag acknowledgements', () => {
  it('are specific: a new wildcard without a reason still fails synth', () => {
    const { app, ingest } = ingestStack('direct');
    ingest.functions.trip.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }),
    );
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  });

  it('are specific to the API: a new wildcard on its function still fails synth', () => {
    const { app, api } = apiStack();
    api.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iot:DeleteJob'],
        resources: ['arn:aws:iot:eu-west-1:123456789012:*'],
      }),
    );
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(
      /AwsSolutions-IAM5\[Resource::arn:aws:iot:eu-west-1:123456789012:\*\]/,
    );
  });

  it('cover only iot:ListJobs on *: a new * on the API function fails synth', () => {
    const { app, api } = apiStack();
    api.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['iot:DeleteJob'], resources: ['*'] }),
    );
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  });

  it('cover only the public method: a second unauthenticated method fails synth', () => {
    const { app, api } = apiStack();
    api.api.root.addMethod('GET');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-APIG4/);
  });
});

describe('cdk-nag AwsSolutions, the whole app (as cdk synth runs it)', () => {
  it.each([
    ['dev, direct ingest', {}, {}],
    ['dev, batched ingest', { ingestMode: 'batched' }, {}],
    ['production', { production: 'true', stage: 'prod' }, {}],
    [
      'custom console domain and web ACLs',
      {},
      {
        FLEET_CONSOLE_DOMAIN_NAME: 'fleet.example.com',
        FLEET_CONSOLE_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
        FLEET_API_WEB_ACL_ARN: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/1',
        FLEET_CONSOLE_WEB_ACL_ARN: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/c/1',
      },
    ],
  ])('synthesises with no unacknowledged finding (%s)', (_name, context, env) => {
    const { app } = fleetApp(context, env);
    expect(() => app.synth()).not.toThrow();
  });

  it('runs the checks itself: a new wildcard in the app fails synth', () => {
    const { app, stack } = fleetApp();
    stack.ingest.functions.telemetry.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }),
    );
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  });
});
