// The direction scikit-learn's IsotonicRegression(increasing="auto") chooses: the sign of Spearman's rho.
import { averageRanks } from "../../core/isotonic";

/**
 * sklearn.isotonic.check_increasing: true when Spearman's rank correlation of (x, y) is ≥ 0. As in
 * scikit-learn, a constant x or y makes rho NaN, and NaN ≥ 0 is false: the fit is then decreasing.
 * Ranks are average ranks (ties share them), computed with the WASM radix sort; the sign is that of
 * Σ(2·rank_x − n − 1)(2·rank_y − n − 1), whose terms are integers (exact up to n ≈ 2·10⁵).
 * O(n).
 */
export function checkIncreasing(x: Float64Array, y: Float64Array): boolean {
  const n = x.length;
  const rx = averageRanks(x), ry = averageRanks(y);
  let cross = 0, squaresX = 0, squaresY = 0;
  for (let i = 0; i < n; i++) {
    const cx = 2 * rx[i] - n - 1, cy = 2 * ry[i] - n - 1;
    cross += cx * cy;
    squaresX += cx * cx;
    squaresY += cy * cy;
  }
  if (squaresX === 0 || squaresY === 0) return false;
  return cross >= 0;
}
