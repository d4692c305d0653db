/**
 * Holds device publishes while the rules engine is behind, so a burst slows the devices (their
 * QoS 1 in-flight windows fill) instead of piling up in memory until ingest collapses, which is
 * what IoT Core's throttling does for a real fleet. Closes above `high` queued messages and opens
 * again below `low`.
 */
export class BackpressureGate {
  private open = true;
  private released = false;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly high: number,
    private readonly low: number,
  ) {
    if (!(low < high)) throw new RangeError('low must be below high');
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Calls `proceed` now if the gate is open, or once it opens. */
  pass(proceed: () => void): void {
    if (this.open) proceed();
    else this.waiting.push(proceed);
  }

  /** Told the current backlog whenever it changes. */
  update(backlog: number): void {
    if (this.released) return;
    if (this.open && backlog >= this.high) this.open = false;
    else if (!this.open && backlog <= this.low) {
      this.open = true;
      const released = this.waiting;
      this.waiting = [];
      for (const proceed of released) proceed();
    }
  }

  /** Lets everyone through for good (shutdown). */
  release(): void {
    this.released = true;
    this.open = true;
    const released = this.waiting;
    this.waiting = [];
    for (const proceed of released) proceed();
  }
}
