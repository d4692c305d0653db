import { createFleetApp } from '../../src';

/** The real app, as `cdk synth` builds it, with bundling skipped and a fixed deploy nonce. */
export function fleetApp(context: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  return createFleetApp({
    context: { 'aws:cdk:bundling-stacks': [], deployNonce: 'test-deploy', ...context },
    env,
  });
}
