// Sorted values for order statistics (quantile bin edges), sorted in WebAssembly by a radix sort
// (assembly/value-radix-sort.ts), and a few order statistics selected without a full sort
// (assembly/order-statistics.ts). The sorted values stay in WebAssembly memory: `read` gets a view of them that is
// valid only during the call (it must not allocate WebAssembly memory or keep the view), so only the few
// order statistics it needs are ever copied out.
import { kernels } from "./instance";
import { withScope } from "./memory";

/**
 * Calls `read` with `values` sorted ascending (TypedArray.prototype.sort's order, −0 before +0). O(n).
 * @param values finite numbers (the facade has checked them)
 */
export function withSortedValues<T>(values: Float64Array, read: (sorted: Float64Array) => T): T {
  return withScope((scope) => {
    const n = values.length;
    const ptr = scope.f64In(values);
    const scratch = scope.f64Out(n);
    kernels().sortFloat64(ptr, n, scratch);
    return read(scope.f64View(ptr, n));
  });
}

/**
 * Calls `read` with the binned values of the pairs of positive weight, sorted ascending: σ(|d|/T) (folded)
 * or σ(d/T) (oriented), the very values accumulatePairs bins. O(n).
 */
export function withSortedPairConfidences<T>(
  margin: Float64Array, weight: Float64Array | null, temperature: number, folded: boolean, read: (sorted: Float64Array) => T,
): T {
  return withScope((scope) => {
    const k = kernels();
    const n = margin.length;
    const marginPtr = scope.f64In(margin);
    const weightPtr = scope.f64In(weight);
    const values = scope.f64Out(n);
    const scratch = scope.f64Out(n);
    const count = k.pairConfidences(marginPtr, weightPtr, n, temperature, folded, values);
    k.sortFloat64(values, count, scratch);
    return read(scope.f64View(values, count));
  });
}

/**
 * The values at `ranks` of `values` sorted ascending (TypedArray.prototype.sort's order, −0 before +0): what a full
 * sort puts there, selected by a radix select that sorts only the values sharing a top-16-bit bucket with a wanted
 * rank. O(n + G), G ≤ n those values.
 * @param values finite numbers (the facade has checked them)
 * @param ranks ascending, distinct, each in [0, values.length)
 */
export function orderStatistics(values: Float64Array, ranks: Int32Array): Float64Array {
  return withScope((scope) => {
    const k = kernels();
    const n = values.length, m = ranks.length;
    const valuesPtr = scope.f64In(values);
    const ranksPtr = scope.i32In(ranks);
    const tables = scope.f64Out(Math.ceil(k.selectRanksTableBytes(n) / 8));
    const out = scope.f64Out(m);
    // Two calls, so the areas the wanted buckets need are sized to them (about a tenth of n), not to n.
    const gatheredCount = k.selectRanksCount(valuesPtr, n, ranksPtr, m, tables);
    const gathered = scope.f64Out(gatheredCount), sortScratch = scope.f64Out(gatheredCount);
    k.selectRanksGather(valuesPtr, n, ranksPtr, m, tables, gathered, sortScratch, out);
    return scope.f64Read(out, m);
  });
}
