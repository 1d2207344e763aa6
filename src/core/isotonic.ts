// Typed wrappers of the sorting and isotonic kernels (assembly/radix-sort.ts, assembly/record-radix-sort.ts,
// assembly/isotonic.ts).
import { kernels } from "./instance";
import { withScope, type Scope } from "./memory";
import { scaleWeights, timesPowerOfTwo } from "./weight-scale";

/** Room for n u32 (permutations, PAV block targets), taken as f64 slots: the Scope allocates in f64 units. */
function u32Scratch(scope: Scope, n: number): number {
  return scope.f64Out(Math.ceil(n / 2));
}

/** Stable sort order of `index` by values (radix sort in WASM); index starts as the identity when omitted. */
function sortIndices(scope: Scope, valuesPtr: number, indexPtr: number, n: number): void {
  kernels().radixSortIndices(valuesPtr, indexPtr, n, scope.f64Out(n), scope.f64Out(n), u32Scratch(scope, n));
}

/** scipy.stats.rankdata(values, method="average"). */
export function averageRanks(values: Float64Array): Float64Array {
  return withScope((scope) => {
    const k = kernels();
    const n = values.length;
    const valuesPtr = scope.f64In(values);
    const index = u32Scratch(scope, n);
    k.identityIndex(index, n);
    sortIndices(scope, valuesPtr, index, n);
    const out = scope.f64Out(n);
    k.averageRanks(valuesPtr, index, n, out);
    return scope.f64Read(out, n);
  });
}

/** PAV solution for y in the given order (non-decreasing, or non-increasing when increasing is false). */
export function poolAdjacentViolators(y0: Float64Array, w0: Float64Array, increasing: boolean): Float64Array {
  const { y, w, yExponent } = pavRange(y0, w0);
  return unscaled(yExponent, withScope((scope) => {
    const k = kernels();
    const n = y.length;
    const yPtr = scope.f64In(y);
    const wPtr = scope.f64In(w);
    if (!increasing) { k.reverseF64(yPtr, n); k.reverseF64(wPtr, n); }
    k.poolAdjacentViolators(yPtr, wPtr, n, u32Scratch(scope, n));
    if (!increasing) k.reverseF64(yPtr, n);
    return scope.f64Read(yPtr, n);
  }));
}

/**
 * PAV pools Σw·y: with y near ±1e308 (or weights up to 1e100 and y beyond 1e208) it overflows to ±∞ although every
 * mean is finite. Weights are scaled into [1, 2) and, when |y| reaches 2^896, y by 2^-128: powers of two, so the
 * fit is unchanged bit for bit (scikit-learn's results included) wherever nothing overflowed before.
 */
function pavRange<W extends Float64Array | null>(y: Float64Array, w: W): { y: Float64Array; w: W; yExponent: number } {
  const ws = (scaleWeights(w).weights ?? w) as W;
  let big = 0;
  for (let i = 0; i < y.length; i++) big = Math.max(big, Math.abs(y[i]));
  if (big < 2 ** 896) return { y, w: ws, yExponent: 0 };
  return { y: y.map((v) => timesPowerOfTwo(v, -128)), w: ws, yExponent: 128 };
}

function unscaled(exponent: number, values: Float64Array): Float64Array {
  if (exponent !== 0) for (let i = 0; i < values.length; i++) values[i] = timesPowerOfTwo(values[i], exponent);
  return values;
}

/**
 * Sorts (x, y, w) by x then y (numpy.lexsort((y, x))), merges ties in x into their weighted mean (scikit-learn's
 * _make_unique), runs PAV in the requested direction, clips the fit to [yMin, yMax], then prunes it to the
 * thresholds where the fit changes (scikit-learn's _build_y). Only the pruned thresholds are copied out:
 * continuous data has 10⁷ merged points and a few hundred thresholds. An increasing fit is pruned straight
 * from PAV's blocks, without expanding them over the points.
 * Weights must all be positive (zero weights are dropped by the caller, as scikit-learn does); null means all 1.
 * Returns null when some x or y is not finite (the sort's first pass checks): the caller locates it and throws.
 */
export function isotonicFitThresholds(
  x: Float64Array, y0: Float64Array, w0: Float64Array | null, increasing: boolean, yMin0: number, yMax0: number,
): [Float64Array, Float64Array] | null {
  // Clipping happens on the scaled fit, so the bounds are scaled with it (±∞ stay ±∞).
  const { y, w, yExponent } = pavRange(y0, w0);
  const yMin = timesPowerOfTwo(yMin0, -yExponent), yMax = timesPowerOfTwo(yMax0, -yExponent);
  const thresholds = withScope((scope): [Float64Array, Float64Array] | null => {
    const k = kernels();
    const n = x.length;
    const columns = scope.f64Out((w ? 3 : 2) * n);
    const fill = () => {
      const view = scope.f64View(columns, (w ? 3 : 2) * n);
      view.set(x, 0);
      view.set(y, n);
      if (w) view.set(w, 2 * n);
    };
    fill();
    const fit = sortedIsotonicFit(scope, columns, n, w !== null, increasing, fill, !increasing);
    if (!fit) return null;
    // Both prunes write the kept points over the merged fit, at or before the points they read.
    let kept: number;
    if (increasing) {
      kept = k.pruneBlocks(fit.x, fit.y, fit.m, fit.target, yMin, yMax, fit.x, fit.y);
    } else {
      clipInPlace(scope.f64View(fit.y, fit.m), yMin, yMax);
      kept = k.pruneThresholds(fit.x, fit.y, fit.m, fit.x, fit.y);
    }
    return [scope.f64Read(fit.x, kept), scope.f64Read(fit.y, kept)];
  });
  if (thresholds) unscaled(yExponent, thresholds[1]);
  return thresholds;
}

/**
 * Where sortedIsotonicFit left the merged fit: m points at x, y in WebAssembly memory, PAV's block targets
 * (n i32) at `target`, and `free`: scratch of 2n float64, target included, that the caller may reuse.
 */
export interface MergedFitPointers {
  x: number;
  y: number;
  m: number;
  target: number;
  free: number;
}

/**
 * The merged, pooled fit of isotonicFitThresholds, before clipping and pruning, on n records already in
 * WebAssembly memory as columns: x at `columns`, y after it, and w after y when weighted (otherwise all weights
 * are 1); the buffer is overwritten. The records are sorted by x carrying y and w along (assembly/
 * record-radix-sort.ts: sequential memory traffic, no gather through a permutation). When two x are equal,
 * lexsort needs y to order them: `refill` then writes the original columns back for the permutation path
 * (three index radix sorts and gathers), which ties −0 with +0 and keeps input order exactly as numpy does.
 * Returns null when some x or y is not finite.
 */
export function sortedIsotonicFit(
  scope: Scope, columns: number, n: number, weighted: boolean, increasing: boolean, refill: () => void,
  expand = true,
): MergedFitPointers | null {
  const k = kernels();
  const merged = sortedMergedRecords(scope, columns, n, weighted, refill);
  if (!merged) return null;
  const { x: xs, y: ys, w: wOut, m, free } = merged;
  const target = (free + 8 * n) >>> 0;
  if (!increasing) { k.reverseF64(ys, m); k.reverseF64(wOut, m); }
  // Without expansion only block starts hold their means (an increasing fit, pruned by pruneBlocks).
  if (expand) k.poolAdjacentViolators(ys, wOut, m, target);
  else k.poolAdjacentBlocks(ys, wOut, m, target);
  if (!increasing) k.reverseF64(ys, m);
  return { x: xs, y: ys, m, target, free };
}

/**
 * The first steps of sortedIsotonicFit: the n records sorted by x (then y) and ties in x merged (scikit-learn's
 * _make_unique), leaving m groups at x, y (weighted mean labels) and w (total weights) in WebAssembly memory.
 * `free` is scratch of 2n float64 whose first n hold w. Returns null when some x or y is not finite.
 */
export function sortedMergedRecords(
  scope: Scope, columns: number, n: number, weighted: boolean, refill: () => void,
): { x: number; y: number; w: number; m: number; free: number } | null {
  const k = kernels();
  const bytes = 8 * n;
  const other = scope.f64Out((weighted ? 3 : 2) * n);
  const order = k.sortRecordsByX(columns, n, weighted, other);
  if (order === -2) return null;
  let sorted: number, free: number;
  if (order >= 0) {
    [sorted, free] = order === 0 ? [columns, other] : [other, columns];
  } else {
    refill();
    const index = u32Scratch(scope, n);
    lexsortByXThenY(scope, columns, (columns + bytes) >>> 0, index, other, n);
    k.gatherF64((columns + bytes) >>> 0, index, n, (other + bytes) >>> 0);
    if (weighted) k.gatherF64((columns + 2 * bytes) >>> 0, index, n, (other + 2 * bytes) >>> 0);
    [sorted, free] = [other, columns];
  }
  const xs = sorted, ys = (sorted + bytes) >>> 0, ws = weighted ? (sorted + 2 * bytes) >>> 0 : 0;
  // The columns the sort left free hold the merged weights (and, for PAV, the block targets after them).
  // Merging in place is safe: group g is written after row g + 1 was read.
  const m = k.mergeTiedX(xs, ys, ws, n, xs, ys, free);
  return { x: xs, y: ys, w: free, m, free };
}

/**
 * index := the lexsort((y, x)) order, and xs := x in that order. Stable radix passes give it as a sort by y, then
 * by x. When no two x are equal the y pass cannot change the result, so the x pass runs first and the y pass
 * (then the x pass again) only when the sorted x show a tie: a stable sort by y of the x order, then by x, is
 * again lexsort's order (within equal x and y, both keep the input order). −0 and +0 tie, as in the sort.
 */
function lexsortByXThenY(scope: Scope, xPtr: number, yPtr: number, index: number, xs: number, n: number): void {
  const k = kernels();
  k.identityIndex(index, n);
  sortIndices(scope, xPtr, index, n);
  k.gatherF64(xPtr, index, n, xs);
  if (!hasEqualNeighbours(scope.f64View(xs, n))) return;
  sortIndices(scope, yPtr, index, n);
  sortIndices(scope, xPtr, index, n);
  k.gatherF64(xPtr, index, n, xs);
}

function hasEqualNeighbours(sorted: Float64Array): boolean {
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return true;
  return false;
}

/**
 * Linear interpolation between thresholds (tx strictly increasing, length ≥ 2) with numpy.interp's
 * arithmetic; points below tx[0] get fillBelow and points above the last threshold get fillAbove.
 */
export function interpolateLinear(
  tx: Float64Array, ty: Float64Array, xNew: Float64Array, fillBelow: number, fillAbove: number,
): Float64Array {
  return withScope((scope) => {
    const n = xNew.length;
    const out = scope.f64Out(n);
    kernels().interpolateLinear(scope.f64In(tx), scope.f64In(ty), tx.length, scope.f64In(xNew), n, fillBelow, fillAbove, out);
    return scope.f64Read(out, n);
  });
}

/** logit(clamp(p, lo, hi)) per entry, in WASM. */
export function logitClipped(p: Float64Array, lo: number, hi: number): Float64Array {
  return withScope((scope) => {
    const out = scope.f64Out(p.length);
    kernels().logitClipped(scope.f64In(p), p.length, lo, hi, out);
    return scope.f64Read(out, p.length);
  });
}

/** np.clip(values, low, high, out=values). */
export function clipInPlace(values: Float64Array, low: number, high: number): Float64Array {
  if (low === -Infinity && high === Infinity) return values;
  for (let i = 0; i < values.length; i++) values[i] = Math.min(Math.max(values[i], low), high);
  return values;
}
