// Φ and Φ⁻¹ of assembly/normal-distribution.ts against scipy. The values were produced with scipy 1.x:
//   python3 -c "from scipy.stats import norm; print([repr(float(norm.cdf(x))) for x in XS]); print([repr(float(norm.ppf(p))) for p in PS])"
// with XS and PS the inputs below.
import { beforeAll, describe, expect, it } from "vitest";
import { rawKernels } from "../helpers/raw-kernels";

interface Kernels { normalCdf(x: number): number; normalQuantile(p: number): number }
let k: Kernels;
beforeAll(async () => {
  k = await rawKernels<Kernels>();
});

const XS = [-8, -5, -3.2, -1.959963984540054, -1, -0.3, 0, 0.1, 0.7, 1.2815515655446004, 2.5, 4, 6.5];
const CDF = [6.22096057427174e-16, 2.866515718791933e-07, 0.0006871379379158471, 0.025, 0.15865525393145707,
  0.3820885778110474, 0.5, 0.539827837277029, 0.758036347776927, 0.8999999999999999, 0.9937903346742238,
  0.9999683287581669, 0.99999999995984];
const PS = [1e-6, 0.001, 0.025, 0.05, 0.1, 0.3, 0.5, 0.6, 0.9, 0.95, 0.975, 0.999, 1 - 1e-6];
const PPF = [-4.753424308822899, -3.090232306167813, -1.9599639845400545, -1.6448536269514729, -1.2815515655446004,
  -0.5244005127080409, 0, 0.2533471031357997, 1.2815515655446004, 1.6448536269514722, 1.959963984540054,
  3.090232306167813, 4.753424308817087];

describe("normalCdf", () => {
  it("matches scipy.stats.norm.cdf to 5e-16 absolute, and to 1e-13 relative in the lower tail", () => {
    XS.forEach((x, i) => expect(Math.abs(k.normalCdf(x) - CDF[i])).toBeLessThan(5e-16));
    XS.filter((x) => x < -3).forEach((x) => expect(Math.abs(k.normalCdf(x) / CDF[XS.indexOf(x)] - 1)).toBeLessThan(1e-13));
  });
  it("is symmetric, Φ(−x) = 1 − Φ(x), and saturates in the far tails", () => {
    for (const x of [0.2, 1.1, 2.7, 5.3]) expect(k.normalCdf(-x) + k.normalCdf(x)).toBeCloseTo(1, 15);
    expect(k.normalCdf(-40)).toBe(0);
    expect(k.normalCdf(40)).toBe(1);
    expect(k.normalCdf(NaN)).toBeNaN();
  });
});

describe("normalQuantile", () => {
  it("matches scipy.stats.norm.ppf to 1e-12 relative (1e-9 at p = 1e-6, where Φ's absolute error dominates)", () => {
    PS.forEach((p, i) => {
      const tolerance = p < 1e-4 || p > 1 - 1e-4 ? 1e-9 : 1e-12;
      expect(Math.abs(k.normalQuantile(p) - PPF[i])).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(PPF[i])));
    });
  });
  it("inverts normalCdf, and gives ±∞ at 0 and 1 and NaN outside [0, 1]", () => {
    for (const p of [0.01, 0.2, 0.45, 0.77, 0.99]) expect(k.normalCdf(k.normalQuantile(p))).toBeCloseTo(p, 14);
    expect(k.normalQuantile(0)).toBe(-Infinity);
    expect(k.normalQuantile(1)).toBe(Infinity);
    expect(k.normalQuantile(-0.1)).toBeNaN();
    expect(k.normalQuantile(1.5)).toBeNaN();
    expect(k.normalQuantile(NaN)).toBeNaN();
  });
});
