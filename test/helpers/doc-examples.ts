// The harness behind the doc-example tests: every `@example code // => claim` line in the given source files runs
// against the built package, and must give the numbers it claims. Shared so that every part of the library holds its
// examples to the same rule.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as rmcal from "rmcal";

/** "0.2333…" or "0.49016..." claims only the digits shown; "0.5" claims the value to 1e-12. */
function numbersOf(text: string): { value: number; tolerance: number }[] {
  // Names such as "Float64Array" are not claims.
  return [...text.replace(/[A-Za-z_]\w*/g, "").matchAll(/(-?\d+(?:\.(\d+))?)(\.\.\.|…)?/g)].map((m) => ({
    value: Number(m[1]),
    tolerance: m[3] ? 10 ** -(m[2]?.length ?? 0) : 1e-12,
  }));
}

/** The one-line @example of each file under src/ (paths relative to src/), with the claim after `// =>`. */
function docExamples(files: readonly string[]): { file: string; code: string; claim: string }[] {
  return files.flatMap((file) =>
    [...readFileSync(new URL(`../../src/${file}`, import.meta.url), "utf8").matchAll(/@example (.+?) \/\/ => (.+)$/gm)].map((m) => ({
      file, code: m[1], claim: m[2],
    })),
  );
}

/**
 * A describe block that checks there are `count` examples in `files` (so an example cannot vanish unnoticed), then
 * runs each one with every export of "rmcal" in scope and compares its numbers with the claim.
 */
export function describeDocExamples(title: string, countTitle: string, files: readonly string[], count: number): void {
  const examples = docExamples(files);

  describe(title, () => {
    beforeAll(async () => {
      await rmcal.init();
    });

    it(countTitle, () => {
      expect(examples.length).toBe(count);
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
}
