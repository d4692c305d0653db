import { createLimiter, forEachConcurrently, settlesWithin } from '../../src/concurrency';

/** A task that finishes when the test says so. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('forEachConcurrently', () => {
  it('never has more than the limit in flight, and runs every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachConcurrently([...Array(50).keys()], 7, async (item) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await flush();
      inFlight -= 1;
      done.push(item);
    });
    expect(peak).toBe(7);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
  });

  it('rejects with the first failure, starting nothing new once it fails', async () => {
    const finished: number[] = [];
    const run = forEachConcurrently([1, 2, 3, 4], 2, async (item) => {
      await flush();
      if (item === 2) throw new Error('item 2 failed');
      finished.push(item);
    });
    await expect(run).rejects.toThrow('item 2 failed');
    // 3 had started before 2 failed; 4 never starts.
    expect(finished).toEqual([1, 3]);
  });
});

describe('createLimiter', () => {
  it('queues tasks beyond the limit and starts them in order', async () => {
    const limit = createLimiter(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limit(async () => {
        started.push(i);
        await g.opened;
        return i;
      }),
    );
    await flush();
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await flush();
    expect(started).toEqual([0, 1, 2]);
    // A new task cannot overtake the queue.
    const late = limit(() => {
      started.push(99);
      return Promise.resolve(99);
    });
    gates[0]!.open();
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]!.open();
    gates[3]!.open();
    await expect(Promise.all([...runs, late])).resolves.toEqual([0, 1, 2, 3, 99]);
    expect(started).toEqual([0, 1, 2, 3, 99]);
  });

  it('frees the place of a failed task', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('settlesWithin', () => {
  it('tells whether a promise settled in time', async () => {
    await expect(settlesWithin(Promise.resolve(), 1_000)).resolves.toBe(true);
    await expect(settlesWithin(Promise.reject(new Error('x')), 1_000)).resolves.toBe(true);
    await expect(settlesWithin(new Promise(() => undefined), 1)).resolves.toBe(false);
  });
});
