// Sorting numbers gives one exact answer in every engine, so a JavaScript sort keeps results bit-identical.
/** An ascending copy of `values` (-0 before +0, as TypedArray.prototype.sort orders them). */
export function sortedCopy(values: Float64Array): Float64Array {
  return values.slice().sort();
}
