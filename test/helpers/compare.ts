// Deep comparison of numeric results with a tolerance, reporting the path of the first difference.
import { expect } from "vitest";

/**
 * Asserts that `actual` matches `expected`: numbers within tol·max(1, |expected|), nulls and strings equal,
 * arrays (or typed arrays) of the same length, objects compared on the keys of `expected`.
 */
export function expectClose(actual: unknown, expected: unknown, tol = 1e-12, path = "result"): void {
  if (typeof expected === "number") {
    expect(typeof actual, `${path} type`).toBe("number");
    const a = actual as number;
    if (!Number.isFinite(expected)) {
      expect(a, path).toBe(expected);
      return;
    }
    const scale = Math.max(1, Math.abs(expected));
    if (!(Math.abs(a - expected) <= tol * scale)) {
      expect.fail(`${path}: ${a} differs from ${expected} by ${Math.abs(a - expected)} (> ${tol * scale})`);
    }
    return;
  }
  if (expected === null || typeof expected !== "object") {
    expect(actual, path).toBe(expected);
    return;
  }
  if (Array.isArray(expected) || ArrayBuffer.isView(expected)) {
    const e = expected as ArrayLike<unknown>;
    const a = actual as ArrayLike<unknown>;
    expect(a?.length, `${path}.length`).toBe(e.length);
    for (let i = 0; i < e.length; i++) expectClose(a[i], e[i], tol, `${path}[${i}]`);
    return;
  }
  expect(actual, `${path} is an object`).toBeTypeOf("object");
  for (const [key, value] of Object.entries(expected)) {
    expectClose((actual as Record<string, unknown>)[key], value, tol, `${path}.${key}`);
  }
}

/** Largest |a[i] − b[i]| over two arrays of equal length. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
