// smoothEce: agreement with the published definition (reference values from a direct numpy implementation,
// scripts/reference/smooth_ece.py: no grid, every reflected image, Simpson's rule, bisection to 1e-10), and a
// cross-check of the WebAssembly kernels against the same grid algorithm in plain TypeScript.
import { beforeAll, describe, expect, it } from "vitest";
import { init, smoothEce } from "rmcal";
import reference from "../../reference-values/smooth-ece.json";
import { referenceSmoothEce, referenceValuesOutcomes } from "../../reference/smooth-ece";
import { mulberry32, sigmoid } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

interface Case { name: string; margin: number[]; label: number[]; weight: number[] | null; temperature?: number }

describe("smoothEce(pairs, { view })", () => {
  for (const c of reference.cases as unknown as (Case & Record<string, { smece: number; bandwidth: number }>)[]) {
    for (const view of ["oriented", "folded"] as const) {
      it(`agrees with the published definition to 1e-3 on ${c.name}, ${view}`, () => {
        const pairs = { margin: c.margin, label: c.label, ...(c.weight ? { weight: c.weight } : {}) };
        const out = smoothEce(pairs, { view, temperature: c.temperature ?? 1 });
        expect(Math.abs(out.smece - c[view].smece)).toBeLessThan(1e-3);
        expect(Math.abs(out.bandwidth - c[view].bandwidth)).toBeLessThan(1e-3);
        // The fixed point: the bandwidth equals the smooth ECE at that bandwidth (to the bisection's resolution).
        expect(Math.abs(out.bandwidth - out.smece)).toBeLessThan(1e-6);
      });
    }
  }

  it("equals the plain-TypeScript grid reference (kernel cross-check) to 1e-10", () => {
    const random = mulberry32(5);
    const margin: number[] = [], label: number[] = [], weight: number[] = [];
    for (let i = 0; i < 250; i++) {
      const d = (random() - 0.5) * 6;
      margin.push(d);
      label.push(random() < sigmoid(d / 1.5) ? 1 : 0);
      weight.push(0.5 + random());
    }
    for (const folded of [true, false]) {
      const { v, k } = referenceValuesOutcomes(margin, label, folded);
      const expected = referenceSmoothEce(v, k, weight, folded ? 0.5 : 0);
      const out = smoothEce({ margin, label, weight }, { view: folded ? "folded" : "oriented" });
      expect(out.smece).toBeCloseTo(expected.smece, 10);
      expect(out.bandwidth).toBeCloseTo(expected.bandwidth, 10);
    }
  });

  it("returns a curve over the view's range whose density integrates to about 1", () => {
    const c = reference.cases[0] as unknown as Case;
    const out = smoothEce({ margin: c.margin, label: c.label });
    expect(out.view).toBe("folded");
    expect(out.curve.x[0]).toBe(0.5);
    expect(out.curve.x[out.curve.x.length - 1]).toBe(1);
    let integral = 0;
    for (let i = 1; i < out.curve.x.length; i++) {
      integral += 0.5 * (out.curve.density[i] + out.curve.density[i - 1]) * (out.curve.x[i] - out.curve.x[i - 1]);
    }
    expect(integral).toBeCloseTo(1, 2);
    for (const y of out.curve.y) expect(y).toBeGreaterThanOrEqual(0);
  });

  it("is near 0 for perfectly calibrated data and large for a scorer that is always wrong", () => {
    const random = mulberry32(8);
    const margin: number[] = [], label: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const d = (random() - 0.5) * 6;
      margin.push(d);
      label.push(random() < sigmoid(d) ? 1 : 0);
    }
    expect(smoothEce({ margin, label }).smece).toBeLessThan(0.03);
    const wrong = smoothEce({ margin: [3, 3, -3, -3], label: [0, 0, 1, 1] });
    expect(wrong.smece).toBeGreaterThan(0.4);
  });

  it("rejects bad options with a message naming them", () => {
    expect(() => smoothEce({ margin: [1], label: [1] }, { view: "symmetric" as never })).toThrow(/options.view is "symmetric"/);
    expect(() => smoothEce({ margin: [1], label: [1] }, { temperature: 0 })).toThrow(/options.temperature is 0/);
  });
});
