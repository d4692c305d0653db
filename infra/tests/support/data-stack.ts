import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  FleetSearchDomain,
  HistoryRetention,
  type FleetSearchDomainProps,
  IndexBootstrap,
  JobEventConfiguration,
} from '../../src';

export interface DataStackOptions {
  readonly domain?: Partial<FleetSearchDomainProps>;
  readonly retentionDays?: number;
}

/** A stack holding the data half, as the app wires it; bundling is skipped. */
export function dataStack(options: DataStackOptions = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Data', { env: { account: '123456789012', region: 'eu-west-1' } });
  const lambdaRole = (id: string) =>
    new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const ingestRole = lambdaRole('IngestRole');
  const apiRole = lambdaRole('ApiRole');
  const search = new FleetSearchDomain(stack, 'Search', {
    production: false,
    accessRoles: [
      { role: ingestRole, access: 'write' },
      { role: apiRole, access: 'read' },
    ],
    ...options.domain,
  });
  const jobEvents = new JobEventConfiguration(stack, 'JobEvents');
  const bootstrap = new IndexBootstrap(stack, 'IndexBootstrap', { domain: search });
  const retention = new HistoryRetention(stack, 'Retention', {
    domain: search,
    retentionDays: options.retentionDays ?? 90,
  });
  return { app, stack, search, jobEvents, bootstrap, retention, ingestRole, apiRole };
}
