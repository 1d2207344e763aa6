// The Bradley–Terry training loss with label smoothing and a margin, and its gradient in the margins.
// see: Bradley & Terry, Biometrika 39 (1952); Szegedy et al., "Rethinking the Inception Architecture", CVPR 2016
//      (label smoothing); Touvron et al., "Llama 2" (2023), §3.2.2 (the margin term)
import { expNegAbs, sigmoidFrom, crossEntropyFrom } from "./logistic";
import { loadOrOne } from "./optional-column";

/**
 * With x = d − m and smoothed target t = y(1 − 2ε) + ε per pair:
 *   out[0] = Σw,  out[1] = Σw·BCE-with-logits(x, t) / Σw,  gradient[i] = w·(σ(x) − t) / Σw.
 * labels == 0: every label is 1; weights == 0: every weight is 1; offsets == 0: every m is `offset`.
 * Two passes: Σw first, so the gradient is written already divided by it.
 */
export function bradleyTerryLoss(
  margins: usize, labels: usize, offsets: usize, weights: usize, n: i32, smoothing: f64, offset: f64,
  gradient: usize, out: usize,
): void {
  let sumW = 0.0;
  // Invariant: sumW covers pairs [0, i). Written out rather than loadOrOne, which would compute the offset
  // before testing for the null column and so compile to a slightly different loop.
  for (let i = 0; i < n; i++) sumW += weights == 0 ? 1.0 : load<f64>(weights + (<usize>i << 3));
  let loss = 0.0;
  // Invariant: loss covers pairs [0, i) and gradient[0..i) is written.
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3;
    const y = loadOrOne(labels, at);
    const w = loadOrOne(weights, at);
    const m = offsets == 0 ? offset : load<f64>(offsets + at);
    const x = load<f64>(margins + at) - m;
    const t = y * (1.0 - 2.0 * smoothing) + smoothing;
    const e = expNegAbs(x);
    // A zero-weight pair adds nothing, even when x = d − m overflowed to ±∞ and its loss is +∞ (0·∞ is NaN).
    if (w != 0) loss += w * crossEntropyFrom(x, e, t);
    store<f64>(gradient + at, w * (sigmoidFrom(x, e) - t) / sumW);
  }
  store<f64>(out, sumW);
  store<f64>(out + 8, loss / sumW);
}
