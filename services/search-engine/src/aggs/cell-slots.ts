/** The buckets of a grid: a slot per distinct cell, found through a lookup array or a map. */
export class CellSlots {
  cells = new Float64Array(256);
  counts = new Int32Array(256);
  size = 0;
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<number, number> | undefined;

  constructor(denseSize: number | undefined) {
    this.dense = denseSize !== undefined ? new Int32Array(denseSize).fill(-1) : undefined;
    this.sparse = this.dense ? undefined : new Map();
  }

  slotOf(cell: number): number {
    const slot = this.dense ? this.dense[cell]! : (this.sparse!.get(cell) ?? -1);
    return slot >= 0 ? slot : this.add(cell);
  }

  private add(cell: number): number {
    const slot = this.size++;
    if (slot === this.cells.length) {
      const cells = new Float64Array(slot * 2);
      cells.set(this.cells);
      this.cells = cells;
      const counts = new Int32Array(slot * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.cells[slot] = cell;
    if (this.dense) this.dense[cell] = slot;
    else this.sparse!.set(cell, slot);
    return slot;
  }
}
