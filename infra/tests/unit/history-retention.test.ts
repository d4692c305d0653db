/* eslint-disable jest/expect-expect -- Template assertions (hasResourceProperties, hasResource) are the expectations here. */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FleetSearchDomain, HistoryRetention, loadInfraConfig } from '../../src';
import { dataStack } from '../support/data-stack';

describe('HistoryRetention', () => {
  const { stack } = dataStack({
    retentionDays: loadInfraConfig(() => undefined, {}).retentionDays,
  });
  const template = Template.fromStack(stack);

  it('runs a Lambda with the configured days against the domain', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      Environment: { Variables: Match.objectLike({ RETENTION_DAYS: '90' }) },
    });
  });

  it('runs it daily from an EventBridge schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RetentionHandler'), 'Arn'] },
        }),
      ],
    });
  });

  it("may only POST to the domain's paths, and is mapped to fleet_writer", () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^RetentionHandlerServiceRole') }] },
    });
    const statements = Object.values(policies).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties
          .PolicyDocument.Statement,
    );
    expect(statements).toEqual([
      expect.objectContaining({ Action: 'es:ESHttpPost', Effect: 'Allow' }),
    ]);
    template.hasResourceProperties('Custom::FleetIndexBootstrap', {
      SecurityRoles: Match.arrayWith([
        Match.objectLike({
          name: 'fleet_writer',
          backendRoles: Match.arrayWith([
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^RetentionHandlerServiceRole'), 'Arn'] },
          ]),
        }),
      ]),
    });
  });

  it.each([0, -1, 1.5])('throws on retentionDays %p', (retentionDays) => {
    const scope = new Stack(new App());
    const domain = new FleetSearchDomain(scope, 'Search', { production: false });
    expect(() => new HistoryRetention(scope, 'Retention', { domain, retentionDays })).toThrow(
      /retentionDays must be an integer of at least 1/,
    );
  });
});
