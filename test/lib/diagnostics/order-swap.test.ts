// orderSwap: swap consistency counted by hand, the position bias against fitPlatt on the same rows and against a
// simulated judge with a known first-position bonus, and the three assessments against assess on the same margins.
import { beforeAll, describe, expect, it } from "vitest";
import { init, orderSwap, fitPlatt, assess } from "rmcal";
import { mulberry32, normal } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

/**
 * A judge seen in both orders: true log-odds z per pair, label drawn once, margins (first − second) with a bonus
 * for the first shown, in score units. Rows alternate order "ab" (X first) and "ba" (Y first).
 */
function simulatedJudge(pairs: number, bonus: number, seed: number) {
  const random = mulberry32(seed);
  const margin: number[] = [], label: number[] = [], pairId: number[] = [], order: string[] = [];
  for (let k = 0; k < pairs; k++) {
    const z = 1.5 * normal(random);
    const xWins = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    margin.push(z + bonus + 0.3 * normal(random), -z + bonus + 0.3 * normal(random));
    label.push(xWins, 1 - xWins);
    pairId.push(k, k);
    order.push("ab", "ba");
  }
  return { margin, label, pairId, order };
}

describe("orderSwap(pairs, { pairId, order })", () => {
  it("counts verdicts that survive the swap, flips and one-sided ties (the second order's margin read with its sign flipped)", () => {
    // Pair 1: +2 then −1 (X both times): consistent. Pair 2: +1 then +1 (the first shown both times): a flip.
    // Pair 3: 0 then 0: consistent tie. Pair 4: 0 then −3: a tie in one order only.
    const s = orderSwap(
      { margin: [2, -1, 1, 1, 0, 0, 0, -3], label: [1, 0, 0, 1, 1, 0, 0, 1] },
      { pairId: ["p1", "p1", "p2", "p2", "p3", "p3", "p4", "p4"], order: ["ab", "ba", "ab", "ba", "ba", "ab", "ab", "ba"] },
    );
    expect(s.pairs).toBe(4);
    expect(s.orders).toEqual(["ab", "ba"]);
    expect([s.swapConsistency, s.flipShare, s.halfTieShare]).toEqual([0.5, 0.25, 0.25]);
  });

  it("fits β on every row as presented, with the cluster sandwich by pair, as fitPlatt with the pair as cluster does", () => {
    const data = simulatedJudge(400, 0.8, 11);
    const s = orderSwap({ margin: data.margin, label: data.label }, { pairId: data.pairId, order: data.order });
    // orderSwap passes the first order's rows, then the second's: the same rows in that order give the same bits.
    const rows = [...data.margin.keys()].sort((i, j) => (i % 2) - (j % 2) || i - j);
    const p = fitPlatt({ margin: rows.map((i) => data.margin[i]), label: rows.map((i) => data.label[i]), cluster: rows.map((i) => data.pairId[i]) });
    expect(s.positionBias!.beta).toBe(p.bias);
    expect(s.positionBias!.alpha).toBe(p.scale);
    expect(s.positionBias!.interval).toEqual(p.betaInterval);
    expect(s.positionBias!.interval!.method).toBe("cluster-sandwich");
  });

  it("finds a judge's first-position bonus: β ≈ −α·bonus, its interval excluding 0; and none when there is no bonus", () => {
    const biased = simulatedJudge(3000, 0.8, 5);
    const s = orderSwap({ margin: biased.margin, label: biased.label }, { pairId: biased.pairId, order: biased.order });
    const b = s.positionBias!;
    expect(b.interval!.high).toBeLessThan(0);
    // Margins d = z + bonus + noise against labels drawn from σ(z): the best fit is near σ(α·(d − bonus)).
    expect(Math.abs(b.beta + b.alpha * 0.8)).toBeLessThan(0.15);
    const fair = simulatedJudge(3000, 0, 5);
    const f = orderSwap({ margin: fair.margin, label: fair.label }, { pairId: fair.pairId, order: fair.order }).positionBias!;
    expect(f.interval!.low).toBeLessThan(0);
    expect(f.interval!.high).toBeGreaterThan(0);
  });

  it("assesses each order alone and the order-averaged margin (d₁ − d₂)/2 exactly as assess does", () => {
    const data = simulatedJudge(300, 0.5, 2);
    const s = orderSwap({ margin: data.margin, label: data.label }, { pairId: data.pairId, order: data.order, bins: 10 });
    const first = data.margin.filter((_, i) => i % 2 === 0), second = data.margin.filter((_, i) => i % 2 === 1);
    const firstLabels = data.label.filter((_, i) => i % 2 === 0), secondLabels = data.label.filter((_, i) => i % 2 === 1);
    expect(s.calibration.first).toEqual(assess({ margin: first, label: firstLabels }, { bins: 10 }));
    expect(s.calibration.second).toEqual(assess({ margin: second, label: secondLabels }, { bins: 10 }));
    const averaged = first.map((d, k) => d / 2 - second[k] / 2);
    expect(s.calibration.averaged).toEqual(assess({ margin: averaged, label: firstLabels }, { bins: 10 }));
    // Averaging cancels the bonus and halves the noise: better calibrated than either order alone.
    expect(s.calibration.averaged.nll).toBeLessThan(Math.min(s.calibration.first.nll, s.calibration.second.nll));
  });

  it("leaves out rows whose pair has one order only, and says how many", () => {
    const s = orderSwap({ margin: [1, -1, 2], label: [1, 0, 1] }, { pairId: [1, 1, 2], order: [0, 1, 0] });
    expect(s.pairs).toBe(1);
    expect(s.unpaired).toBe(1);
    expect(s.orders).toEqual(["0", "1"]);
  });

  it("reports no position bias, with the reason, when Platt cannot be fitted (every label on one side)", () => {
    const s = orderSwap({ chosen: [2, 1, 3, 0], rejected: [1, 2, 0, 1] }, { pairId: [1, 1, 2, 2], order: ["a", "b", "a", "b"] });
    expect(s.positionBias).toBeNull();
    expect(s.note).toMatch(/^no position bias: .*fitTemperature/);
  });

  it("refuses a missing or misshapen pairId or order, more or fewer than two orders, and a pair seen twice in one order", () => {
    const pairs = { margin: [1, -1, 2, -2], label: [1, 0, 1, 0] };
    expect(() => orderSwap(pairs, { pairId: [1, 1, 2, 2] } as never)).toThrow(/options\.order must be an array/);
    expect(() => orderSwap(pairs, { pairId: [1, 1, 2], order: [0, 1, 0, 1] })).toThrow(/options\.pairId/);
    expect(() => orderSwap(pairs, { pairId: [1, 1, 2, 2], order: [0, 1, 2, 1] })).toThrow(/options\.order has 3 distinct values/);
    expect(() => orderSwap(pairs, { pairId: [1, 1, 2, 2], order: [0, 0, 0, 0] })).toThrow(/options\.order has 1 distinct value /);
    expect(() => orderSwap(pairs, { pairId: [1, 1, 1, 2], order: [0, 1, 0, 1] })).toThrow(/options\.pairId\[2\] is "1" in order "0", as row 0 is/);
    expect(() => orderSwap(pairs, { pairId: [1, null, 2, 2], order: [0, 1, 0, 1] } as never)).toThrow(/options\.pairId\[1\] is null/);
    expect(() => orderSwap(pairs, { pairId: [1, 2, 3, 4], order: [0, 1, 0, 1] })).toThrow(/no pair id has a row in both orders/);
  });
});
