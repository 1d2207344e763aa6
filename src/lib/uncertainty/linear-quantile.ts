/**
 * numpy.quantile(sorted, q) with numpy's default "linear" method, on values already sorted ascending: the
 * percentile-interval bounds of the bootstraps. Hyndman & Fan, "Sample quantiles in statistical packages",
 * The American Statistician 1996 (definition 7). O(1).
 * @example linearQuantile(Float64Array.of(1, 2, 3, 4), 0.5) // => 2.5
 */
export function linearQuantile(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  if (below >= sorted.length - 1) return sorted[sorted.length - 1];
  const gamma = position - below;
  const a = sorted[below], b = sorted[below + 1];
  // numpy's _lerp: the same two-sided formula, so results match numpy bit for bit.
  return gamma >= 0.5 ? b - (b - a) * (1 - gamma) : a + (b - a) * gamma;
}
