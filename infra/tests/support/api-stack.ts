import { App, Stack } from 'aws-cdk-lib';
import {
  ConsoleOutputs,
  FleetApi,
  type FleetApiProps,
  FleetAuth,
  FleetConfigParameters,
} from '../../src';

export interface ApiStackOptions {
  readonly mfa?: 'OPTIONAL' | 'REQUIRED';
  readonly production?: boolean;
  readonly threatProtection?: boolean;
  readonly api?: Partial<Omit<FleetApiProps, 'userPool'>>;
}

/** A stack holding the auth and API half, as the app wires it; bundling is skipped. */
export function apiStack(options: ApiStackOptions = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Api', { env: { account: '123456789012', region: 'eu-west-1' } });
  const production = options.production ?? false;
  const auth = new FleetAuth(stack, 'Auth', {
    mfa: options.mfa ?? 'REQUIRED',
    production,
    ...(options.threatProtection === undefined
      ? {}
      : { threatProtection: options.threatProtection }),
  });
  const api = new FleetApi(stack, 'FleetApi', {
    userPool: auth.userPool,
    opensearchEndpoint: 'https://search-fleet.eu-west-1.es.amazonaws.com',
    opensearchDomainArn: 'arn:aws:es:eu-west-1:123456789012:domain/fleet',
    consoleOrigins: ['https://console.fleet.example'],
    production,
    ...options.api,
  });
  const config = new FleetConfigParameters(stack, 'Config');
  new ConsoleOutputs(stack, 'ConsoleOutputs', { api, auth });
  return { app, stack, auth, api, config };
}
