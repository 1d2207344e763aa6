// Typed wrapper of the symmetric pairwise isotonic fit (assembly/record-radix-sort.ts mirrorPairs,
// assembly/antisymmetric-isotonic.ts): every step runs in WebAssembly memory and only the pruned thresholds
// are copied out.
import { RmcalError } from "./errors";
import { kernels } from "./instance";
import { withScope } from "./memory";
import { sortedIsotonicFit } from "./isotonic";

/**
 * The antisymmetric isotonic thresholds of pairs (src/lib/calibrators/fit-isotonic.ts): the isotonic fit of the 2n
 * records (d, y) and (−d, 1 − y) clipped to [0, 1], evaluated on the mirrored set S = t ∪ −t of its unpruned
 * thresholds t, averaged with its mirror, (g(s) + 1 − g(−s)) / 2, then pruned. O(n) after the radix sort.
 * @param margin the pair margins (finite)
 * @param label labels in [0, 1], or null for all 1
 * @param weight positive weights, or null for all 1 (zero weights are dropped by the caller)
 * @returns the pruned thresholds [x, y]
 */
export function antisymmetricIsotonicThresholds(
  margin: Float64Array, label: Float64Array | null, weight: Float64Array | null,
): [Float64Array, Float64Array] {
  return withScope((scope) => {
    const k = kernels();
    const n = margin.length;
    const marginPtr = scope.f64In(margin), labelPtr = scope.f64In(label), weightPtr = scope.f64In(weight);
    // The 2n records as columns x, y (and w) in one buffer, as sortedIsotonicFit takes them.
    const columns = scope.f64Out((weight ? 3 : 2) * 2 * n), bytes = 8 * 2 * n;
    const mirror = () => k.mirrorPairs(marginPtr, labelPtr, weightPtr, n, columns, (columns + bytes) >>> 0, weight ? (columns + 2 * bytes) >>> 0 : 0);
    mirror();
    const fit = sortedIsotonicFit(scope, columns, 2 * n, weight !== null, true, mirror);
    // toPairColumns has checked margins and labels: a non-finite record cannot reach the sort.
    if (!fit) throw new RmcalError("internal", "internal: a non-finite margin or label passed validation");
    // The fit is clipped to [0, 1], as isotonicThresholds does with yMin = 0 and yMax = 1.
    const ty = scope.f64View(fit.y, fit.m);
    for (let i = 0; i < ty.length; i++) ty[i] = Math.min(Math.max(ty[i], 0), 1);
    // S (at most 2m ≤ 4n points) goes into the sort's free scratch of 4n float64, which PAV no longer needs.
    const s = fit.free;
    const m = k.mirroredUnion(fit.x, fit.m, s);
    const g = scope.f64Out(m);
    k.interpolateAscending(fit.x, fit.y, fit.m, s, m, g);
    k.antisymmetrize(g, m);
    const kept = k.pruneThresholds(s, g, m, s, g);
    return [scope.f64Read(s, kept), scope.f64Read(g, kept)];
  });
}
