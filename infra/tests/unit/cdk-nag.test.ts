import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ingestStack } from '../support/ingest-stack';

describe.each(['direct', 'batched'] as const)('cdk-nag AwsSolutions, %s ingest', (mode) => {
  it('synthesises with no unacknowledged finding', () => {
    const { app } = ingestStack(mode);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
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
});
