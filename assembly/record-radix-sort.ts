// Sorting (x, y, w) records by x in linear time, moving y and w along with each key. Isotonic regression needs
// y and w in x order; sorting a permutation and then gathering y and w through it (./radix-sort.ts) costs two
// random reads per record across arrays of 80 MB at 10⁷ records, while carrying them in the radix passes keeps
// every read sequential. The sort is stable and ties −0 with +0, as numpy's sorts do.
// see: Herf, "Radix Tricks" (2001): float keys made sortable as unsigned integers, 11-bit digits, one histogram pass

const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;
const DIGIT_MASK: u64 = RADIX - 1;
/** ⌈64 / 11⌉ digits cover the 64-bit key. */
const PASSES = 6;
const SIGN: u64 = 0x8000000000000000;
/** The exponent bits of a float64: all ones for ±Infinity and NaN. */
const EXPONENT: u64 = 0x7ff0000000000000;
/** Per-pass digit counts (then running offsets), reused by every call: WebAssembly here is single-threaded. */
const counts = memory.data(PASSES * RADIX * 4, 16);

// @ts-ignore: decorator
@inline function countAt(pass: i32, digit: u64): usize {
  return counts + ((<usize>pass << DIGIT_BITS) + <usize>digit << 2);
}

/** The float's bits as a key that orders like the float; −0 is first made +0 so that the two zeros tie. */
// @ts-ignore: decorator
@inline function toKey(bits: u64): u64 {
  const b = select<u64>(0, bits, bits == SIGN);
  return b ^ (<u64>(<i64>b >> 63) | SIGN);
}

// @ts-ignore: decorator
@inline function fromKey(key: u64): u64 {
  return key ^ (<u64>(<i64>~key >> 63) | SIGN);
}

/** Keys that agree above this bit are ordered by the fix-up of short runs, not by radix passes. */
const LOW_BITS: u64 = 33;
/** The radix passes over the high digits (bits 33 … 63): passes 3, 4, 5 of the 11-bit digits. */
const HIGH_PASS = 3;
/** Runs of equal high bits up to this length are put in order by insertion; longer ones by radix passes. */
const INSERTION_RUN = 48;

/**
 * Stable LSD radix sort of the records (x[i], y[i], w[i]) by x ascending (no NaN; the facade rejects them).
 * The records come in as columns in `a`: x at a, y at a + 8n, and w at a + 16n when weighted. They move as
 * interleaved 16- or 24-byte records between a and b (one write stream per bucket instead of two or three) and
 * leave as columns again, laid out the same way, in a (result 0) or in b (result 1); a and b each hold 2n or
 * 3n float64. When two x are equal (−0 and +0 included) the result is −1 and the buffers hold no usable order:
 * lexsort by (x, y) then needs y to break the ties, which the caller does from its inputs (src/core/isotonic.ts).
 * When some x or y is not finite the result is −2, before any sorting: the facade then locates it and throws
 * (the range check rides along this pass instead of a JavaScript pass of its own).
 * Radix passes run over the 31 high key bits only (sign, exponent, 19 bits of mantissa); the records that
 * share them form short runs for continuous data (about n / 2¹⁹ per binade), which a stable insertion sort
 * finishes in cache. A long run gets the three low radix passes of its own. O(n) per pass, at most three.
 */
export function sortRecordsByX(a: usize, n: i32, weighted: bool, b: usize): i32 {
  if (n == 1) {
    const x = load<u64>(a), y = load<u64>(a + 8);
    return (x & EXPONENT) == EXPONENT || (y & EXPONENT) == EXPONENT ? -2 : 0;
  }
  if (n < 2) return 0;
  const stride: usize = weighted ? 24 : 16;
  const column = <usize>n << 3;
  memory.fill(counts, 0, PASSES * RADIX * 4);
  let negativeZero = false, finite = true;
  // Invariant: b[0, i) hold the records (key, y, w) of columns [0, i), counts holds per high pass how many
  // keys have each digit, negativeZero tells whether an x was −0, and finite whether every x and y was.
  for (let i = 0; i < n; i++) {
    const at = a + (<usize>i << 3);
    const bits = load<u64>(at);
    const yBits = load<u64>(at + column);
    negativeZero = negativeZero || bits == SIGN;
    finite = finite && (bits & EXPONENT) != EXPONENT && (yBits & EXPONENT) != EXPONENT;
    const key = toKey(bits);
    const record = b + <usize>i * stride;
    store<u64>(record, key);
    store<u64>(record, yBits, 8);
    if (weighted) store<u64>(record, load<u64>(at + (column << 1)), 16);
    for (let pass = HIGH_PASS; pass < PASSES; pass++) {
      const c = countAt(pass, (key >> (<u64>(pass * DIGIT_BITS))) & DIGIT_MASK);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  if (!finite) return -2;
  const sorted = radixPasses(b, a, n, stride, HIGH_PASS, PASSES) ? a : b;
  const free = sorted == a ? b : a;
  let start = 0;
  let startHigh = load<u64>(sorted) >> LOW_BITS;
  // Invariant: records [0, start) are in full-key order; [start, i) share their high bits.
  for (let i = 1; i <= n; i++) {
    const high = i < n ? load<u64>(sorted + <usize>i * stride) >> LOW_BITS : 0;
    if (i < n && high == startHigh) continue;
    const length = i - start;
    const offset = <usize>start * stride;
    if (length > INSERTION_RUN) sortRun(sorted + offset, length, stride, free + offset);
    else if (length > 1) insertionSort(sorted + offset, length, stride);
    start = i;
    startHigh = high;
  }
  // Invariant: the columns of `free` hold records [0, i) as floats again, and no two keys of them are equal.
  let previous: u64 = 0;
  for (let i = 0; i < n; i++) {
    const record = sorted + <usize>i * stride;
    const key = load<u64>(record);
    if (i > 0 && key == previous) return -1;
    const at = free + (<usize>i << 3);
    store<u64>(at, fromKey(key));
    store<u64>(at + column, load<u64>(record, 8));
    if (weighted) store<u64>(at + (column << 1), load<u64>(record, 16));
    previous = key;
  }
  // With no ties there is a single zero: give it back the sign it had.
  if (negativeZero) {
    // Invariant: x[0, i) are not zero.
    for (let i = 0; i < n; i++) {
      const at = free + (<usize>i << 3);
      if (load<f64>(at) == 0) { store<f64>(at, -0.0); break; }
    }
  }
  return free == a ? 0 : 1;
}

/** Copies one record: key and y as one 16-byte vector, then w. */
// @ts-ignore: decorator
@inline function moveRecord(to: usize, from: usize, stride: usize): void {
  v128.store(to, v128.load(from));
  if (stride == 24) store<u64>(to, load<u64>(from, 16), 16);
}

/**
 * The stable radix passes [firstPass, endPass) over n records whose digit counts are in `counts`, ping-ponging
 * between `from` and `to`; a pass whose digit is the same for every key is skipped. Returns whether the
 * records ended in `to`.
 */
function radixPasses(from: usize, to: usize, n: i32, stride: usize, firstPass: i32, endPass: i32): bool {
  const start = from;
  for (let pass = firstPass; pass < endPass; pass++) {
    const shift = <u64>(pass * DIGIT_BITS);
    if (load<u32>(countAt(pass, (load<u64>(from) >> shift) & DIGIT_MASK)) == <u32>n) continue;
    let offset: u32 = 0;
    // Invariant: counts of digits [0, d) now hold where their first record goes; offset is the total before d.
    for (let d: u64 = 0; d < <u64>RADIX; d++) {
      const c = countAt(pass, d);
      const count = load<u32>(c);
      store<u32>(c, offset);
      offset += count;
    }
    // Invariant: records [0, i) are placed, stably, at their digit's slots.
    for (let i = 0; i < n; i++) {
      const record = from + <usize>i * stride;
      const c = countAt(pass, (load<u64>(record) >> shift) & DIGIT_MASK);
      const slot = load<u32>(c);
      store<u32>(c, slot + 1);
      moveRecord(to + <usize>slot * stride, record, stride);
    }
    const swap = from; from = to; to = swap;
  }
  return from != start;
}

/** A long run of equal high bits: the three low radix passes over the run, left in place. */
function sortRun(records: usize, n: i32, stride: usize, scratch: usize): void {
  memory.fill(counts, 0, HIGH_PASS * RADIX * 4);
  // Invariant: counts holds, per low pass, the digits of keys [0, i).
  for (let i = 0; i < n; i++) {
    const key = load<u64>(records + <usize>i * stride);
    for (let pass = 0; pass < HIGH_PASS; pass++) {
      const c = countAt(pass, (key >> (<u64>(pass * DIGIT_BITS))) & DIGIT_MASK);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  // The high digits are equal within the run: only the low passes are left.
  if (radixPasses(records, scratch, n, stride, 0, HIGH_PASS)) memory.copy(records, scratch, <usize>n * stride);
}

/** Stable insertion sort of a short run by key: a record moves left past strictly greater keys only. */
function insertionSort(records: usize, n: i32, stride: usize): void {
  // Invariant: records [0, i) are in order.
  for (let i = 1; i < n; i++) {
    const at = records + <usize>i * stride;
    const key = load<u64>(at);
    if (load<u64>(at - stride) <= key) continue;
    const head = v128.load(at);
    const tail = stride == 24 ? load<u64>(at, 16) : 0;
    let j = at;
    // Invariant: the records between j and i have keys greater than key and have moved one slot right.
    while (j > records && load<u64>(j - stride) > key) {
      moveRecord(j, j - stride, stride);
      j -= stride;
    }
    v128.store(j, head);
    if (stride == 24) store<u64>(j, tail, 16);
  }
}

/**
 * The symmetric training set of the pairwise isotonic calibrator: record i is (d[i], y[i], w[i]) and record
 * n + i is (−d[i], 1 − y[i], w[i]). label = 0 means all labels 1; weight = 0 means no weights (w untouched).
 * O(n), sequential.
 */
export function mirrorPairs(margin: usize, label: usize, weight: usize, n: i32, x: usize, y: usize, w: usize): void {
  const half = <usize>n << 3;
  // Invariant: records [0, i) and [n, n + i) are written.
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3;
    const d = load<f64>(margin + at);
    const yi = label ? load<f64>(label + at) : 1.0;
    store<f64>(x + at, d);
    store<f64>(x + half + at, -d);
    store<f64>(y + at, yi);
    store<f64>(y + half + at, 1 - yi);
    if (weight) {
      const wi = load<f64>(weight + at);
      store<f64>(w + at, wi);
      store<f64>(w + half + at, wi);
    }
  }
}
