// Sorting float64 values themselves in linear time, for quantile bin edges (order statistics). Unlike the index
// sort of ./radix-sort.ts (which carries a permutation and ties −0 with +0), it moves the values and keeps
// TypedArray.prototype.sort's order, so the edges are the ones a JavaScript sort gave.
// A JavaScript TypedArray sort took over a second for 10⁷ values; this takes a few passes over memory.
// see: Herf, "Radix Tricks" (2001): float keys made sortable as unsigned integers, 11-bit digits, one histogram pass

const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;
const DIGIT_MASK: u64 = RADIX - 1;
/** ⌈64 / 11⌉ digits cover the 64-bit key. */
const PASSES = 6;
/** Per-pass digit counts (then running offsets), reused by every call: WebAssembly here is single-threaded. */
const counts = memory.data(PASSES * RADIX * 4, 16);

/**
 * The float's bits as an unsigned key that orders like the float: negatives have every bit flipped, positives
 * only the sign bit. So −0 sorts just before +0, as TypedArray.prototype.sort orders them.
 */
// @ts-ignore: decorator
@inline function toKey(bits: u64): u64 {
  return bits ^ (<u64>(<i64>bits >> 63) | 0x8000000000000000);
}

// @ts-ignore: decorator
@inline function fromKey(key: u64): u64 {
  return key ^ (<u64>(<i64>~key >> 63) | 0x8000000000000000);
}

// @ts-ignore: decorator
@inline function countAt(pass: i32, digit: u64): usize {
  return counts + ((<usize>pass << DIGIT_BITS) + <usize>digit << 2);
}

/**
 * Sorts n float64 values ascending, in place (no NaN: the facade rejects them), in the order of
 * TypedArray.prototype.sort. Stable LSD radix sort; a pass whose digit is the same for every key is skipped
 * (probabilities share their sign and exponent bits, so usually two passes are). O(n) time, n scratch values.
 * @param scratch room for n float64 values
 */
export function sortFloat64(values: usize, n: i32, scratch: usize): void {
  if (n < 2) return;
  memory.fill(counts, 0, PASSES * RADIX * 4);
  // Invariant: values[0, i) hold keys, and counts holds, per pass, how many of them have each digit.
  for (let i = 0; i < n; i++) {
    const at = values + (<usize>i << 3);
    const key = toKey(load<u64>(at));
    store<u64>(at, key);
    for (let pass = 0; pass < PASSES; pass++) {
      const c = countAt(pass, (key >> (<u64>(pass * DIGIT_BITS))) & DIGIT_MASK);
      store<u32>(c, load<u32>(c) + 1);
    }
  }
  let from = values, to = scratch;
  for (let pass = 0; pass < PASSES; pass++) {
    const shift = <u64>(pass * DIGIT_BITS);
    if (load<u32>(countAt(pass, (load<u64>(from) >> shift) & DIGIT_MASK)) == <u32>n) continue;
    let offset: u32 = 0;
    // Invariant: counts of digits [0, d) now hold where their first key goes; offset is the total before d.
    for (let d: u64 = 0; d < <u64>RADIX; d++) {
      const c = countAt(pass, d);
      const count = load<u32>(c);
      store<u32>(c, offset);
      offset += count;
    }
    // Invariant: keys from[0, i) are placed, stably, at their digit's slots in `to`.
    for (let i = 0; i < n; i++) {
      const key = load<u64>(from + (<usize>i << 3));
      const c = countAt(pass, (key >> shift) & DIGIT_MASK);
      const slot = load<u32>(c);
      store<u32>(c, slot + 1);
      store<u64>(to + (<usize>slot << 3), key);
    }
    const swap = from;
    from = to;
    to = swap;
  }
  if (from != values) memory.copy(values, from, <usize>n << 3);
  // Invariant: values[0, i) are floats again.
  for (let i = 0; i < n; i++) {
    const at = values + (<usize>i << 3);
    store<u64>(at, fromKey(load<u64>(at)));
  }
}
