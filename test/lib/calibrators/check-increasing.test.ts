// fitIsotonicRegression(x, y, { increasing: "auto" }) picks its direction as scikit-learn's check_increasing does
// (checkIncreasing): increasing when Spearman's rank correlation of (x, y) is ≥ 0, decreasing when it is negative
// or undefined (a constant x or y). The expected direction comes from a plain-TypeScript Spearman rho (average
// ranks for ties, then Pearson's formula) written here from the definition.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitIsotonicRegression } from "rmcal";
import { mulberry32 } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

/** 1-based average ranks: tied values share the mean of the ranks they span. */
function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    for (let k = start; k <= end; k++) ranks[order[k]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's rho: Pearson's correlation of the average ranks (NaN when either is constant). */
function spearman(x: readonly number[], y: readonly number[]): number {
  const rx = averageRanks(x), ry = averageRanks(y);
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = mean(rx), my = mean(ry);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe("fitIsotonicRegression(x, y, { increasing: 'auto' })", () => {
  it("is increasing exactly when Spearman's rho of (x, y) is ≥ 0, on seeded random data with ties", () => {
    const random = mulberry32(41);
    let seenUp = 0, seenDown = 0;
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(random() * 40);
      const slope = random() * 2 - 1;
      const x = Array.from({ length: n }, () => Math.floor(random() * 10));
      const y = x.map((v) => Math.round((slope * v + (random() * 2 - 1) * 3) * 2) / 2);
      const rho = spearman(x, y);
      const model = fitIsotonicRegression(x, y, { increasing: "auto" });
      expect(model.increasing, `trial ${trial}: rho ${rho}`).toBe(rho >= 0);
      if (model.increasing) seenUp++;
      else seenDown++;
    }
    expect(seenUp).toBeGreaterThan(20);
    expect(seenDown).toBeGreaterThan(20);
  });

  it("is decreasing when x or y is constant (rho is NaN, and NaN ≥ 0 is false), as in scikit-learn", () => {
    expect(fitIsotonicRegression([1, 1, 1], [1, 2, 3], { increasing: "auto" }).increasing).toBe(false);
    expect(fitIsotonicRegression([1, 2, 3], [5, 5, 5], { increasing: "auto" }).increasing).toBe(false);
    expect(fitIsotonicRegression([1, 2, 3], [1, 3, 2], { increasing: "auto" }).increasing).toBe(true);
    expect(fitIsotonicRegression([1, 2, 3], [3, 1, 2], { increasing: "auto" }).increasing).toBe(false);
  });
});

// increasing: "auto" decides the direction as sklearn.isotonic.check_increasing does: the sign of Spearman's rho,
// decreasing when rho is NaN (a constant x or y). Expected directions worked by hand from the average ranks.
describe('fitIsotonicRegression(x, y, { increasing: "auto" })', () => {
  const direction = (x: number[], y: number[]) => fitIsotonicRegression(x, y, { increasing: "auto" }).increasing;

  it("is increasing when rho > 0 and decreasing when rho < 0", () => {
    expect(direction([1, 2, 3, 4], [1, 2, 3, 4])).toBe(true); // rho = 1
    expect(direction([1, 2, 3, 4], [4, 3, 2, 1])).toBe(false); // rho = −1
    expect(direction([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBe(true); // rho = 0.8
    expect(direction([4, 1, 3, 2], [1, 4, 2, 3])).toBe(false); // rho = −1 (x unsorted)
  });

  it("is increasing when rho is exactly 0 (scikit-learn tests rho >= 0)", () => {
    // Ranks of y = [1, 2, 1] are [1.5, 3, 1.5]; centred 2·rank − n − 1: x → [−2, 0, 2], y → [−1, 2, −1]; Σ = 2 − 2 = 0.
    expect(direction([1, 2, 3], [1, 2, 1])).toBe(true);
  });

  it("is decreasing when x or y is constant (rho is NaN)", () => {
    expect(direction([5, 5, 5], [1, 2, 3])).toBe(false);
    expect(direction([1, 2, 3], [7, 7, 7])).toBe(false);
  });
});
