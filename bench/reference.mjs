// Plain-JavaScript reference implementations of rmcal's hot paths: the same math and the same bin rules as the
// WebAssembly kernels, written the way a careful TypeScript author would without WebAssembly (typed arrays,
// one fused pass, Math.exp/Math.log1p, TypedArray.prototype.sort). They skip input validation, so the
// benchmark's "× reference" ratio is a lower bound on what the WebAssembly facade (which validates) gains.
// see: docs/DESIGN.md §2.3 (bins), §2.2 (folded view), §3.6 (NLL) and scikit-learn's calibration_curve and isotonic.py

/**
 * sklearn's rule: bin k when e_k < v ≤ e_{k+1} for uniform edges e_i = i·step + start, bin 0 takes the lowest edge.
 * @param {number} v @param {number} nBins @param {number} start @param {number} step
 */
function uniformBin(v, nBins, start, step) {
  let k = Math.floor((v - start) / step);
  if (k < 0) k = 0;
  if (k > nBins - 1) k = nBins - 1;
  while (k > 0 && v <= k * step + start) k--;
  while (k < nBins - 1 && v > (k + 1) * step + start) k++;
  return k;
}

/** Number of inner edges strictly below v. @param {number} v @param {Float64Array} inner */
function edgesBin(v, inner) {
  let lo = 0, hi = inner.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (inner[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy.percentile edges (linear method) of `values` for nBins bins. @param {Float64Array} values @param {number} nBins */
function percentileEdges(values, nBins) {
  const sorted = values.slice().sort();
  const n = sorted.length;
  const edges = new Float64Array(nBins + 1);
  for (let i = 0; i <= nBins; i++) {
    const q = ((i === nBins ? 1 : i * (1 / nBins)) * 100) / 100;
    const virtualIndex = (n - 1) * q;
    if (virtualIndex >= n - 1) { edges[i] = sorted[n - 1]; continue; }
    const previous = Math.floor(virtualIndex), gamma = virtualIndex - previous;
    const a = sorted[previous], diff = sorted[previous + 1] - a;
    edges[i] = gamma >= 0.5 ? sorted[previous + 1] - diff * (1 - gamma) : a + diff * gamma;
  }
  return edges;
}

/**
 * Per-bin [count, Σw, Σw·v, Σw·k] of (v, k) rows, unweighted.
 * @param {Float64Array} values @param {Float64Array} outcomes @param {number} nBins @param {(v: number) => number} binOf
 */
function binSums(values, outcomes, nBins, binOf) {
  const sums = new Float64Array(nBins * 4);
  for (let i = 0; i < values.length; i++) {
    const v = values[i], at = binOf(v) * 4;
    sums[at] += 1; sums[at + 1] += 1; sums[at + 2] += v; sums[at + 3] += outcomes[i];
  }
  return sums;
}

/** The ECE of binSums' sums. @param {Float64Array} sums @param {number} nBins */
function eceOf(sums, nBins) {
  let total = 0, ece = 0;
  for (let b = 0; b < nBins; b++) total += sums[b * 4 + 1];
  for (let b = 0; b < nBins; b++) {
    const w = sums[b * 4 + 1];
    if (w > 0) ece += (w / total) * Math.abs(sums[b * 4 + 2] / w - sums[b * 4 + 3] / w);
  }
  return ece;
}

/** expectedCalibrationError(yTrue, yProb, { nBins }) with uniform bins. @param {Float64Array} yTrue @param {Float64Array} yProb */
export function referenceEce(yTrue, yProb, nBins = 15) {
  const step = 1 / nBins;
  return eceOf(binSums(yProb, yTrue, nBins, (v) => uniformBin(v, nBins, 0, step)), nBins);
}

/** calibrationCurve(yTrue, yProb, { nBins }) with uniform bins: empty bins dropped. @param {Float64Array} yTrue @param {Float64Array} yProb */
export function referenceCalibrationCurve(yTrue, yProb, nBins = 5) {
  const step = 1 / nBins;
  const sums = binSums(yProb, yTrue, nBins, (v) => uniformBin(v, nBins, 0, step));
  const probTrue = [], probPred = [], counts = [];
  for (let b = 0; b < nBins; b++) {
    const w = sums[b * 4 + 1];
    if (w > 0) { probTrue.push(sums[b * 4 + 3] / w); probPred.push(sums[b * 4 + 2] / w); counts.push(sums[b * 4]); }
  }
  return { probTrue, probPred, counts };
}

/**
 * assess({ margin, label }, { bins, binning }) in the folded view at T = 1: accuracy, NLL, Brier, ECE.
 * @param {Float64Array} margin @param {Float64Array} label @param {"uniform" | "quantile"} binning
 */
export function referenceAssess(margin, label, nBins = 15, binning = "uniform") {
  const n = margin.length;
  /** @type {(v: number) => number} */
  let bin;
  if (binning === "uniform") {
    const step = 0.5 / nBins;
    bin = (v) => uniformBin(v, nBins, 0.5, step);
  } else {
    const confidence = new Float64Array(n);
    for (let i = 0; i < n; i++) confidence[i] = 1 / (1 + Math.exp(-Math.abs(margin[i])));
    const edges = percentileEdges(confidence, nBins);
    const inner = edges.subarray(1, nBins);
    bin = (v) => edgesBin(v, inner);
  }
  const sums = new Float64Array(nBins * 4);
  let nll = 0, brier = 0, correct = 0;
  for (let i = 0; i < n; i++) {
    const d = margin[i], y = label[i];
    const e = Math.exp(-Math.abs(d));
    const p = d >= 0 ? 1 / (1 + e) : e / (1 + e);
    const k = d > 0 ? y : d < 0 ? 1 - y : 0.5;
    const v = 1 / (1 + e);
    const at = bin(v) * 4;
    sums[at] += 1; sums[at + 1] += 1; sums[at + 2] += v; sums[at + 3] += k;
    nll += Math.log1p(e) + y * Math.max(-d, 0) + (1 - y) * Math.max(d, 0);
    brier += (p - y) * (p - y);
    correct += k;
  }
  return { n, accuracy: correct / n, nll: nll / n, brier: brier / n, ece: eceOf(sums, nBins) };
}

/**
 * fitTemperature({ margin, label }) by NLL: Newton's method on a = 1/T with a bisection safeguard, one fused
 * pass per iteration for the gradient and Hessian of the mean NLL, ∂/∂a = mean((σ(a·d) − y)·d), ∂² = mean(σ(1−σ)d²).
 * @param {Float64Array} margin @param {Float64Array} label
 */
export function referenceFitTemperature(margin, label, { aMin = 1e-4, aMax = 1e4, tolerance = 1e-12, maxIterations = 100 } = {}) {
  const n = margin.length;
  let a = 1, lo = aMin, hi = aMax, iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let g = 0, h = 0;
    for (let i = 0; i < n; i++) {
      const d = margin[i], z = a * d;
      const e = Math.exp(-Math.abs(z));
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      g += (p - label[i]) * d;
      h += p * (1 - p) * d * d;
    }
    g /= n; h /= n;
    if (g > 0) hi = a; else lo = a;
    let next = h > 0 ? a - g / h : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const done = Math.abs(next - a) <= tolerance * a;
    a = next;
    if (done) break;
  }
  return { temperature: 1 / a, iterations };
}

/**
 * fitIsotonicRegression(x, y) as scikit-learn's IsotonicRegression.fit (increasing, unweighted): sort by x,
 * merge equal x into their weighted mean, pool adjacent violators; returns the thresholds (x, y).
 * see: sklearn/isotonic.py (_make_unique, _inplace_contiguous_isotonic_regression)
 * @param {Float64Array} x @param {Float64Array} y
 */
export function referenceIsotonicRegression(x, y) {
  const n = x.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => x[i] - x[j] || y[i] - y[j]);
  // Merge ties in x: unique x, mean y, total weight.
  const ux = new Float64Array(n), uy = new Float64Array(n), uw = new Float64Array(n);
  let m = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (m > 0 && x[i] === ux[m - 1]) { uy[m - 1] += y[i]; uw[m - 1] += 1; }
    else { ux[m] = x[i]; uy[m] = y[i]; uw[m] = 1; m++; }
  }
  for (let j = 0; j < m; j++) uy[j] /= uw[j];
  // Pool adjacent violators over blocks (value, weight, start).
  const value = new Float64Array(m), weight = new Float64Array(m), start = new Uint32Array(m + 1);
  let blocks = 0;
  for (let j = 0; j < m; j++) {
    value[blocks] = uy[j]; weight[blocks] = uw[j]; start[blocks] = j; blocks++;
    while (blocks > 1 && value[blocks - 2] >= value[blocks - 1]) {
      const w = weight[blocks - 2] + weight[blocks - 1];
      value[blocks - 2] = (value[blocks - 2] * weight[blocks - 2] + value[blocks - 1] * weight[blocks - 1]) / w;
      weight[blocks - 2] = w;
      blocks--;
    }
  }
  start[blocks] = m;
  const fitted = new Float64Array(m);
  for (let b = 0; b < blocks; b++) fitted.fill(value[b], start[b], start[b + 1]);
  return { x: ux.subarray(0, m), y: fitted, predict: (/** @type {Float64Array} */ xNew) => interpolate(ux.subarray(0, m), fitted, xNew) };
}

/**
 * Linear interpolation between thresholds, NaN outside them (scikit-learn's out_of_bounds="nan").
 * @param {Float64Array} tx @param {Float64Array} ty @param {Float64Array} xNew
 */
function interpolate(tx, ty, xNew) {
  return xNew.map((v) => {
    if (!(v >= tx[0] && v <= tx[tx.length - 1])) return NaN;
    let lo = 0, hi = tx.length - 1;
    while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (tx[mid] <= v) lo = mid; else hi = mid; }
    return tx[hi] === tx[lo] ? ty[lo] : ty[lo] + ((v - tx[lo]) / (tx[hi] - tx[lo])) * (ty[hi] - ty[lo]);
  });
}
