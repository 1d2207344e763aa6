// The digit passes shared by the three least-significant-digit radix sorts: ./radix-sort.ts (a permutation,
// keys with a u32 index alongside), ./value-radix-sort.ts (the values themselves) and ./record-radix-sort.ts
// ((x, y, w) records). All three sort float64 keys made sortable as unsigned integers, with 11-bit digits
// counted in one histogram pass, then one stable scatter per digit; each sort keeps its own record layout.
// see: Knuth, TAOCP vol. 3, §5.2.5 (radix sorting); Herf, "Radix Tricks" (2001): float keys as unsigned
// integers, 11-bit digits, one histogram pass

// 11-bit digits: six passes over 64-bit keys instead of eight with bytes, and a 2048-bucket histogram still
// fits in L1. A stable LSD sort gives the same order whatever the digit width.
const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;
const DIGIT_MASK: u64 = RADIX - 1;
/** ⌈64 / 11⌉ digits cover the 64-bit key. */
export const PASSES = 6;
/** The sign bit of a float64: the bits of −0. */
export const SIGN: u64 = 0x8000000000000000;
/**
 * Per-pass digit counts (then each digit's next output slot), shared by every sort: WebAssembly here is
 * single-threaded, and no sort calls another while its counts are live.
 */
const counts = memory.data(PASSES * RADIX * 4, 16);

/**
 * The float's bits as an unsigned key that orders like the float: negatives have every bit flipped, positives
 * only the sign bit. So −0 sorts just before +0, as TypedArray.prototype.sort orders them.
 */
// @ts-ignore: decorator
@inline export function orderedKey(bits: u64): u64 {
  return bits ^ (<u64>(<i64>bits >> 63) | SIGN);
}

/** orderedKey with −0 first made +0, so that the two zeros tie, as they do in numpy's sorts. */
// @ts-ignore: decorator
@inline export function zeroTiedKey(bits: u64): u64 {
  return orderedKey(select<u64>(0, bits, bits == SIGN));
}

/** The float's bits back from orderedKey (or zeroTiedKey, which gives +0 for −0). */
// @ts-ignore: decorator
@inline export function keyBits(key: u64): u64 {
  return key ^ (<u64>(<i64>~key >> 63) | SIGN);
}

/** Zeroes the digit counts of passes [0, endPass). */
// @ts-ignore: decorator
@inline export function clearCounts(endPass: i32): void {
  memory.fill(counts, 0, <usize>endPass * RADIX * 4);
}

/** Where pass `pass` counts the digit of `key`. */
// @ts-ignore: decorator
@inline function countAt(pass: i32, key: u64): usize {
  return counts + ((<usize>pass << DIGIT_BITS) + <usize>((key >> (<u64>(pass * DIGIT_BITS))) & DIGIT_MASK) << 2);
}

/** Counts the digits of `key` for passes [firstPass, endPass): the histogram pass, one key at a time. */
// @ts-ignore: decorator
@inline export function countDigits(key: u64, firstPass: i32, endPass: i32): void {
  // Invariant: the digits of passes [firstPass, pass) are counted.
  for (let pass = firstPass; pass < endPass; pass++) {
    const c = countAt(pass, key);
    store<u32>(c, load<u32>(c) + 1);
  }
}

/** Copies one record of `stride` bytes (8: the key; 16: key and y as one vector; 24: then w). */
// @ts-ignore: decorator
@inline export function moveRecord(to: usize, from: usize, stride: usize): void {
  if (stride == 8) {
    store<u64>(to, load<u64>(from));
    return;
  }
  v128.store(to, v128.load(from));
  if (stride == 24) store<u64>(to, load<u64>(from, 16), 16);
}

/**
 * The stable radix passes [firstPass, endPass) over n records of `stride` bytes that start with their key, whose
 * digits countDigits has counted, ping-ponging between `records` and `other`. When index is not 0, a u32 index per
 * record moves along, between index and otherIndex. A pass whose digit is the same for every key would copy the
 * records unchanged, so it is skipped. Returns whether the records (and indices) ended in `other` (otherIndex).
 */
// @ts-ignore: decorator
@inline export function radixPasses(
  records: usize, other: usize, n: i32, stride: usize, firstPass: i32, endPass: i32, index: usize, otherIndex: usize,
): bool {
  let from = records, to = other, fromIndex = index, toIndex = otherIndex;
  for (let pass = firstPass; pass < endPass; pass++) {
    const shift = <u64>(pass * DIGIT_BITS);
    const histogram = counts + (<usize>pass << (DIGIT_BITS + 2));
    if (load<u32>(histogram + (<usize>((load<u64>(from) >> shift) & DIGIT_MASK) << 2)) == <u32>n) continue;
    let offset: u32 = 0;
    // Invariant: counts of digits [0, d) now hold where their first record goes; offset is the total before d.
    for (let d = 0; d < RADIX; d++) {
      const c = histogram + (<usize>d << 2);
      const count = load<u32>(c);
      store<u32>(c, offset);
      offset += count;
    }
    // Invariant: records [0, i) are placed at their digit's slots, each digit's count pointing after its placed
    // records; scanning in input order is what makes the sort stable.
    for (let i = 0; i < n; i++) {
      const record = from + <usize>i * stride;
      const c = histogram + (<usize>((load<u64>(record) >> shift) & DIGIT_MASK) << 2);
      const slot = load<u32>(c);
      store<u32>(c, slot + 1);
      moveRecord(to + <usize>slot * stride, record, stride);
      if (fromIndex != 0) store<u32>(toIndex + (<usize>slot << 2), load<u32>(fromIndex + (<usize>i << 2)));
    }
    const swap = from; from = to; to = swap;
    const swapIndex = fromIndex; fromIndex = toIndex; toIndex = swapIndex;
  }
  return from != records;
}
