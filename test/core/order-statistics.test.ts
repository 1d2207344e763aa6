// The radix select of assembly/order-statistics.ts (orderStatistics in src/core) against the plain sort of
// test/reference/order-statistics.ts, bit for bit (Object.is, so −0 and +0 count as different): on spread-out data
// (few values sorted), on data in one bucket (every value sorted), with ties, both zeros, huge and tiny magnitudes.
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../helpers/source-entry";
import { orderStatistics } from "../../src/core/order-statistics";
import { mulberry32, normal } from "../helpers/prng";
import { referenceOrderStatistics } from "../reference/order-statistics";

beforeAll(async () => {
  await init();
});

/** Ascending distinct ranks in [0, n): the ends, and `count` drawn ones. */
function someRanks(n: number, count: number, random: () => number): Int32Array {
  const set = new Set([0, n - 1]);
  for (let i = 0; i < count; i++) set.add(Math.floor(random() * n));
  return Int32Array.from([...set].sort((a, b) => a - b));
}

describe("orderStatistics(values, ranks)", () => {
  const random = mulberry32(77);
  const cases: [string, Float64Array][] = [
    ["normal scores", Float64Array.from({ length: 200_000 }, () => 2.5 * normal(random))],
    ["a 1/64 grid (ties)", Float64Array.from({ length: 50_000 }, () => Math.round(normal(random) * 64) / 64)],
    ["one bucket (1 + tiny)", Float64Array.from({ length: 30_000 }, () => 1 + random() * 1e-6)],
    ["both zeros and signs", Float64Array.from({ length: 20_000 }, (_, i) => [0, -0, 1e-310, -1e-310, 1e300, -1e300, 3][i % 7])],
    ["all equal", new Float64Array(1000).fill(-2.5)],
    ["two values", Float64Array.of(3, -1)],
    // 2^22 values and more use the largest table, 2^20 buckets.
    ["4.2·10^6 normal scores", Float64Array.from({ length: 4_200_000 }, () => 2.5 * normal(random))],
  ];
  for (const [name, values] of cases) {
    it(`equals the sorted copy at every asked rank: ${name}`, () => {
      const ranks = someRanks(values.length, 300, random);
      const got = Array.from(orderStatistics(values, ranks));
      const want = referenceOrderStatistics(values, ranks);
      got.forEach((x, j) => expect(Object.is(x, want[j]), `rank ${ranks[j]}: ${x} vs ${want[j]}`).toBe(true));
    });
  }

  it("leaves the caller's values as they were (it works on a copy)", () => {
    const values = Float64Array.of(5, -3, 0, 2);
    orderStatistics(values, Int32Array.of(1, 2));
    expect(Array.from(values)).toEqual([5, -3, 0, 2]);
  });
});
