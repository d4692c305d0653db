import type { Context } from 'cognito-local/lib/services/context';
import type { DataStore } from 'cognito-local/lib/services/dataStore/dataStore';
import type { DataStoreFactory } from 'cognito-local/lib/services/dataStore/factory';

/**
 * cognito-local's StormDB store rewrites a whole file with `fs.writeFile` on every change, so two
 * changes to one user pool at once (parallel sign-ins each store a refresh token) can interleave
 * their writes and leave a corrupt file. Here the writes to each file queue up, one at a time.
 */
export class SerializedDataStoreFactory implements DataStoreFactory {
  private readonly stores: SerializedDataStore[] = [];

  constructor(private readonly inner: DataStoreFactory) {}

  async create(ctx: Context, id: string, defaults: object): Promise<DataStore> {
    const store = new SerializedDataStore(await this.inner.create(ctx, id, defaults));
    this.stores.push(store);
    return store;
  }

  /** Resolves once every queued write is on disk. */
  async idle(): Promise<void> {
    await Promise.all(this.stores.map((store) => store.idle()));
  }
}

class SerializedDataStore implements DataStore {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly store: DataStore) {}

  get<T>(ctx: Context, key: string | string[]): Promise<T | null>;
  get<T>(ctx: Context, key: string | string[], defaultValue: T): Promise<T>;
  get<T>(ctx: Context, key: string | string[], defaultValue?: T): Promise<T | null> {
    return defaultValue === undefined
      ? this.store.get<T>(ctx, key)
      : this.store.get(ctx, key, defaultValue);
  }

  getRoot<T>(ctx: Context): Promise<T | null> {
    return this.store.getRoot<T>(ctx);
  }

  set<T>(ctx: Context, key: string | string[], value: T): Promise<void> {
    return this.queue(() => this.store.set(ctx, key, value));
  }

  delete(ctx: Context, key: string | string[]): Promise<void> {
    return this.queue(() => this.store.delete(ctx, key));
  }

  idle(): Promise<void> {
    return this.tail;
  }

  private queue(write: () => Promise<void>): Promise<void> {
    const next = this.tail.then(write);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
