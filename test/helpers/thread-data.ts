// Data and a comparison shared by the tests of the parallel functions in Node and in Chromium (docs/DESIGN.md
// §6.10): the same pairs on both sides, and results compared at full precision.
import { mulberry32 } from "./prng";

/** n pairs with weights 0, ½, 1 or 2 and, given clusters > 0, a cluster id of that many; deterministic by seed. */
export function weightedPairs(n: number, seed: number, clusters = 0) {
  const next = mulberry32(seed);
  const margin = Array.from({ length: n }, () => (next() - 0.4) * 6);
  return {
    margin,
    label: margin.map((d) => (next() < 1 / (1 + Math.exp(-0.6 * d)) ? 1 : 0)),
    weight: margin.map(() => [0, 0.5, 1, 2][Math.floor(next() * 4)]),
    ...(clusters > 0 ? { cluster: margin.map(() => `p${Math.floor(next() * clusters)}`) } : {}),
  };
}

/** JSON with typed arrays as arrays and every number at full precision (-0 and NaN spelled out). */
export const bits = (value: unknown): string => JSON.stringify(value, (_, v) =>
  ArrayBuffer.isView(v) ? Array.from(v as Float64Array, (x) => (Object.is(x, -0) ? "-0" : Number.isNaN(x) ? "NaN" : x)) : v);
