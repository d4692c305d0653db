/** Append-friendly typed arrays: columns grow by doubling instead of reallocating per document. */
export class Float64Column {
  data: Float64Array;

  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity).fill(NaN);
  }

  set(index: number, value: number): void {
    if (index >= this.data.length) this.grow(index + 1);
    this.data[index] = value;
  }

  get(index: number): number {
    return index < this.data.length ? this.data[index]! : NaN;
  }

  private grow(min: number): void {
    let capacity = this.data.length * 2;
    while (capacity < min) capacity *= 2;
    const next = new Float64Array(capacity).fill(NaN);
    next.set(this.data);
    this.data = next;
  }
}

export class Int32Column {
  data: Int32Array;

  constructor(
    private readonly fillValue: number,
    capacity = 1024,
  ) {
    this.data = new Int32Array(capacity).fill(fillValue);
  }

  set(index: number, value: number): void {
    if (index >= this.data.length) this.grow(index + 1);
    this.data[index] = value;
  }

  get(index: number): number {
    return index < this.data.length ? this.data[index]! : this.fillValue;
  }

  private grow(min: number): void {
    let capacity = this.data.length * 2;
    while (capacity < min) capacity *= 2;
    const next = new Int32Array(capacity).fill(this.fillValue);
    next.set(this.data);
    this.data = next;
  }
}

/** An ascending list of ordinals (a posting list); appends keep it sorted because ordinals only grow. */
export class OrdinalList {
  data = new Int32Array(4);
  length = 0;

  push(ord: number): void {
    if (this.length > 0 && this.data[this.length - 1] === ord) return;
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = ord;
  }
}
