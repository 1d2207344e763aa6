// Sorting f64 values in WebAssembly: a least-significant-digit radix sort of indices, stable, O(n) per digit.
// It sorts positions, not values, so the same permutation can carry labels and weights along (isotonic
// regression sorts x and moves y and w with it).
// see: Knuth, TAOCP vol. 3, §5.2.5 (radix sorting); Herf, "Radix Tricks" (2001) for the float-to-integer map

// 11-bit digits: six passes over 64-bit keys instead of eight with bytes, and a 2048-bucket histogram still
// fits in L1. A stable LSD sort gives the same order whatever the digit width.
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const DIGITS = (64 + DIGIT_BITS - 1) / DIGIT_BITS;
/** One histogram per digit, filled in a single pass over the keys. */
const HISTOGRAMS: usize = memory.data(DIGITS * BUCKETS * 4, 16);

/**
 * Maps an f64 to a u64 whose unsigned order is the numeric order: flip every bit of negatives, only the sign
 * bit of positives. −0 is first turned into +0 (−0 + 0 = +0), so the two zeros tie, as they do in numpy.
 */
// @ts-ignore: decorator
@inline export function sortableKey(x: f64): u64 {
  const bits = reinterpret<u64>(x + 0.0);
  return (bits >> 63) != 0 ? ~bits : bits | 0x8000000000000000;
}

/** index[i] = i for i < n (u32). */
export function identityIndex(index: usize, n: i32): void {
  // Invariant: index[0..i) = 0 … i−1.
  for (let i = 0; i < n; i++) store<u32>(index + (<usize>i << 2), <u32>i);
}

/**
 * Stable sort of the u32 positions in `index` by values[index[i]] ascending: on return index lists the
 * positions in value order, equal values keeping their order from the input index. Values must not be NaN.
 * Scratch: keys and keysAlt hold n u64 each, indexAlt n u32. Digits where all keys agree are skipped.
 */
export function radixSortIndices(values: usize, index: usize, n: i32, keys: usize, keysAlt: usize, indexAlt: usize): void {
  memory.fill(HISTOGRAMS, 0, DIGITS * BUCKETS * 4);
  // Invariant: keys[0..i) hold the sortable keys of values[index[0..i)], and the histograms count their digits.
  for (let i = 0; i < n; i++) {
    const key = sortableKey(load<f64>(values + (<usize>load<u32>(index + (<usize>i << 2)) << 3)));
    store<u64>(keys + (<usize>i << 3), key);
    for (let digit = 0; digit < DIGITS; digit++) {
      const bucket = <usize>((key >> (<u64>(digit * DIGIT_BITS))) & (BUCKETS - 1));
      const at = HISTOGRAMS + ((<usize>(digit * BUCKETS) + bucket) << 2);
      store<u32>(at, load<u32>(at) + 1);
    }
  }
  let fromKeys = keys, toKeys = keysAlt, fromIndex = index, toIndex = indexAlt;
  for (let digit = 0; digit < DIGITS; digit++) {
    const histogram = HISTOGRAMS + (<usize>(digit * BUCKETS) << 2);
    const shift = <u64>(digit * DIGIT_BITS);
    // A digit shared by every key would copy the arrays unchanged: skip it.
    const firstBucket = <usize>(load<u64>(fromKeys) >> shift & (BUCKETS - 1));
    if (load<u32>(histogram + (firstBucket << 2)) == <u32>n) continue;
    // Exclusive prefix sums turn counts into each bucket's first output position.
    let total: u32 = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const at = histogram + (<usize>b << 2);
      const count = load<u32>(at);
      store<u32>(at, total);
      total += count;
    }
    // Invariant: entries [0, i) are placed, each bucket's cursor points after its placed entries; scanning in
    // input order is what makes the sort stable.
    for (let i = 0; i < n; i++) {
      const key = load<u64>(fromKeys + (<usize>i << 3));
      const at = histogram + (<usize>(key >> shift & (BUCKETS - 1)) << 2);
      const position = <usize>load<u32>(at);
      store<u32>(at, <u32>position + 1);
      store<u64>(toKeys + (position << 3), key);
      store<u32>(toIndex + (position << 2), load<u32>(fromIndex + (<usize>i << 2)));
    }
    const k = fromKeys; fromKeys = toKeys; toKeys = k;
    const j = fromIndex; fromIndex = toIndex; toIndex = j;
  }
  if (fromIndex != index) memory.copy(index, fromIndex, <usize>n << 2);
}

/** out[i] = values[index[i]]: applies a permutation (or any selection) of u32 positions. */
export function gatherF64(values: usize, index: usize, n: i32, out: usize): void {
  // Invariant: out[0..i) hold values at index[0..i).
  for (let i = 0; i < n; i++) {
    store<f64>(out + (<usize>i << 3), load<f64>(values + (<usize>load<u32>(index + (<usize>i << 2)) << 3)));
  }
}

/**
 * Average ranks (1-based, ties get the mean of their ranks), as scipy.stats.rankdata(method="average").
 * index must hold the stable sort order of values (radixSortIndices).
 */
export function averageRanks(values: usize, index: usize, n: i32, out: usize): void {
  let start = 0;
  // Invariant: ranks of the sorted positions [0, start) are written; [start, i) is a run of equal values.
  for (let i = 1; i <= n; i++) {
    const previous = load<f64>(values + (<usize>load<u32>(index + (<usize>(i - 1) << 2)) << 3));
    if (i < n && load<f64>(values + (<usize>load<u32>(index + (<usize>i << 2)) << 3)) == previous) continue;
    // Positions start … i−1 hold ranks start+1 … i; their mean is (start + 1 + i) / 2.
    const rank = <f64>(start + 1 + i) * 0.5;
    for (let k = start; k < i; k++) store<f64>(out + (<usize>load<u32>(index + (<usize>k << 2)) << 3), rank);
    start = i;
  }
}
