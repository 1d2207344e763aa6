// A Float64Array that grows by doubling, so a streamed file becomes a column of numbers without ever holding
// one JavaScript object per row.

/** A column of float64 values filled one row at a time. Amortized O(1) per push; memory at most 2× the data. */
export class GrowableColumn {
  private data: Float64Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  /** Drops the last row (used when a later field of the same row turns out invalid). */
  pop(): void {
    if (this.size > 0) this.size--;
  }

  /** The filled part, as a view (no copy); later pushes may reallocate, so use it once filling is done. */
  view(): Float64Array {
    return this.data.subarray(0, this.size);
  }
}

/** Like GrowableColumn for small non-negative integers (group codes). */
export class GrowableCodes {
  private data: Uint32Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Uint32Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  pop(): void {
    if (this.size > 0) this.size--;
  }

  view(): Uint32Array {
    return this.data.subarray(0, this.size);
  }
}
