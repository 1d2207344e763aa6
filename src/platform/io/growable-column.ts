// A typed array that grows by doubling, so a streamed file becomes a column of numbers without ever holding
// one JavaScript object per row.

/**
 * A typed array filled one row at a time: when full, it moves to one of twice the capacity.
 * Amortized O(1) per push; memory at most 2× the data. The two exported kinds differ only in the element type.
 */
class GrowableArray<A extends Float64Array | Uint32Array> {
  private data: A;
  private size = 0;

  constructor(private readonly allocate: (length: number) => A, initialCapacity: number) {
    this.data = allocate(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = this.allocate(this.data.length * 2);
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
  view(): A {
    return this.data.subarray(0, this.size) as A;
  }
}

/** A column of float64 values filled one row at a time. Amortized O(1) per push; memory at most 2× the data. */
export class GrowableColumn extends GrowableArray<Float64Array> {
  constructor(initialCapacity = 1024) {
    super((length) => new Float64Array(length), initialCapacity);
  }
}

/** Like GrowableColumn for small non-negative integers (group codes). */
class GrowableCodes extends GrowableArray<Uint32Array> {
  constructor(initialCapacity = 1024) {
    super((length) => new Uint32Array(length), initialCapacity);
  }
}

/**
 * Names coded in order of first appearance, one code per row: the first distinct name gets 0, the next 1, and so
 * on. Groups and clusters are both coded here, so the codes of a file are the same whichever column they name, and
 * equal to the codes toPairColumns gives the same ids (docs/DESIGN.md §6.5). Amortized O(1) per push.
 */
export class GrowableNameCodes {
  private readonly codes = new GrowableCodes();
  private readonly index = new Map<string, number>();

  /** Appends the code of `name`, giving it the next code when it is new. */
  push(name: string): void {
    let code = this.index.get(name);
    if (code === undefined) this.index.set(name, (code = this.index.size));
    this.codes.push(code);
  }

  /** The names in code order. */
  names(): string[] {
    return [...this.index.keys()];
  }

  /** The codes (a view, as GrowableColumn's). */
  view(): Uint32Array {
    return this.codes.view();
  }
}
