// Order statistics by their definition: sort a copy (TypedArray.prototype.sort: ascending, −0 before +0) and read the
// ranks. The oracle for assembly/order-statistics.ts, which selects them without a full sort.
export function referenceOrderStatistics(values: Float64Array, ranks: ArrayLike<number>): number[] {
  const sorted = values.slice().sort();
  return Array.from(ranks, (r) => sorted[r]);
}
