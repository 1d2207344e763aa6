// The committed scikit-learn isotonic cases (test/reference-values/isotonic.json) write NaN as null and absent
// options as null; these turn them back, and compare arrays to an absolute tolerance with NaN matching NaN.
import { expect } from "vitest";

export type Maybe = number | null;

/** A committed array with NaN restored. */
export const numbers = (values: Maybe[]) => values.map((v) => (v === null ? NaN : v));

/** A committed option: null means absent. */
export const opt = (v: Maybe | undefined) => (v === null ? undefined : v);

/** Element by element within `tolerance`, NaN only where NaN is expected. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) expect(actual[i], `index ${i}`).toBeNaN();
    else expect(Math.abs(actual[i] - expected[i]), `index ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance);
  }
}
