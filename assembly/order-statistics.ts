// Order statistics of float64 values without sorting them all: the few ranks a quantile summary reads (numpy's
// linear quantiles need two per quantile). A radix select: one pass counts the keys' top bits (up to 20: about four
// values a bucket), the buckets that hold a wanted rank are gathered in bucket order, and only those are sorted
// (./value-radix-sort.ts). For 202 ranks of 4·10^6 scores it sorts about a tenth of them: 5× faster than the sort.
// see: Knuth, TAOCP vol. 3, §5.3.3 (selection); the keys are ./radix-digits.ts's, so the order is
// TypedArray.prototype.sort's (−0 before +0) and the values selected are the ones a full sort puts at those ranks.
import { orderedKey, keyBits } from "./radix-digits";
import { sortFloat64 } from "./value-radix-sort";

/** A bucket that holds no wanted rank. */
const UNWANTED: u32 = 0xffffffff;

/** The top bits of the key that name a bucket: about n/4 buckets, from 2^8 to 2^20 (at 2^20, three tables of 4 MiB). */
// @ts-ignore: decorator
@inline function bucketBits(n: i32): i32 {
  return min(20, max(8, 30 - clz<i32>(max(n, 1))));
}

/** Bytes of the tables selectRanks needs for n values: three of a u32 per bucket. */
export function selectRanksTableBytes(n: i32): usize {
  return <usize>3 << (<usize>bucketBits(n) + 2);
}

/**
 * The first half of the selection of ranks[0, m) (ascending, each in [0, n)) among the n values at `values`:
 * turns the values into their keys in place, counts the buckets and places the wanted ones. Returns G, how many
 * values the wanted buckets hold: selectRanksGather needs two areas of G float64. O(n + buckets + m).
 * tables: selectRanksTableBytes(n) bytes.
 */
export function selectRanksCount(values: usize, n: i32, ranks: usize, m: i32, tables: usize): i32 {
  const bits = bucketBits(n);
  const buckets = 1 << bits;
  const keyShift: u64 = <u64>(64 - bits);
  const counts = tables;
  const starts = counts + (<usize>buckets << 2);
  const gatherAt = starts + (<usize>buckets << 2);
  memory.fill(counts, 0, <usize>buckets << 2);
  // Invariant: values[0, i) hold keys, and counts[b] the keys of [0, i) in bucket b.
  for (let i = 0; i < n; i++) {
    const at = values + (<usize>i << 3);
    const key = orderedKey(load<u64>(at));
    store<u64>(at, key);
    const c = counts + (<usize>(key >> keyShift) << 2);
    store<u32>(c, load<u32>(c) + 1);
  }
  // starts[b]: the rank of bucket b's first key. Wanted buckets get their place in the gathered area, in bucket
  // order, so the gathered keys sorted as one array are each bucket sorted in turn.
  let below: u32 = 0, gatheredCount: u32 = 0, k = 0;
  // Invariant: ranks[0, k) lie in buckets before b; below counts the keys of those buckets.
  for (let b = 0; b < buckets; b++) {
    const count = load<u32>(counts + (<usize>b << 2));
    store<u32>(starts + (<usize>b << 2), below);
    let wanted = false;
    while (k < m && <u32>load<i32>(ranks + (<usize>k << 2)) < below + count) {
      wanted = true;
      k++;
    }
    store<u32>(gatherAt + (<usize>b << 2), wanted ? gatheredCount : UNWANTED);
    if (wanted) gatheredCount += count;
    below += count;
  }
  return <i32>gatheredCount;
}

/**
 * The second half: out[k] = the value at rank ranks[k] of the values sorted ascending as TypedArray.prototype.sort
 * orders them (−0 before +0), after selectRanksCount on the same arguments gave G. gathered and sortScratch hold
 * G float64 each. O(n + G).
 */
export function selectRanksGather(
  values: usize, n: i32, ranks: usize, m: i32, tables: usize, gathered: usize, sortScratch: usize, out: usize,
): void {
  const bits = bucketBits(n);
  const buckets = 1 << bits;
  const keyShift: u64 = <u64>(64 - bits);
  const counts = tables;
  const starts = counts + (<usize>buckets << 2);
  const gatherAt = starts + (<usize>buckets << 2);
  let gatheredCount: u32 = 0;
  // Invariant: the wanted keys of values[0, i) are in the gathered area, back as floats, each bucket's in order of
  // appearance from its place on; gatherAt[b] is the next free slot of bucket b.
  for (let i = 0; i < n; i++) {
    const key = load<u64>(values + (<usize>i << 3));
    const g = gatherAt + (<usize>(key >> keyShift) << 2);
    const slot = load<u32>(g);
    if (slot == UNWANTED) continue;
    store<u64>(gathered + (<usize>slot << 3), keyBits(key));
    store<u32>(g, slot + 1);
    gatheredCount++;
  }
  sortFloat64(gathered, <i32>gatheredCount, sortScratch);
  // A rank r in bucket b sits at (b's place) + (r − starts[b]); b's place is its cursor less its count.
  for (let j = 0; j < m; j++) {
    const r = <u32>load<i32>(ranks + (<usize>j << 2));
    const bucket = bucketOfRank(starts, buckets, r);
    const place = load<u32>(gatherAt + (<usize>bucket << 2)) - load<u32>(counts + (<usize>bucket << 2));
    store<f64>(out + (<usize>j << 3), load<f64>(gathered + (<usize>(place + r - load<u32>(starts + (<usize>bucket << 2))) << 3)));
  }
}

/** The last bucket whose first rank is ≤ r (a binary search over starts, which never decrease). */
// @ts-ignore: decorator
@inline function bucketOfRank(starts: usize, buckets: i32, r: u32): i32 {
  let lo = 0, hi = buckets - 1;
  // Invariant: starts[lo] ≤ r, and the answer lies in [lo, hi].
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (load<u32>(starts + (<usize>mid << 2)) <= r) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
