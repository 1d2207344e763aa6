// One pass of 2-D Newton for Platt scaling: P = σ(α·d + β) fitted by the NLL of the pairs as oriented.
// see: Platt, "Probabilistic outputs for support vector machines" (1999); Lin, Lin & Weng, "A note on Platt's
//      probabilistic outputs for support vector machines", Machine Learning 68 (2007) (Newton with line search)
import { expNegAbs, crossEntropyFrom } from "./logistic";
import { loadOrOne } from "./optional-column";

/**
 * At (α, β), with z = α·d + β, p = σ(z), s = p(1 − p), writes
 * out = [Σw, Σw·nll, Σw·(p − y)·d, Σw·(p − y), Σw·s·d², Σw·s·d, Σw·s]:
 * the weight, the NLL, its gradient in (α, β) and its Hessian (αα, αβ, ββ), all as weighted sums.
 * labels == 0 means every label is 1; weights == 0 means every weight is 1.
 */
export function plattNewtonSums(margins: usize, labels: usize, weights: usize, n: i32, scale: f64, bias: f64, out: usize): void {
  let sumW = 0.0, nll = 0.0, gScale = 0.0, gBias = 0.0, hScaleScale = 0.0, hScaleBias = 0.0, hBiasBias = 0.0;
  // Invariant: the sums cover pairs [0, i).
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const d = load<f64>(margins + offset);
    const y = loadOrOne(labels, offset);
    const w = loadOrOne(weights, offset);
    const z = scale * d + bias;
    const e = expNegAbs(z);
    const q = 1.0 / (1.0 + e);
    const p = z >= 0 ? q : e * q;
    const s = e * q * q;
    const r = w * (p - y);
    sumW += w;
    nll += w * crossEntropyFrom(z, e, y);
    gScale += r * d;
    gBias += r;
    hScaleScale += w * s * d * d;
    hScaleBias += w * s * d;
    hBiasBias += w * s;
  }
  store<f64>(out, sumW);
  store<f64>(out + 8, nll);
  store<f64>(out + 16, gScale);
  store<f64>(out + 24, gBias);
  store<f64>(out + 32, hScaleScale);
  store<f64>(out + 40, hScaleBias);
  store<f64>(out + 48, hBiasBias);
}
