// The @example lines of the estimator and diagnostics functions' doc comments run, and give what they say
// (the same rule as test/doc-examples.test.ts: "0.128304..." claims only the digits shown, "0.5" claims 1e-12).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as rmcal from "rmcal";

const files = [
  "estimators/bootstrap-calibration.ts", "estimators/smooth-ece.ts", "diagnostics/diagnose.ts", "diagnostics/coverage.ts",
  "diagnostics/distribution-shift.ts", "metrics/clopper-pearson-interval.ts", "metrics/beta-distribution.ts",
];

function numbersOf(text: string): { value: number; tolerance: number }[] {
  return [...text.replace(/[A-Za-z_]\w*/g, "").matchAll(/(-?\d+(?:\.(\d+))?)(\.\.\.|…)?/g)].map((m) => ({
    value: Number(m[1]),
    tolerance: m[3] ? 10 ** -(m[2]?.length ?? 0) : 1e-12,
  }));
}

const examples = files.flatMap((file) =>
  [...readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8").matchAll(/@example (.+?) \/\/ => (.+)$/gm)].map((m) => ({
    file, code: m[1], claim: m[2],
  })),
);

beforeAll(async () => {
  await rmcal.init();
});

describe("estimator and diagnostics doc comment examples", () => {
  it("there is one example per public function", () => {
    expect(examples.length).toBe(9);
  });

  for (const { file, code, claim } of examples) {
    it(`${code} // => ${claim} (${file})`, () => {
      const names = Object.keys(rmcal);
      const result = new Function(...names, `return (${code});`)(...names.map((n) => (rmcal as Record<string, unknown>)[n]));
      const actual = typeof result === "number" ? [result] : Array.from(result as ArrayLike<number>);
      const claimed = numbersOf(claim);
      expect(actual.length).toBe(claimed.length);
      claimed.forEach(({ value, tolerance }, i) => expect(Math.abs(actual[i] - value)).toBeLessThan(tolerance));
    });
  }
});
