// Sorting float64 values themselves in linear time, for quantile bin edges (order statistics). Unlike the index
// sort of ./radix-sort.ts (which carries a permutation and ties −0 with +0), it moves the values and keeps
// TypedArray.prototype.sort's order, so the edges are the ones a JavaScript sort gave.
// A JavaScript TypedArray sort took over a second for 10⁷ values; this takes a few passes over memory.
// The key transform and the digit passes are ./radix-digits.ts's, shared with the other two radix sorts.
import { PASSES, orderedKey, keyBits, clearCounts, countDigits, radixPasses } from "./radix-digits";

/**
 * Sorts n float64 values ascending, in place (no NaN: the facade rejects them), in the order of
 * TypedArray.prototype.sort (−0 before +0). Stable LSD radix sort of the keys in place of the values; a pass
 * whose digit is the same for every key is skipped (probabilities share their sign and exponent bits, so
 * usually two passes are). O(n) time, n scratch values.
 * @param scratch room for n float64 values
 */
export function sortFloat64(values: usize, n: i32, scratch: usize): void {
  if (n < 2) return;
  clearCounts(PASSES);
  // Invariant: values[0, i) hold keys, and their digits are counted.
  for (let i = 0; i < n; i++) {
    const at = values + (<usize>i << 3);
    const key = orderedKey(load<u64>(at));
    store<u64>(at, key);
    countDigits(key, 0, PASSES);
  }
  if (radixPasses(values, scratch, n, 8, 0, PASSES, 0, 0)) memory.copy(values, scratch, <usize>n << 3);
  // Invariant: values[0, i) are floats again.
  for (let i = 0; i < n; i++) {
    const at = values + (<usize>i << 3);
    store<u64>(at, keyBits(load<u64>(at)));
  }
}
