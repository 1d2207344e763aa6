// The binned values of preference pairs, for quantile bin edges: their order statistics are the edges.
import { expNegAbs, sigmoidFrom } from "./logistic";

/**
 * out[j] = the binned value of the j-th pair with positive weight: σ(|d|/T) in the folded view, σ(d/T) in the
 * oriented view, computed exactly as accumulatePairs computes it (|d|/T = |d/T| in IEEE division). Pairs of zero
 * weight are left out, so they take no part in the edges. weights == 0 means every weight is 1.
 * @returns how many values were written
 */
export function pairConfidences(margins: usize, weights: usize, n: i32, temperature: f64, folded: bool, out: usize): i32 {
  let count = 0;
  // Invariant: out[0, count) holds the values of the positive-weight pairs among [0, i), in index order.
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const z = load<f64>(margins + offset) / temperature;
    const e = expNegAbs(z);
    store<f64>(out + (<usize>count << 3), folded ? 1.0 / (1.0 + e) : sigmoidFrom(z, e));
    count += <i32>(weights == 0 || load<f64>(weights + offset) > 0);
  }
  return count;
}
