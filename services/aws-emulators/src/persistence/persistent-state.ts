import type { z } from 'zod';
import { CoalescedJsonWriter, readJsonState } from './json-state-file';

export interface PersistentStateOptions<S extends z.ZodType, T> {
  /** Read once now; written after changes. */
  readonly file: string;
  readonly schema: S;
  /** The stores, from the saved state (`undefined` on a first start); they call `onChange`. */
  readonly build: (state: z.output<S> | undefined, onChange: () => void) => T;
  /** What is saved of the stores. */
  readonly snapshot: (stores: T) => unknown;
  readonly onPersistError?: (err: unknown) => void;
}

export interface PersistentState<T> {
  readonly stores: T;
  readonly writer: CoalescedJsonWriter;
}

/**
 * Stores restored from a state file that save themselves there after changes. The writer and
 * the stores need each other; the writer comes first, as it reads the stores only when it
 * writes, which is after a change, so after they are built.
 */
export async function openPersistentState<S extends z.ZodType, T>(
  options: PersistentStateOptions<S, T>,
): Promise<PersistentState<T>> {
  const state = await readJsonState(options.file, options.schema);
  const writer = new CoalescedJsonWriter(options.file, () => options.snapshot(stores), {
    onError: options.onPersistError,
  });
  const stores = options.build(state, () => writer.markDirty());
  return { stores, writer };
}
