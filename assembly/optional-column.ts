// The kernels' convention for optional label and weight columns: the null pointer 0 stands for "all ones"
// (labels: every pair preferred as given; weights: every pair counts once), so the facade never copies a column of 1s.

/** Element `offset / 8` of the float64 column at `column`, or 1 when `column` is the null pointer (all ones). */
// @ts-ignore: decorator
@inline export function loadOrOne(column: usize, offset: usize): f64 {
  return column == 0 ? 1.0 : load<f64>(column + offset);
}
