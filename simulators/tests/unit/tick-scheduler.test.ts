import { createTickScheduler, slotCount } from '../../src/tick-scheduler';

describe('fleet tick scheduler', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 0, 5, 8) }));
  afterEach(() => jest.useRealTimers());

  it('cuts the interval into as many slots as fit', () => {
    expect(slotCount(2_000, 10_000)).toBe(200);
    expect(slotCount(2_000, 20)).toBe(20);
    expect(slotCount(5, 20)).toBe(1);
  });

  it('calls every slot once per interval, spread evenly over it', () => {
    const calls: { slot: number; at: number }[] = [];
    const start = Date.now();
    const scheduler = createTickScheduler({
      intervalMs: 1_000,
      slots: 10,
      onSlot: (slot, nowMs, slots) => {
        expect(slots).toBe(10);
        calls.push({ slot, at: nowMs - start });
      },
    });
    scheduler.start();
    jest.advanceTimersByTime(3_000);
    scheduler.stop();
    // Three full intervals plus the slot due at exactly 3 s.
    expect(calls).toHaveLength(31);
    expect(calls.slice(0, 10).map((c) => c.slot)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls.slice(0, 10).map((c) => c.at)).toEqual([
      0, 100, 200, 300, 400, 500, 600, 700, 800, 900,
    ]);
    expect(calls.filter((c) => c.slot === 3).map((c) => c.at)).toEqual([300, 1_300, 2_300]);
  });

  it('uses a single timer however many vehicles there are', () => {
    const scheduler = createTickScheduler({ intervalMs: 2_000, slots: 10_000, onSlot: () => {} });
    scheduler.start();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(5_000);
    expect(jest.getTimerCount()).toBe(1);
    scheduler.stop();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('runs each slot at most once after a stall instead of catching up', () => {
    const calls: number[] = [];
    const scheduler = createTickScheduler({
      intervalMs: 1_000,
      slots: 4,
      onSlot: (slot) => calls.push(slot),
    });
    scheduler.start();
    jest.advanceTimersByTime(0);
    expect(calls).toEqual([0]);
    // The event loop is blocked for 10 s: the clock moves on, the next timer fires late.
    jest.setSystemTime(Date.now() + 10_000);
    jest.advanceTimersByTime(250);
    scheduler.stop();
    expect(calls.slice(1).sort()).toEqual([0, 1, 2, 3]);
  });

  it('stops calling once stopped, even from inside a slot', () => {
    let calls = 0;
    const scheduler = createTickScheduler({
      intervalMs: 100,
      slots: 2,
      onSlot: () => {
        calls += 1;
        scheduler.stop();
      },
    });
    scheduler.start();
    jest.advanceTimersByTime(1_000);
    expect(calls).toBe(1);
  });
});
