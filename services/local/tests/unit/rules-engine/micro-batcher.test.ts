import {
  createMicroBatcher,
  type MicroBatcherOptions,
} from '../../../src/rules-engine/micro-batcher';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets settled promises run their continuations; no timers involved. */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A batcher whose flushes stay pending until the test settles them. */
function setup(options: Partial<MicroBatcherOptions<number>> = {}) {
  const flushes: { batch: number[]; done: Deferred }[] = [];
  const errors: { error: unknown; batch: readonly number[] }[] = [];
  const batcher = createMicroBatcher<number>({
    maxBatchSize: 3,
    maxDelayMs: 100,
    maxConcurrentFlushes: 1,
    flush: (batch) => {
      const done = deferred();
      flushes.push({ batch, done });
      return done.promise;
    },
    onFlushError: (error, batch) => errors.push({ error, batch }),
    ...options,
  });
  const batches = () => flushes.map((flush) => flush.batch);
  return { batcher, flushes, errors, batches };
}

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('createMicroBatcher', () => {
  it('flushes a batch as soon as it is full', () => {
    const { batcher, batches } = setup();
    batcher.add(1);
    batcher.add(2);
    expect(batches()).toEqual([]);
    batcher.add(3);
    expect(batches()).toEqual([[1, 2, 3]]);
  });

  it('flushes a partial batch maxDelayMs after its first item, not its last', () => {
    const { batcher, batches } = setup();
    batcher.add(1);
    jest.advanceTimersByTime(60);
    batcher.add(2);
    jest.advanceTimersByTime(39);
    expect(batches()).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(batches()).toEqual([[1, 2]]);
  });

  it('starts a new delay for the batch after a full one', async () => {
    const { batcher, flushes, batches } = setup({ maxConcurrentFlushes: 2 });
    for (const item of [1, 2, 3, 4]) batcher.add(item);
    flushes[0]!.done.resolve();
    await flushMicrotasks();
    jest.advanceTimersByTime(99);
    expect(batches()).toEqual([[1, 2, 3]]);
    jest.advanceTimersByTime(1);
    expect(batches()).toEqual([[1, 2, 3], [4]]);
  });

  it('runs at most maxConcurrentFlushes at once and dispatches waiting batches in order', async () => {
    const { batcher, flushes, batches } = setup({ maxBatchSize: 1, maxConcurrentFlushes: 2 });
    for (const item of [1, 2, 3, 4, 5]) batcher.add(item);
    expect(batches()).toEqual([[1], [2]]);
    expect(batcher.pending).toBe(2);
    expect(batcher.size).toBe(3);

    flushes[1]!.done.resolve();
    await flushMicrotasks();
    expect(batches()).toEqual([[1], [2], [3]]);

    flushes[0]!.done.resolve();
    await flushMicrotasks();
    expect(batches()).toEqual([[1], [2], [3], [4]]);
    expect(batcher.size).toBe(1);
    expect(batcher.pending).toBe(2);
  });

  it('closes a batch on time even while it waits for a flush slot', async () => {
    const { batcher, flushes, batches } = setup();
    for (const item of [1, 2, 3]) batcher.add(item); // occupies the only slot
    batcher.add(4);
    jest.advanceTimersByTime(100); // [4] is closed and queued
    batcher.add(5);
    expect(batcher.size).toBe(2);
    flushes[0]!.done.resolve();
    await flushMicrotasks();
    expect(batches()).toEqual([[1, 2, 3], [4]]);
    expect(batcher.size).toBe(1);
  });

  it('reports a failed flush and keeps flushing later batches', async () => {
    const { batcher, flushes, errors, batches } = setup({ maxBatchSize: 1 });
    batcher.add(1);
    batcher.add(2);
    const failure = new Error('index unavailable');
    flushes[0]!.done.reject(failure);
    await flushMicrotasks();
    expect(errors).toEqual([{ error: failure, batch: [1] }]);
    expect(batches()).toEqual([[1], [2]]);
    flushes[1]!.done.resolve();
    await flushMicrotasks();
    expect(errors).toHaveLength(1);
    expect(batcher.pending).toBe(0);
  });

  it('reports a flush that throws instead of returning a promise', async () => {
    const errors: unknown[] = [];
    const flushed: number[][] = [];
    const batcher = createMicroBatcher<number>({
      maxBatchSize: 1,
      maxDelayMs: 10,
      maxConcurrentFlushes: 1,
      flush: (batch) => {
        if (batch[0] === 1) throw new Error('sync failure');
        flushed.push(batch);
        return Promise.resolve();
      },
      onFlushError: (error) => errors.push(error),
    });
    batcher.add(1);
    batcher.add(2);
    await batcher.drain();
    expect(errors).toEqual([new Error('sync failure')]);
    expect(flushed).toEqual([[2]]);
  });

  it('drain flushes the open batch at once and waits for every flush to settle', async () => {
    const { batcher, flushes, batches } = setup({ maxConcurrentFlushes: 1 });
    for (const item of [1, 2, 3, 4]) batcher.add(item);
    let drained = false;
    void batcher.drain().then(() => {
      drained = true;
    });
    await flushMicrotasks();
    expect(batches()).toEqual([[1, 2, 3]]);
    expect(batcher.size).toBe(1); // [4] waits for the slot; no timer needed

    flushes[0]!.done.resolve();
    await flushMicrotasks();
    expect(batches()).toEqual([[1, 2, 3], [4]]);
    expect(drained).toBe(false);

    batcher.add(5); // added while draining: drained too
    flushes[1]!.done.resolve();
    await flushMicrotasks();
    expect(batches()).toEqual([[1, 2, 3], [4], [5]]);
    expect(drained).toBe(false);

    flushes[2]!.done.resolve();
    await flushMicrotasks();
    expect(drained).toBe(true);
    expect(batcher.size).toBe(0);
    expect(batcher.pending).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('drains at once when nothing is pending', async () => {
    const { batcher, batches } = setup();
    await batcher.drain();
    expect(batches()).toEqual([]);
  });

  it('drain resolves even when flushes fail', async () => {
    const { batcher, flushes, errors } = setup({ maxBatchSize: 1 });
    batcher.add(1);
    const drained = batcher.drain();
    flushes[0]!.done.reject(new Error('boom'));
    await drained;
    expect(errors).toHaveLength(1);
  });

  it.each([
    [{ maxBatchSize: 0 }, /maxBatchSize/],
    [{ maxBatchSize: 1.5 }, /maxBatchSize/],
    [{ maxConcurrentFlushes: 0 }, /maxConcurrentFlushes/],
    [{ maxDelayMs: -1 }, /maxDelayMs/],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, /maxDelayMs/],
  ])('refuses %j', (options, message) => {
    expect(() => setup(options)).toThrow(RangeError);
    expect(() => setup(options)).toThrow(message);
  });
});
