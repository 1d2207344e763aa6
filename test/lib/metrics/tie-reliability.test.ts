// assessTies: the three-outcome NLL against the plain reference (test/reference/davidson.ts), and the tie-rate
// reliability bins against a count done by hand.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assessTies, fitDavidson, wilsonInterval } from "rmcal";
import { referenceDavidsonNll, referenceDavidsonProbabilities, simulateDavidson } from "../../reference/davidson";
import { mulberry32, normal } from "../../helpers/prng";
import { loadLlmbarTieOutcomes } from "../../helpers/llmbar";

beforeAll(async () => {
  await init();
});

describe("assessTies(pairs, model)", () => {
  it("gives the reference's three-outcome NLL, weighted, for any (T, ν)", () => {
    const margin = [2, -1, 0, 1, -2, 0.5, 30, -45], label = [1, 0, 0.5, 0.5, 0, 1, 0.5, 1], weight = [1, 2, 0.5, 1, 3, 1, 1, 0.25];
    for (const [temperature, nu] of [[1, 1], [0.5, 0.1], [4, 3], [-2, 0.7]]) {
      const got = assessTies({ margin, label, weight }, { temperature, nu }).nll;
      const want = referenceDavidsonNll(margin, label, 1 / temperature, nu, weight);
      expect(Math.abs(got - want) / want).toBeLessThan(1e-13);
    }
  });

  it("at the maximum-likelihood fit, the predicted tie share equals the observed one (the score equation of ln ν)", () => {
    const random = mulberry32(3);
    const margin = Array.from({ length: 2000 }, () => 2 * normal(random));
    const label = simulateDavidson(margin, 1, 0.9, random);
    const fit = fitDavidson({ margin, label });
    const a = assessTies({ margin, label }, fit);
    expect(Math.abs(a.predictedTieShare - a.tieShare)).toBeLessThan(1e-10);
    expect(a.nll).toBe(fit.nll);
    // Well specified: every bin's interval holds its predicted tie probability, bar a chance miss or two.
    const misses = a.bins.filter((b) => b.predicted < b.low || b.predicted > b.high).length;
    expect(misses).toBeLessThanOrEqual(2);
  });

  it("bins pairs in equal-count bins of predicted P(tie), never splitting equal predictions, with Wilson intervals", () => {
    // Integer margins: P(tie) depends on |d| only, so |d| = 0, 1, 2, 3 give four distinct predictions.
    const margin = [0, 0, 1, -1, 1, 2, -2, 3, 3, -3], label = [0.5, 0.5, 0.5, 0, 1, 1, 0, 1, 0.5, 0];
    const a = assessTies({ margin, label }, { temperature: 1, nu: 1 }, { bins: 3 });
    // Sorted by predicted P(tie), ascending: |d| = 3 (3 pairs), 2 (2), 1 (3), 0 (2). The cuts aim at 3, 7 and 10
    // pairs; the one at 7 falls inside the run |d| = 1, which stays whole, so the middle bin takes 5 pairs.
    expect(a.bins.map((b) => b.count)).toEqual([3, 5, 2]);
    const tie = (d: number) => referenceDavidsonProbabilities(d, 1, 1)[1];
    expect(a.bins[0].predicted).toBeCloseTo(tie(3), 15);
    expect(a.bins[0].observed).toBeCloseTo(1 / 3, 15);
    const [low, high] = wilsonInterval(1 / 3, 3);
    expect(a.bins[0].low).toBeCloseTo(low, 15);
    expect(a.bins[0].high).toBeCloseTo(high, 15);
    expect(a.bins.reduce((s, b) => s + b.count, 0)).toBe(10);
  });

  it("reads the LLMBar verdict ties as outcomes: the tie share is the verdict strategy's share of equal ratings", () => {
    const pairs = loadLlmbarTieOutcomes("Rating_NoRules");
    const a = assessTies(pairs, fitDavidson(pairs));
    expect(a.tieShare).toBe(88 / 417);
  });

  it("refuses a model with T NaN or 0 or without a finite ν > 0, and soft labels; T = ∞ (no signal) is a model", () => {
    const pairs = { margin: [1, -1, 0], label: [1, 0, 0.5] };
    expect(() => assessTies(pairs, { temperature: 0, nu: 1 })).toThrow(/model\.temperature is 0/);
    expect(() => assessTies(pairs, { temperature: NaN, nu: 1 })).toThrow(/model\.temperature is NaN/);
    expect(() => assessTies(pairs, { temperature: 1, nu: 0 })).toThrow(/model\.nu is 0/);
    // With 1/T = 0 every pair has P(A) = P(B) = 1/(2 + ν), P(tie) = ν/(2 + ν): here 1/3 each.
    expect(assessTies(pairs, { temperature: Infinity, nu: 1 }).predictedTieShare).toBeCloseTo(1 / 3, 15);
    expect(() => assessTies(pairs, null as never)).toThrow(/model must be an object/);
    expect(() => assessTies({ margin: [1, 2], label: [0.5, 0.25] }, { temperature: 1, nu: 1 })).toThrow(/pairs\.label\[1\] is 0\.25/);
    expect(() => assessTies(pairs, { temperature: 1, nu: 1 }, { bins: 0 })).toThrow(/options\.bins is 0/);
  });
});
