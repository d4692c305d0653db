export interface MicroBatcherOptions<T> {
  /** A batch is flushed as soon as it holds this many items... */
  readonly maxBatchSize: number;
  /** ...or this long after its first item was added, whichever comes first. */
  readonly maxDelayMs: number;
  /** Flushes allowed to run at once; further batches wait for a free slot, in order. */
  readonly maxConcurrentFlushes: number;
  readonly flush: (batch: T[]) => Promise<void>;
  /**
   * Told about a flush that threw or rejected; later batches flush regardless. Must not throw
   * (if it does, that surfaces as an unhandled rejection).
   */
  readonly onFlushError: (error: unknown, batch: readonly T[]) => void;
}

export interface MicroBatcher<T> {
  add(item: T): void;
  /** Flushes everything added so far, now, and resolves once no flush is left running. */
  drain(): Promise<void>;
  /** Items added but not yet handed to `flush`: what to watch for backpressure. */
  readonly size: number;
  /** Flushes started and not yet settled (at most `maxConcurrentFlushes`). */
  readonly pending: number;
}

/**
 * Groups items into batches by size or age, and flushes them with bounded concurrency, so a
 * handler is called once per batch rather than once per message.
 */
export function createMicroBatcher<T>(options: MicroBatcherOptions<T>): MicroBatcher<T> {
  const { maxBatchSize, maxDelayMs, maxConcurrentFlushes, flush, onFlushError } = options;
  assertCount('maxBatchSize', maxBatchSize);
  assertCount('maxConcurrentFlushes', maxConcurrentFlushes);
  if (!Number.isFinite(maxDelayMs) || maxDelayMs < 0) {
    throw new RangeError(`maxDelayMs must be a finite number >= 0, got ${maxDelayMs}`);
  }

  let open: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Full or expired batches waiting for a flush slot, oldest first. */
  const ready: T[][] = [];
  let readyItems = 0;
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  const closeOpenBatch = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (open.length === 0) return;
    ready.push(open);
    readyItems += open.length;
    open = [];
    dispatch();
  };

  const dispatch = (): void => {
    while (running < maxConcurrentFlushes) {
      const batch = ready.shift();
      if (batch === undefined) return;
      readyItems -= batch.length;
      running++;
      void run(batch);
    }
  };

  const run = async (batch: T[]): Promise<void> => {
    try {
      await flush(batch);
    } catch (error) {
      onFlushError(error, batch);
    } finally {
      running--;
      dispatch();
      if (running === 0 && ready.length === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const wake of waiters) wake();
      }
    }
  };

  return {
    add(item) {
      open.push(item);
      if (open.length >= maxBatchSize) closeOpenBatch();
      else if (open.length === 1) timer = setTimeout(closeOpenBatch, maxDelayMs);
    },
    async drain() {
      // Loops because items added while draining also count as "everything pending".
      while (open.length > 0 || ready.length > 0 || running > 0) {
        closeOpenBatch();
        await new Promise<void>((resolve) => idleWaiters.push(resolve));
      }
    },
    get size() {
      return open.length + readyItems;
    },
    get pending() {
      return running;
    },
  };
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number >= 1, got ${value}`);
  }
}
