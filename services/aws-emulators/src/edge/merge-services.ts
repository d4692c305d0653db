import { awsJsonProtocol } from './aws-json-protocol';
import type { AwsJsonOperation, EmulatedService } from './emulated-service';
import { restJsonProtocol } from './rest-json-protocol';
import type { RestJsonRoute } from './rest-json-route';
import type { ServiceProtocol } from './service-protocol';

/**
 * One protocol per signing name, merging the entries that share it (the registry's and Jobs'
 * routes both sign as `iot`). Mixed protocols, clashing routes or duplicate operations are
 * configuration mistakes and fail at start-up rather than misroute later.
 */
export function mergeServices(services: readonly EmulatedService[]): Map<string, ServiceProtocol> {
  const rest = new Map<string, RestJsonRoute[]>();
  const json = new Map<string, { prefix: string; operations: Map<string, AwsJsonOperation> }>();
  for (const service of services) {
    const name = service.signingName;
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`invalid signing name "${name}"`);
    if (service.protocol === 'restJson1') {
      if (json.has(name)) throw new Error(`${name} is registered with two protocols`);
      rest.set(name, [...(rest.get(name) ?? []), ...service.routes]);
      continue;
    }
    if (rest.has(name)) throw new Error(`${name} is registered with two protocols`);
    const merged = json.get(name) ?? { prefix: service.targetPrefix, operations: new Map() };
    if (merged.prefix !== service.targetPrefix) {
      throw new Error(`${name} has two target prefixes: ${merged.prefix}, ${service.targetPrefix}`);
    }
    for (const [operation, handler] of Object.entries(service.operations)) {
      if (merged.operations.has(operation)) {
        throw new Error(`${name} defines ${operation} twice`);
      }
      merged.operations.set(operation, handler);
    }
    json.set(name, merged);
  }
  const protocols = new Map<string, ServiceProtocol>();
  for (const [name, routes] of rest) protocols.set(name, restJsonProtocol(name, routes));
  for (const [name, { prefix, operations }] of json) {
    protocols.set(name, awsJsonProtocol(name, prefix, operations));
  }
  return protocols;
}
