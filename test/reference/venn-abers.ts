// Plain-TypeScript reference for inductive Venn–Abers, following the definition of Vovk & Petej ("Venn–Abers
// predictors", UAI 2014) literally and in O(n²): for each test score s, append (s, 0) to the calibration records,
// run isotonic regression (scikit-learn's steps: sort, merge tied x, PAV — the stack-of-blocks reference of
// ./isotonic.ts) and read the fit off at s; that is p0. The same with (s, 1) gives p1. Nothing is shared with the
// kernel's convex-hull sweep (assembly/venn-abers.ts).
import { referencePav } from "./isotonic";

/** The isotonic fit at s of the records plus (s, label) with weight 1; ties in x (within 1e-15) merged. */
function fitAt(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, s: number, label: number): number {
  const xs = [...Array.from(x), s], ys = [...Array.from(y), label], ws = [...Array.from(w), 1];
  const rows = xs.map((_, i) => i).filter((i) => ws[i] > 0).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b] || a - b);
  const groupX: number[] = [], groupY: number[] = [], groupW: number[] = [];
  let first = xs[rows[0]], sumWy = 0, sumW = 0;
  let testGroup = -1;
  for (const i of rows) {
    if (xs[i] - first >= 1e-15) {
      groupX.push(first); groupY.push(sumWy / sumW); groupW.push(sumW);
      first = xs[i]; sumWy = 0; sumW = 0;
    }
    sumWy += ys[i] * ws[i];
    sumW += ws[i];
    if (i === xs.length - 1) testGroup = groupX.length;
  }
  groupX.push(first); groupY.push(sumWy / sumW); groupW.push(sumW);
  return referencePav(groupY, groupW)[testGroup];
}

/**
 * [p0, p1] and p1 / (1 − p0 + p1) at each test score, from calibration records (x, y, w). With `symmetric`, the
 * records are pairs (d, y), entered as (d, y) and (−d, 1 − y) with the pair's weight, as the pairwise
 * calibrator does; the test score still enters once.
 */
export function referenceVennAbers(
  margin: ArrayLike<number>, label: ArrayLike<number>, weight: ArrayLike<number>, symmetric: boolean,
  tests: ArrayLike<number>,
): { p0: number[]; p1: number[]; p: number[] } {
  let x = Array.from(margin), y = Array.from(label), w = Array.from(weight);
  if (symmetric) {
    x = [...x, ...x.map((d) => -d)];
    y = [...y, ...y.map((v) => 1 - v)];
    w = [...w, ...w];
  }
  const p0: number[] = [], p1: number[] = [], p: number[] = [];
  for (const s of Array.from(tests)) {
    const lo = fitAt(x, y, w, s, 0), hi = fitAt(x, y, w, s, 1);
    p0.push(lo); p1.push(hi); p.push(hi / (1 - lo + hi));
  }
  return { p0, p1, p };
}
