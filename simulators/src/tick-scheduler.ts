/**
 * One timer for the whole fleet. The interval is cut into slots and each vehicle belongs to one
 * slot, so a fleet's messages spread evenly over the interval instead of arriving in a burst,
 * and 10,000 vehicles cost one timer, not 10,000.
 */
export interface TickScheduler {
  start(): void;
  stop(): void;
}

export interface TickSchedulerOptions {
  readonly intervalMs: number;
  /** How many slots to cut the interval into (e.g. the number of vehicles, capped). */
  readonly slots: number;
  /** Called for each slot that comes due, in order, with the current time and the slot count. */
  readonly onSlot: (slot: number, nowMs: number, slots: number) => void;
  /** Shortest gap between timer firings; default 10 ms. */
  readonly minSlotMs?: number;
}

/** The slot count actually used: no more than fit the interval at `minSlotMs` each. */
export function slotCount(intervalMs: number, slots: number, minSlotMs = 10): number {
  return Math.max(1, Math.min(Math.floor(slots), Math.floor(intervalMs / minSlotMs)));
}

export function createTickScheduler(options: TickSchedulerOptions): TickScheduler {
  const slots = slotCount(options.intervalMs, options.slots, options.minSlotMs);
  const slotMs = options.intervalMs / slots;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let startedAt = 0;
  /** Absolute index of the last slot handled; slot = index mod slots. */
  let handled = -1;

  const fire = () => {
    const now = Date.now();
    const due = Math.floor((now - startedAt) / slotMs);
    // After a stall (GC, a slow event loop), run each slot at most once rather than catching up.
    handled = Math.max(handled, due - slots);
    while (handled < due && running) {
      handled += 1;
      options.onSlot(handled % slots, now, slots);
    }
    if (!running) return;
    const nextAt = startedAt + (due + 1) * slotMs;
    timer = setTimeout(fire, Math.max(0, nextAt - Date.now()));
  };

  return {
    start() {
      if (running) return;
      running = true;
      startedAt = Date.now();
      handled = -1;
      timer = setTimeout(fire, 0);
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
