// Typed wrappers of the Venn–Abers kernels (assembly/venn-abers.ts): the records are mirrored (for the
// antisymmetric form), sorted and merged in WebAssembly memory, and only the pruned tables are copied out.
import { RmcalError } from "./errors";
import { kernels } from "./instance";
import { withScope } from "./memory";
import { sortedMergedRecords } from "./isotonic";

/** The fitted tables: k strictly increasing scores and the label-0 and label-1 fits in the k + 1 gaps around them. */
export interface VennAbersTables {
  x: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * The Venn–Abers tables of scored records: for every gap between merged scores, the isotonic fit at a test point
 * added there with label 0 (lower) and with label 1 (upper), pruned where neither changes. With `symmetric`,
 * every pair enters as (d, y) and (−d, 1 − y). O(n) after the radix sort.
 * @param margin the scores (finite)
 * @param label labels in [0, 1], or null for all 1
 * @param weight positive weights, or null for all 1 (zero weights are dropped by the caller)
 */
export function vennAbersTables(
  margin: Float64Array, label: Float64Array | null, weight: Float64Array | null, symmetric: boolean,
): VennAbersTables {
  return withScope((scope) => {
    const k = kernels();
    const n = symmetric ? 2 * margin.length : margin.length;
    const columnCount = weight ? 3 : 2, bytes = 8 * n;
    const columns = scope.f64Out(columnCount * n);
    const marginPtr = scope.f64In(margin), labelPtr = scope.f64In(label), weightPtr = scope.f64In(weight);
    const fill = () => {
      if (symmetric) {
        k.mirrorPairs(marginPtr, labelPtr, weightPtr, margin.length, columns, (columns + bytes) >>> 0, weight ? (columns + 2 * bytes) >>> 0 : 0);
        return;
      }
      const view = scope.f64View(columns, columnCount * n);
      view.set(margin, 0);
      if (label) view.set(label, n); else view.fill(1, n, 2 * n);
      if (weight) view.set(weight, 2 * n);
    };
    fill();
    const merged = sortedMergedRecords(scope, columns, n, weight !== null, fill);
    // toPairColumns has checked margins and labels: a non-finite record cannot reach the sort.
    if (!merged) throw new RmcalError("internal", "internal: a non-finite margin or label passed validation");
    const { x, y, w, m } = merged;
    const cw = scope.f64Out(m + 1), cv = scope.f64Out(m + 1);
    const prev = scope.f64Out(m + 1), next = scope.f64Out(m + 1);
    const upper = scope.f64Out(m + 1), lower = scope.f64Out(m + 1);
    k.vennAbersUpper(w, y, m, false, cw, cv, prev, next, upper);
    if (symmetric && isMirrorImage(scope.f64View(x, m))) {
      // The merged scores are their own mirror image, and so are their labels: the mirrored pass would repeat
      // this one, and reusing it makes p0(−d) = 1 − p1(d) hold bit for bit.
      scope.f64View(lower, m + 1).set(scope.f64View(upper, m + 1));
    } else {
      k.vennAbersUpper(w, y, m, true, cw, cv, prev, next, lower);
    }
    k.vennAbersLower(lower, m);
    const kept = k.pruneVennAbers(x, lower, upper, m);
    return { x: scope.f64Read(x, kept), lower: scope.f64Read(lower, kept + 1), upper: scope.f64Read(upper, kept + 1) };
  });
}

/** x[i] = −x[m − 1 − i] for every i (the merged scores of mirrored records, unless near-ties merged unevenly). */
function isMirrorImage(x: Float64Array): boolean {
  for (let i = 0, j = x.length - 1; i <= j; i++, j--) if (x[i] !== -x[j]) return false;
  return true;
}

/**
 * The interval [p0, p1] and the merged probability p1 / (1 − p0 + p1) of each score, by binary search in the
 * tables. O(n log k).
 */
export function vennAbersPredict(tables: VennAbersTables, scores: Float64Array): { p0: Float64Array; p1: Float64Array; p: Float64Array } {
  return withScope((scope) => {
    const n = scores.length, k = tables.x.length;
    const p0 = scope.f64Out(n), p1 = scope.f64Out(n), p = scope.f64Out(n);
    kernels().vennAbersPredict(scope.f64In(tables.x), scope.f64In(tables.lower), scope.f64In(tables.upper), k, scope.f64In(scores), n, p0, p1, p);
    return { p0: scope.f64Read(p0, n), p1: scope.f64Read(p1, n), p: scope.f64Read(p, n) };
  });
}
