// wilsonInterval against scipy and against the reference implementation.
// Expected values: scripts/reference/wilson.py (scipy 1.10: binomtest(k, n).proportion_ci(method="wilson");
// run: /usr/bin/python3 scripts/reference/wilson.py), committed in test/reference-values/wilson.json.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { wilsonInterval } from "rmcal";
import { wilson } from "../../reference/calibration";
import { expectClose } from "../../helpers/compare";
import { mulberry32 } from "../../helpers/prng";

const { cases } = JSON.parse(readFileSync(new URL("../../reference-values/wilson.json", import.meta.url), "utf8")) as {
  cases: { k: number; n: number; low: number; high: number }[];
};

describe("wilsonInterval(observed, n)", () => {
  it("equals scipy.stats.binomtest(k, n).proportion_ci(method='wilson') for k successes in n trials", () => {
    for (const c of cases) expectClose(wilsonInterval(c.k / c.n, c.n), [c.low, c.high], 1e-12, `k = ${c.k}, n = ${c.n}`);
    // the reference too, since assess's bins are checked against it
    for (const c of cases) expectClose(wilson(c.k / c.n, c.n), [c.low, c.high], 1e-12, `reference k = ${c.k}, n = ${c.n}`);
  });

  it("equals the reference at fractional (effective) sample sizes and soft proportions", () => {
    const random = mulberry32(31);
    for (let i = 0; i < 500; i++) {
      const p = random() < 0.1 ? Math.round(random()) : random();
      const n = 0.2 + random() * 50;
      expectClose(wilsonInterval(p, n), wilson(p, n), 1e-12, `p = ${p}, n = ${n}`);
    }
  });

  it("stays inside [0, 1] and contains the observed proportion", () => {
    for (const p of [0, 0.001, 0.5, 0.999, 1]) {
      for (const n of [0.5, 1, 3, 1e6]) {
        const [low, high] = wilsonInterval(p, n);
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(1);
        expect(low).toBeLessThanOrEqual(p + 1e-15);
        expect(high).toBeGreaterThanOrEqual(p - 1e-15);
      }
    }
  });
});
