import { join } from 'node:path';
import type { CoalescedJsonWriter } from '../persistence/json-state-file';
import { openPersistentState } from '../persistence/persistent-state';
import type { Clock } from '../ports';
import { ParameterStore } from './parameter-store';
import { parameterStoreState } from './stored-parameter';

export interface OpenParameterStoreOptions {
  /** `ssm.json` lives here. */
  readonly dataDir: string;
  readonly region: string;
  readonly accountId: string;
  readonly clock?: Clock;
  readonly onPersistError?: (err: unknown) => void;
}

export interface PersistentParameterStore {
  readonly store: ParameterStore;
  readonly writer: CoalescedJsonWriter;
}

/** Parameter Store restored from `${dataDir}/ssm.json`, saving itself there after changes. */
export async function openParameterStore(
  options: OpenParameterStoreOptions,
): Promise<PersistentParameterStore> {
  const { stores: store, writer } = await openPersistentState({
    file: join(options.dataDir, 'ssm.json'),
    schema: parameterStoreState,
    build: (state, onChange) =>
      new ParameterStore({
        region: options.region,
        accountId: options.accountId,
        clock: options.clock ?? Date.now,
        state,
        onChange,
      }),
    snapshot: (stores) => stores.snapshot(),
    onPersistError: options.onPersistError,
  });
  return { store, writer };
}
