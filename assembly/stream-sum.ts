// The memory-streaming floor: the cheapest possible single pass over n float64 values. The benchmark
// (bench/) divides every kernel's time by this one's over the same bytes; nothing can read its input faster.

/**
 * Σ values[i] with four f64x2 accumulators (eight lanes), so the adds never wait on each other and the loop
 * is bound by memory bandwidth alone. The lanes are combined at the end, so the rounding differs from a
 * sequential sum; this is a yardstick for speed, not a user-facing statistic.
 * see: the "single pass" roofline baseline, Williams et al., "Roofline", CACM 2009
 */
export function streamSum(values: usize, n: i32): f64 {
  let a = f64x2.splat(0), b = f64x2.splat(0), c = f64x2.splat(0), d = f64x2.splat(0);
  const blocks = n & ~7;
  // Invariant: a + b + c + d (lane-wise) holds the sum of values[0, i), i a multiple of 8.
  for (let i = 0; i < blocks; i += 8) {
    const at = values + (<usize>i << 3);
    a = f64x2.add(a, v128.load(at));
    b = f64x2.add(b, v128.load(at, 16));
    c = f64x2.add(c, v128.load(at, 32));
    d = f64x2.add(d, v128.load(at, 48));
  }
  const lanes = f64x2.add(f64x2.add(a, b), f64x2.add(c, d));
  let sum = f64x2.extract_lane(lanes, 0) + f64x2.extract_lane(lanes, 1);
  // Invariant: sum covers values[0, i).
  for (let i = blocks; i < n; i++) sum += load<f64>(values + (<usize>i << 3));
  return sum;
}
