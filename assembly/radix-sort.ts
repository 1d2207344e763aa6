// Sorting f64 values in WebAssembly: a least-significant-digit radix sort of indices, stable, O(n) per digit.
// It sorts positions, not values, so the same permutation can carry labels and weights along (isotonic
// regression sorts x and moves y and w with it).
// The key transform and the digit passes are ./radix-digits.ts's, shared with the other two radix sorts.
// see: Knuth, TAOCP vol. 3, §5.2.5 (radix sorting)
import { PASSES, zeroTiedKey, clearCounts, countDigits, radixPasses } from "./radix-digits";

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
  clearCounts(PASSES);
  // Invariant: keys[0..i) hold the sortable keys of values[index[0..i)] (−0 tied with +0), and the digits of
  // those keys are counted.
  for (let i = 0; i < n; i++) {
    const key = zeroTiedKey(load<u64>(values + (<usize>load<u32>(index + (<usize>i << 2)) << 3)));
    store<u64>(keys + (<usize>i << 3), key);
    countDigits(key, 0, PASSES);
  }
  if (radixPasses(keys, keysAlt, n, 8, 0, PASSES, index, indexAlt)) memory.copy(index, indexAlt, <usize>n << 2);
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
