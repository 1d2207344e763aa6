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
 * w = 0 means "no weights": only x and y move. The sorted records end in (x, y, w) when the result is 0 and in
 * (xAlt, yAlt, wAlt) when it is 1. When two x are equal (−0 and +0 included) the result is −1 and the buffers
 * hold no usable order: lexsort by (x, y) then needs y to break the ties, which the caller does from its
 * inputs (see src/wasm/isotonic.ts).
 * Radix passes run over the 31 high key bits only (sign, exponent, 19 bits of mantissa); the records that
 * share them form short runs for continuous data (about n / 2¹⁹ per binade), which a stable insertion sort
 * finishes in cache. A long run gets the three low radix passes of its own. Three passes instead of six,
 * each moving 16 or 24 bytes per record. O(n) per pass; scratch: three more arrays of n float64.
 */
export function sortRecordsByX(x: usize, y: usize, w: usize, n: i32, xAlt: usize, yAlt: usize, wAlt: usize): i32 {
  if (n < 2) return 0;
  memory.fill(counts, 0, PASSES * RADIX * 4);
  let negativeZero = false;
  // Invariant: x[0, i) hold keys, counts holds per high pass how many of them have each digit, and
  // negativeZero tells whether one of them was −0.
  for (let i = 0; i < n; i++) {
    const at = x + (<usize>i << 3);
    const bits = load<u64>(at);
    negativeZero = negativeZero || bits == SIGN;
    const key = toKey(bits);
    store<u64>(at, key);
    for (let pass = HIGH_PASS; pass < PASSES; pass++) {
      const c = countAt(pass, (key >> (<u64>(pass * DIGIT_BITS))) & DIGIT_MASK);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  const inAlt = radixPasses(x, y, w, n, xAlt, yAlt, wAlt, HIGH_PASS, PASSES);
  const sx = inAlt ? xAlt : x, sy = inAlt ? yAlt : y, sw = inAlt ? wAlt : w;
  const tx = inAlt ? x : xAlt, ty = inAlt ? y : yAlt, tw = inAlt ? w : wAlt;
  let start = 0;
  // Invariant: records [0, start) are in full-key order; [start, i) share their high bits.
  for (let i = 1; i <= n; i++) {
    if (i < n && load<u64>(sx + (<usize>i << 3)) >> LOW_BITS == load<u64>(sx + (<usize>start << 3)) >> LOW_BITS) continue;
    const length = i - start;
    const offset = <usize>start << 3;
    if (length > INSERTION_RUN) {
      sortRun(sx + offset, sy + offset, sw ? sw + offset : 0, length, tx + offset, ty + offset, tw ? tw + offset : 0);
    } else if (length > 1) {
      insertionSort(sx + offset, sy + offset, sw ? sw + offset : 0, length);
    }
    start = i;
  }
  // Invariant: sx[0, i) are floats again and no two of them are equal.
  let previous = load<u64>(sx);
  store<u64>(sx, fromKey(previous));
  for (let i = 1; i < n; i++) {
    const at = sx + (<usize>i << 3);
    const key = load<u64>(at);
    if (key == previous) return -1;
    store<u64>(at, fromKey(key));
    previous = key;
  }
  // With no ties there is a single zero: give it back the sign it had.
  if (negativeZero) {
    // Invariant: sx[0, i) are not zero.
    for (let i = 0; i < n; i++) {
      const at = sx + (<usize>i << 3);
      if (load<f64>(at) == 0) { store<f64>(at, -0.0); break; }
    }
  }
  return inAlt ? 1 : 0;
}

/**
 * The stable radix passes [firstPass, endPass) over records whose digit counts are in `counts`, ping-ponging
 * between the two sets of buffers; a pass whose digit is the same for every key is skipped. Returns whether
 * the records ended in the alternate buffers.
 */
function radixPasses(
  x: usize, y: usize, w: usize, n: i32, xAlt: usize, yAlt: usize, wAlt: usize, firstPass: i32, endPass: i32,
): bool {
  let fromX = x, toX = xAlt, fromY = y, toY = yAlt, fromW = w, toW = wAlt;
  for (let pass = firstPass; pass < endPass; pass++) {
    const shift = <u64>(pass * DIGIT_BITS);
    if (load<u32>(countAt(pass, (load<u64>(fromX) >> shift) & DIGIT_MASK)) == <u32>n) continue;
    let offset: u32 = 0;
    // Invariant: counts of digits [0, d) now hold where their first record goes; offset is the total before d.
    for (let d: u64 = 0; d < <u64>RADIX; d++) {
      const c = countAt(pass, d);
      const count = load<u32>(c);
      store<u32>(c, offset);
      offset += count;
    }
    if (w) {
      // Invariant: records [0, i) are placed, stably, at their digit's slots.
      for (let i = 0; i < n; i++) {
        const from = <usize>i << 3;
        const key = load<u64>(fromX + from);
        const c = countAt(pass, (key >> shift) & DIGIT_MASK);
        const slot = load<u32>(c);
        store<u32>(c, slot + 1);
        const to = <usize>slot << 3;
        store<u64>(toX + to, key);
        store<u64>(toY + to, load<u64>(fromY + from));
        store<u64>(toW + to, load<u64>(fromW + from));
      }
      const sw = fromW; fromW = toW; toW = sw;
    } else {
      // Invariant: records [0, i) are placed, stably, at their digit's slots.
      for (let i = 0; i < n; i++) {
        const from = <usize>i << 3;
        const key = load<u64>(fromX + from);
        const c = countAt(pass, (key >> shift) & DIGIT_MASK);
        const slot = load<u32>(c);
        store<u32>(c, slot + 1);
        const to = <usize>slot << 3;
        store<u64>(toX + to, key);
        store<u64>(toY + to, load<u64>(fromY + from));
      }
    }
    const sx = fromX; fromX = toX; toX = sx;
    const sy = fromY; fromY = toY; toY = sy;
  }
  return fromX != x;
}

/** A long run of equal high bits: the three low radix passes over the run, left in place (x, y, w). */
function sortRun(x: usize, y: usize, w: usize, n: i32, xAlt: usize, yAlt: usize, wAlt: usize): void {
  memory.fill(counts, 0, HIGH_PASS * RADIX * 4);
  // Invariant: counts holds, per low pass, the digits of keys [0, i).
  for (let i = 0; i < n; i++) {
    const key = load<u64>(x + (<usize>i << 3));
    for (let pass = 0; pass < HIGH_PASS; pass++) {
      const c = countAt(pass, (key >> (<u64>(pass * DIGIT_BITS))) & DIGIT_MASK);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  // The high digits are equal within the run: only the low passes are left.
  if (radixPasses(x, y, w, n, xAlt, yAlt, wAlt, 0, HIGH_PASS)) {
    memory.copy(x, xAlt, <usize>n << 3);
    memory.copy(y, yAlt, <usize>n << 3);
    if (w) memory.copy(w, wAlt, <usize>n << 3);
  }
}

/** Stable insertion sort of a short run by key: a record moves left past strictly greater keys only. */
function insertionSort(x: usize, y: usize, w: usize, n: i32): void {
  // Invariant: records [0, i) are in order.
  for (let i = 1; i < n; i++) {
    const key = load<u64>(x + (<usize>i << 3));
    if (load<u64>(x + (<usize>(i - 1) << 3)) <= key) continue;
    const yi = load<u64>(y + (<usize>i << 3));
    const wi = w ? load<u64>(w + (<usize>i << 3)) : 0;
    let j = i;
    // Invariant: records [j, i) have keys greater than key and have moved one slot right.
    while (j > 0 && load<u64>(x + (<usize>(j - 1) << 3)) > key) {
      store<u64>(x + (<usize>j << 3), load<u64>(x + (<usize>(j - 1) << 3)));
      store<u64>(y + (<usize>j << 3), load<u64>(y + (<usize>(j - 1) << 3)));
      if (w) store<u64>(w + (<usize>j << 3), load<u64>(w + (<usize>(j - 1) << 3)));
      j--;
    }
    store<u64>(x + (<usize>j << 3), key);
    store<u64>(y + (<usize>j << 3), yi);
    if (w) store<u64>(w + (<usize>j << 3), wi);
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
