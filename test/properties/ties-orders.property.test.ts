// The Davidson tie model and the order study under arbitrary input: documented results (ν > 0, three probabilities
// in [0, 1] summing to 1, shares in [0, 1]) or a RangeError/TypeError naming the argument; and their metamorphic
// relations (docs/DESIGN.md §5.10, §7.5): swapping every pair's sides, duplicating a pair against doubling its
// weight, and renaming which order comes first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, fitDavidson, assessTies, orderSwap } from "rmcal";
import { SEED, margin, weight } from "./arbitraries";
import { callUnderContract, expectWithin, Tally } from "./contract";

beforeAll(async () => {
  await init();
});

const tally = new Tally("ties and orders");
afterAll(() => tally.report());

const outcome = fc.constantFrom(0, 0.5, 1);
/** Three-outcome pairs with margins of any finite size, ties included, and optional weights. */
const threeOutcomePairs = fc.integer({ min: 1, max: 30 }).chain((n) => fc.record({
  margin: fc.array(margin, { minLength: n, maxLength: n }),
  label: fc.array(outcome, { minLength: n, maxLength: n }),
  weight: fc.option(fc.array(weight, { minLength: n, maxLength: n }), { nil: undefined }),
}, { requiredKeys: ["margin", "label"] }));
/** Moderate margins, where fits converge and relations can be compared to rounding. */
const moderate = fc.double({ min: -8, max: 8, noNaN: true });

describe("the Davidson tie model under arbitrary three-outcome pairs", () => {
  it("fitDavidson: ν ≥ 0, probabilities in [0, 1] summing to 1, an interval holding ν, or an error naming pairs (400 runs)", () => {
    fc.assert(fc.property(threeOutcomePairs, (pairs) => {
      const { outcome: result, value: f } = callUnderContract(() => fitDavidson(pairs as never), ["pairs", "options"]);
      tally.add(`fitDavidson: ${result}`);
      if (!f) return;
      expect(f.nu).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(f.nll)).toBe(false);
      if (f.nuInterval) {
        expect(f.nuInterval.low).toBeLessThanOrEqual(f.nu);
        expect(f.nuInterval.high).toBeGreaterThanOrEqual(f.nu);
      }
      const p = f.probabilities([-1e300, -3, 0, 2, 1e300]);
      for (let i = 0; i < 5; i++) {
        expectWithin(p.win[i], 0, 1, "win");
        expectWithin(p.tie[i], 0, 1, "tie");
        expect(Math.abs(p.win[i] + p.tie[i] + p.loss[i] - 1)).toBeLessThan(1e-15);
      }
      const a = assessTies(pairs as never, { temperature: 2, nu: 0.5 }, { bins: 4 });
      expectWithin(a.tieShare, 0, 1, "tieShare");
      expect(Number.isNaN(a.nll)).toBe(false);
    }), { seed: SEED, numRuns: 400 });
  });

  it("swapping every pair's sides (d → −d, 1 ↔ 0) leaves ν, T and the NLL unchanged; a duplicate equals a weight of 2", () => {
    const pairs = fc.integer({ min: 4, max: 40 }).chain((n) => fc.record({
      margin: fc.array(moderate, { minLength: n, maxLength: n }),
      label: fc.array(outcome, { minLength: n, maxLength: n }),
    }));
    fc.assert(fc.property(pairs, ({ margin: d, label: y }) => {
      const f = callUnderContract(() => fitDavidson({ margin: d, label: y }), ["pairs"]).value;
      if (!f || !f.converged) return;
      const swapped = fitDavidson({ margin: d.map((x) => -x), label: y.map((v) => 1 - v) });
      expect(Math.abs(swapped.nu - f.nu)).toBeLessThanOrEqual(1e-7 * Math.max(1, f.nu));
      expect(Math.abs(swapped.inverseTemperature - f.inverseTemperature)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(f.inverseTemperature)));
      expect(Math.abs(swapped.nll - f.nll)).toBeLessThanOrEqual(1e-12 * Math.max(1, f.nll));
      const doubled = assessTies({ margin: [...d, d[0]], label: [...y, y[0]] }, f).nll;
      const weighted = assessTies({ margin: d, label: y, weight: d.map((_, i) => (i === 0 ? 2 : 1)) }, f).nll;
      expect(Math.abs(doubled - weighted)).toBeLessThanOrEqual(1e-12 * Math.max(1, doubled));
    }), { seed: SEED, numRuns: 200 });
  });
});

describe("orderSwap under arbitrary pairs judged in both orders", () => {
  const judged = fc.integer({ min: 2, max: 30 }).chain((pairs) => fc.record({
    first: fc.array(moderate, { minLength: pairs, maxLength: pairs }),
    second: fc.array(moderate, { minLength: pairs, maxLength: pairs }),
    label: fc.array(fc.constantFrom(0, 1), { minLength: pairs, maxLength: pairs }),
  }));

  it("shares in [0, 1] summing to 1; renaming which order is first keeps them and negates nothing (200 runs)", () => {
    fc.assert(fc.property(judged, ({ first, second, label }) => {
      const margin = first.flatMap((d, k) => [d, second[k]]);
      const labels = label.flatMap((y) => [y, 1 - y]);
      const pairId = first.flatMap((_, k) => [k, k]);
      const s = orderSwap({ margin, label: labels }, { pairId, order: first.flatMap(() => ["a", "b"]) });
      for (const share of [s.swapConsistency, s.flipShare, s.halfTieShare]) expectWithin(share, 0, 1, "share");
      expect(Math.abs(s.swapConsistency + s.flipShare + s.halfTieShare - 1)).toBeLessThan(1e-12);
      const renamed = orderSwap({ margin, label: labels }, { pairId, order: first.flatMap(() => ["b", "a"]) });
      expect(renamed.swapConsistency).toBe(s.swapConsistency);
      expect(renamed.flipShare).toBe(s.flipShare);
      // The position bias is a property of the rows as presented, not of which order is called first.
      if (s.positionBias?.interval && renamed.positionBias?.interval && s.positionBias.converged && renamed.positionBias.converged) {
        expect(Math.abs(renamed.positionBias.beta - s.positionBias.beta)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(s.positionBias.beta)));
      }
      tally.add(`orderSwap: ${s.positionBias ? "β fitted" : "no β"}`);
    }), { seed: SEED, numRuns: 200 });
  });
});
