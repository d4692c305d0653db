import { join } from 'node:path';
import type { CoalescedJsonWriter } from '../persistence/json-state-file';
import { openPersistentState } from '../persistence/persistent-state';
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
  const { stores: registry, writer } = await openPersistentState({
    file: join(options.dataDir, 'iot-registry.json'),
    schema: registryState,
    build: (state, onChange) =>
      new IotThingRegistry({
        region: options.region,
        accountId: options.accountId,
        publish: options.publish,
        clock: options.clock,
        log: options.log,
        state,
        onChange,
        hasPrincipals: options.hasPrincipals,
      }),
    snapshot: (stores) => stores.snapshot(),
    onPersistError: options.onPersistError,
  });
  return { registry, writer };
}
