// The correctly rounded sum of float64 values by Shewchuk's algorithm, as Python's math.fsum computes it: a list of
// non-overlapping partial sums kept exactly by two-sum steps, then rounded once, half to even. An independent
// oracle for src/lib/metrics/exact-sum.ts, which sums with BigInt instead.
// see: J. R. Shewchuk, "Adaptive Precision Floating-Point Arithmetic", 1997; CPython Modules/mathmodule.c, math_fsum

/** The float64 nearest to the exact sum of finite values (ties to even), or ±Infinity when it overflows. */
export function referenceFsum(values: readonly number[]): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    // Invariant: partials[0..i) are non-overlapping and, with x, sum exactly to the values seen so far.
    for (const y0 of partials) {
      let y = y0;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n], lo = 0;
  while (n > 0) {
    const x = hi, y = partials[--n];
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  // Half-way cases: make the rounding go the way the remaining partials say (CPython's correction).
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2, x = hi + y, yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}
