import { join } from 'node:path';
import { CoalescedJsonWriter, readJsonState } from '../persistence/json-state-file';
import type { Clock, IotPublisher } from '../ports';
import { registryState } from './registry-state';
import { IotThingRegistry } from './thing-registry';

export interface OpenThingRegistryOptions {
  /** `iot-registry.json` lives here. */
  readonly dataDir: string;
  readonly region: string;
  readonly accountId: string;
  readonly publish: IotPublisher;
  readonly clock?: Clock;
  readonly log?: (message: string) => void;
  readonly onPersistError?: (err: unknown) => void;
  /** Whether certificates are attached to a thing (which then cannot be deleted). */
  readonly hasPrincipals?: (thingName: string) => boolean;
}

export interface PersistentThingRegistry {
  readonly registry: IotThingRegistry;
  readonly writer: CoalescedJsonWriter;
}

/** The registry restored from `${dataDir}/iot-registry.json`, saving itself there after changes. */
export async function openThingRegistry(
  options: OpenThingRegistryOptions,
): Promise<PersistentThingRegistry> {
  const file = join(options.dataDir, 'iot-registry.json');
  const state = await readJsonState(file, registryState);
  const holder: { writer?: CoalescedJsonWriter } = {};
  const registry = new IotThingRegistry({
    region: options.region,
    accountId: options.accountId,
    publish: options.publish,
    clock: options.clock,
    log: options.log,
    state,
    onChange: () => holder.writer?.markDirty(),
    hasPrincipals: options.hasPrincipals,
  });
  const writer = new CoalescedJsonWriter(file, () => registry.snapshot(), {
    onError: options.onPersistError,
  });
  holder.writer = writer;
  return { registry, writer };
}
