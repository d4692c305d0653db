import { join } from 'node:path';
import { CoalescedJsonWriter, readJsonState } from '../persistence/json-state-file';
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
  const file = join(options.dataDir, 'ssm.json');
  const state = await readJsonState(file, parameterStoreState);
  const holder: { writer?: CoalescedJsonWriter } = {};
  const store = new ParameterStore({
    region: options.region,
    accountId: options.accountId,
    clock: options.clock ?? Date.now,
    state,
    onChange: () => holder.writer?.markDirty(),
  });
  const writer = new CoalescedJsonWriter(file, () => store.snapshot(), {
    onError: options.onPersistError,
  });
  holder.writer = writer;
  return { store, writer };
}
