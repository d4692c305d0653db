/* eslint-disable jest/expect-expect -- Template assertions (hasResourceProperties, hasResource) are the expectations here. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { App, Stack } from 'aws-cdk-lib';
import { FleetSearchDomain, type FleetSearchDomainProps } from '../../src';
import { dataStack } from '../support/data-stack';

const domainOf = (production: boolean) =>
  Template.fromStack(dataStack({ domain: { production } }).stack);

describe('FleetSearchDomain', () => {
  it('runs the newest OpenSearch engine, encrypted, HTTPS-only with TLS 1.2, gp3', () => {
    domainOf(false).hasResourceProperties('AWS::OpenSearchService::Domain', {
      EngineVersion: 'OpenSearch_3.7',
      EncryptionAtRestOptions: { Enabled: true },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: {
        EnforceHTTPS: true,
        TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07',
      },
      EBSOptions: { EBSEnabled: true, VolumeType: 'gp3' },
    });
  });

  it('has fine-grained access control with an IAM master role and no internal users', () => {
    const template = domainOf(false);
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      AdvancedSecurityOptions: {
        Enabled: true,
        InternalUserDatabaseEnabled: false,
        MasterUserOptions: {
          MasterUserARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SearchMasterRole'), 'Arn'] },
        },
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/MasterUserPassword/);
  });

  it('sends slow search, slow index and error logs to CloudWatch', () => {
    const template = domainOf(false);
    const log = (prefix: string) => ({
      Enabled: true,
      CloudWatchLogsLogGroupArn: {
        'Fn::GetAtt': [Match.stringLikeRegexp(`^Search${prefix}`), 'Arn'],
      },
    });
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      LogPublishingOptions: {
        SEARCH_SLOW_LOGS: log('SlowSearchLogs'),
        INDEX_SLOW_LOGS: log('SlowIndexLogs'),
        ES_APPLICATION_LOGS: log('AppLogs'),
      },
    });
    const logsPolicy = JSON.stringify(template.findResources('AWS::Logs::ResourcePolicy'));
    expect(logsPolicy).toMatch(/es\.amazonaws\.com/);
    expect(logsPolicy).toMatch(/logs:PutLogEvents/);
  });

  it('dev: one data node, no dedicated masters, no zone awareness, deleted with the stack', () => {
    const template = domainOf(false);
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      ClusterConfig: Match.objectLike({
        InstanceCount: 1,
        DedicatedMasterEnabled: false,
        ZoneAwarenessEnabled: false,
      }),
    });
    template.hasResource('AWS::OpenSearchService::Domain', { DeletionPolicy: 'Delete' });
  });

  it('production: 2 AZs, 3 dedicated masters, retained', () => {
    const template = domainOf(true);
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      ClusterConfig: Match.objectLike({
        InstanceCount: 2,
        InstanceType: 'r7g.large.search',
        DedicatedMasterEnabled: true,
        DedicatedMasterCount: 3,
        ZoneAwarenessEnabled: true,
        ZoneAwarenessConfig: { AvailabilityZoneCount: 2 },
      }),
    });
    template.hasResource('AWS::OpenSearchService::Domain', { DeletionPolicy: 'Retain' });
  });

  it('admits only the master role and the granted roles, with their access levels', () => {
    const { stack } = dataStack();
    const template = Template.fromStack(stack);
    const accessPolicy = template.findResources('Custom::OpenSearchAccessPolicy');
    const text = JSON.stringify(accessPolicy);
    expect(text).toMatch(/SearchMasterRole/);
    expect(text).toMatch(/IngestRole/);
    expect(text).toMatch(/ApiRole/);
    expect(text).not.toMatch(/"Principal\\?":\\?"\*\\?"|"AWS\\?":\\?"\*\\?"/);
  });

  it.each<[string, Partial<FleetSearchDomainProps>, RegExp]>([
    [
      'production without zone awareness',
      { production: true, zoneAwareness: false },
      /zone awareness/,
    ],
    ['production without masters', { production: true, masterNodes: 0 }, /dedicated master/],
    ['odd data nodes over 2 AZs', { production: true, dataNodes: 3 }, /multiple of 2/],
    ['2 masters', { production: false, masterNodes: 2 }, /0, 3 or 5/],
    ['no data nodes', { production: false, dataNodes: 0 }, /positive/],
    ['a tiny volume', { production: false, volumeSizeGiB: 5 }, /at least 10/],
  ])('throws on %s', (_name, props, message) => {
    const stack = new Stack(new App());
    expect(() => new FleetSearchDomain(stack, 'Search', { production: false, ...props })).toThrow(
      message,
    );
  });

  it('grantAccess adds a role to the role mappings by access level', () => {
    const stack = new Stack(new App());
    const search = new FleetSearchDomain(stack, 'Search', { production: false });
    const role = new iam.Role(stack, 'Retention', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    search.grantAccess(role, 'write');
    const mappings = search.roleMappings();
    expect(mappings.read).toHaveLength(0);
    expect(stack.resolve(mappings.write)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^Retention/), 'Arn'] },
    ]);
  });
});
