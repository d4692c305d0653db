import type { SlotPairs } from './aggregator';

/**
 * Collects (ordinal, bucket slot) pairs and groups them per slot with one counting sort, so
 * bucketing never allocates per document. Pairs must be added in ascending ordinal order; each
 * slot's ordinals then come out ascending too.
 */
export class OrdinalGroups {
  private ords: Int32Array;
  private slots: Int32Array;
  private length = 0;
  private offsets = new Int32Array(1);
  private grouped = new Int32Array(0);
  /** The slot count and pair count of the last grouping, so grouping twice costs nothing. */
  private groupedAs = '';

  constructor(capacity: number) {
    this.ords = new Int32Array(Math.max(16, capacity));
    this.slots = new Int32Array(Math.max(16, capacity));
  }

  /** The pairs as added (ordinals ascending). */
  pairs(): SlotPairs {
    return { length: this.length, ords: this.ords, slots: this.slots };
  }

  add(ord: number, slot: number): void {
    if (this.length === this.ords.length) this.grow();
    this.ords[this.length] = ord;
    this.slots[this.length++] = slot;
  }

  private grow(): void {
    const ords = new Int32Array(this.ords.length * 2);
    ords.set(this.ords);
    this.ords = ords;
    const slots = new Int32Array(this.slots.length * 2);
    slots.set(this.slots);
    this.slots = slots;
  }

  /** Groups the pairs; slots outside [0, slotCount) are dropped. */
  group(slotCount: number): void {
    const as = `${slotCount}:${this.length}`;
    if (this.groupedAs === as) return;
    this.groupedAs = as;
    const offsets = new Int32Array(slotCount + 1);
    const { ords, slots, length } = this;
    for (let i = 0; i < length; i++) {
      const slot = slots[i]!;
      if (slot >= 0 && slot < slotCount) offsets[slot + 1]!++;
    }
    for (let s = 0; s < slotCount; s++) offsets[s + 1]! += offsets[s]!;
    const grouped = new Int32Array(offsets[slotCount]!);
    const next = offsets.slice(0, slotCount);
    for (let i = 0; i < length; i++) {
      const slot = slots[i]!;
      if (slot >= 0 && slot < slotCount) grouped[next[slot]!++] = ords[i]!;
    }
    this.offsets = offsets;
    this.grouped = grouped;
  }

  /** The ordinals of one slot, after `group`. */
  ordinalsOf(slot: number): Int32Array {
    return this.grouped.subarray(this.offsets[slot], this.offsets[slot + 1]);
  }
}
