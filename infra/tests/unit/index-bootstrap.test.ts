/* eslint-disable jest/expect-expect -- Template assertions (hasResourceProperties, hasResource) are the expectations here. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { INDEX_BOOTSTRAP_ACTIONS, mappingsHash } from '../../src';
import { dataStack } from '../support/data-stack';

describe('IndexBootstrap', () => {
  const { stack } = dataStack();
  const template = Template.fromStack(stack);

  it('is a custom resource carrying the mappings hash, the dev replicas and the FGAC roles', () => {
    template.hasResourceProperties('Custom::FleetIndexBootstrap', {
      MappingsHash: mappingsHash(),
      Replicas: '0',
      SecurityRoles: [
        Match.objectLike({
          name: 'fleet_reader',
          allowedActions: ['read'],
          backendRoles: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiRole'), 'Arn'] }],
        }),
        Match.objectLike({
          name: 'fleet_writer',
          allowedActions: ['crud'],
          backendRoles: [
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestRole'), 'Arn'] },
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^RetentionHandlerServiceRole'), 'Arn'] },
          ],
        }),
      ],
    });
    expect(mappingsHash()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('runs its function as the FGAC master role, pointed at the domain', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SearchMasterRole'), 'Arn'] },
      Environment: {
        Variables: Match.objectLike({
          OPENSEARCH_URL: {
            'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainEndpoint'] }]],
          },
        }),
      },
    });
  });

  it("grants the master role only HEAD, GET and PUT on the domain's paths", () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^SearchMasterRole') }] },
    });
    const statements = Object.values(policies).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties
          .PolicyDocument.Statement,
    );
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: [...INDEX_BOOTSTRAP_ACTIONS],
        Resource: {
          'Fn::Join': [
            '',
            [{ 'Fn::GetAtt': [expect.stringMatching(/^SearchDomain/), 'Arn'] }, '/*'],
          ],
        },
      },
    ]);
  });

  it('production keeps the replicas of the mapping files', () => {
    const prod = Template.fromStack(dataStack({ domain: { production: true } }).stack);
    const [resource] = Object.values(prod.findResources('Custom::FleetIndexBootstrap')) as {
      Properties: Record<string, unknown>;
    }[];
    expect(resource?.Properties.Replicas).toBeUndefined();
  });
});
