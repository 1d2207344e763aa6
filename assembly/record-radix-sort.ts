// Sorting (x, y, w) records by x in linear time, moving y and w along with each key. Isotonic regression needs
// y and w in x order; sorting a permutation and then gathering y and w through it (./radix-sort.ts) costs two
// random reads per record across arrays of 80 MB at 10⁷ records, while carrying them in the radix passes keeps
// every read sequential. The sort is stable and ties −0 with +0, as numpy's sorts do.
// The key transform and the digit passes are ./radix-digits.ts's, shared with the other two radix sorts.
import { PASSES, SIGN, zeroTiedKey, keyBits, clearCounts, countDigits, moveRecord, radixPasses } from "./radix-digits";

/** The exponent bits of a float64: all ones for ±Infinity and NaN. */
const EXPONENT: u64 = 0x7ff0000000000000;

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
  clearCounts(PASSES);
  let negativeZero = false, finite = true;
  // Invariant: b[0, i) hold the records (key, y, w) of columns [0, i), counts holds per high pass how many
  // keys have each digit, negativeZero tells whether an x was −0, and finite whether every x and y was.
  for (let i = 0; i < n; i++) {
    const at = a + (<usize>i << 3);
    const bits = load<u64>(at);
    const yBits = load<u64>(at + column);
    negativeZero = negativeZero || bits == SIGN;
    finite = finite && (bits & EXPONENT) != EXPONENT && (yBits & EXPONENT) != EXPONENT;
    const key = zeroTiedKey(bits);
    const record = b + <usize>i * stride;
    store<u64>(record, key);
    store<u64>(record, yBits, 8);
    if (weighted) store<u64>(record, load<u64>(at + (column << 1)), 16);
    countDigits(key, HIGH_PASS, PASSES);
  }
  if (!finite) return -2;
  const sorted = radixPasses(b, a, n, stride, HIGH_PASS, PASSES, 0, 0) ? a : b;
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
    store<u64>(at, keyBits(key));
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

/** A long run of equal high bits: the three low radix passes over the run, left in place. */
function sortRun(records: usize, n: i32, stride: usize, scratch: usize): void {
  clearCounts(HIGH_PASS);
  // Invariant: the low passes' digits of keys [0, i) are counted.
  for (let i = 0; i < n; i++) countDigits(load<u64>(records + <usize>i * stride), 0, HIGH_PASS);
  // The high digits are equal within the run: only the low passes are left.
  if (radixPasses(records, scratch, n, stride, 0, HIGH_PASS, 0, 0)) memory.copy(records, scratch, <usize>n * stride);
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
