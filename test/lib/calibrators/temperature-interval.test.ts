// Intervals of the fitted temperature (docs/DESIGN.md §6.7) against scipy and numpy:
// test/reference-values/parameter-intervals.json, made by `python3 scripts/reference/temperature_interval.py`
// (brentq on the NLL sum in a = 1/T around the cut-off χ²₁(confidence)/2; the cluster sandwich in numpy).
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature, loadCalibrator } from "rmcal";
import reference from "../../reference-values/parameter-intervals.json";
import { llmbarPairs } from "../../helpers/calibrator-data";
import { referenceTemperatureNll } from "../../reference/temperature";

beforeAll(async () => {
  await init();
});

const relative = (x: number, want: number) => Math.abs(x - want) / Math.abs(want);
const sim = reference.simulated;
const simulatedPairs = (withClusters: boolean) => ({
  margin: sim.margin, label: sim.label, weight: sim.weight, ...(withClusters ? { cluster: sim.cluster } : {}),
});

/** The weighted NLL sum at T in plain TypeScript (Math.log is fine in a test). */
function nllSum(margin: readonly number[], label: readonly number[], weight: readonly number[], t: number): number {
  let sum = 0;
  for (let i = 0; i < margin.length; i++) sum += weight[i] * referenceTemperatureNll([margin[i]], [label[i]], t);
  return sum;
}

describe("fitTemperature(pairs).interval: the profile-likelihood interval", () => {
  it("matches scipy's likelihood-ratio roots on LLMBar GPT-4 ratings to 1e-9 relative (1e-6 asked), at 0.95 and 0.8", () => {
    const pairs = llmbarPairs("GPT-4");
    const t = fitTemperature(pairs);
    expect(t.interval!.method).toBe("profile-likelihood");
    expect(t.interval!.confidence).toBe(0.95);
    expect(relative(t.interval!.low, reference.llmbarGPT4.interval95.low)).toBeLessThan(1e-9);
    expect(relative(t.interval!.high, reference.llmbarGPT4.interval95.high)).toBeLessThan(1e-9);
    expect(t.interval!.low).toBeLessThan(t.temperature);
    expect(t.interval!.high).toBeGreaterThan(t.temperature);
    const narrow = fitTemperature(pairs, { confidence: 0.8 }).interval!;
    expect(relative(narrow.low, reference.llmbarGPT4.interval80.low)).toBeLessThan(1e-9);
    expect(relative(narrow.high, reference.llmbarGPT4.interval80.high)).toBeLessThan(1e-9);
  });

  it("matches scipy on simulated weighted pairs (weights as frequencies) to 1e-9, and the deviance at each end is χ²₁", () => {
    const t = fitTemperature(simulatedPairs(false));
    expect(relative(t.temperature, sim.temperature)).toBeLessThan(1e-9);
    for (const [confidence, want] of [[0.95, sim.interval95], [0.99, sim.interval99]] as const) {
      const interval = fitTemperature(simulatedPairs(false), { confidence }).interval!;
      expect(relative(interval.low, want.low)).toBeLessThan(1e-9);
      expect(relative(interval.high, want.high!)).toBeLessThan(1e-9);
    }
    // Independent of scipy: 2·(N(T_end) − N(T̂)) = 3.841458820694124 (χ²₁ 0.95 quantile) in plain TypeScript.
    const best = nllSum(sim.margin, sim.label, sim.weight, t.temperature);
    for (const end of [t.interval!.low, t.interval!.high]) {
      expect(2 * (nllSum(sim.margin, sim.label, sim.weight, end) - best)).toBeCloseTo(3.841458820694124, 6);
    }
  });

  it("keeps the deviance at each end at χ²₁ on 200 000 pairs, where rounding of the NLL sums limits Newton", () => {
    const n = 200_000, margin = new Float64Array(n), label = new Float64Array(n);
    let state = 12345;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < n; i++) {
      margin[i] = (random() - 0.5) * 8;
      label[i] = random() < 1 / (1 + Math.exp(-margin[i] / 2)) ? 1 : 0;
    }
    const t = fitTemperature({ margin, label });
    const ones = new Float64Array(n).fill(1);
    const nll = (temperature: number) => nllSum(Array.from(margin), Array.from(label), Array.from(ones), temperature);
    const best = nll(t.temperature);
    for (const end of [t.interval!.low, t.interval!.high]) expect(2 * (nll(end) - best)).toBeCloseTo(3.841458820694124, 4);
    expect(t.interval!.low).toBeLessThan(t.temperature);
    expect(t.interval!.high).toBeGreaterThan(t.temperature);
  });

  it("reaches T = Infinity when the data cannot rule out 'no signal' (LLMBar ChatGPT, fit at the upper bound)", () => {
    const t = fitTemperature(llmbarPairs("ChatGPT"));
    expect(t.atBound).toBe("upper");
    expect(reference.llmbarChatGPT.interval95.high).toBeNull();
    expect(t.interval!.high).toBe(Infinity);
    expect(relative(t.interval!.low, reference.llmbarChatGPT.interval95.low)).toBeLessThan(1e-9);
  });

  it("reaches T = 0 on separable pairs, and is [0, ∞] when every margin is 0", () => {
    const separable = fitTemperature({ margin: [1, 2, -3, 0.5], label: [1, 1, 0, 1] });
    expect(separable.atBound).toBe("lower");
    expect(separable.interval!.low).toBe(0);
    expect(separable.interval!.high).toBeGreaterThan(separable.temperature);
    const flat = fitTemperature({ margin: [0, 0, 0], label: [1, 0, 1] }).interval!;
    expect([flat.low, flat.high]).toEqual([0, Infinity]);
  });

  it("is null for the ECE objective, which has no likelihood", () => {
    const t = fitTemperature(llmbarPairs("GPT-4"), { objective: "ece" });
    expect(t.interval).toBeNull();
    expect(t.fit).not.toHaveProperty("interval");
  });

  it("is stored in the JSON's fit record, Infinity as null, and survives loadCalibrator", () => {
    const t = fitTemperature(llmbarPairs("ChatGPT"));
    const json = JSON.parse(JSON.stringify(t.toJSON()));
    expect(json.version).toBe(2);
    expect(json.fit.interval).toEqual({ low: t.interval!.low, high: null, confidence: 0.95, method: "profile-likelihood" });
    const loaded = loadCalibrator(json);
    expect(loaded.fit!.interval).toEqual(json.fit.interval);
    expect(JSON.parse(JSON.stringify(loaded.toJSON()))).toEqual(json);
  });

  it("refuses a confidence outside (0, 1), naming options.confidence", () => {
    for (const confidence of [0, 1, 1.5, Number.NaN]) {
      expect(() => fitTemperature(llmbarPairs("GPT-4"), { confidence })).toThrow(/options\.confidence/);
    }
  });
});

describe("fitTemperature(pairs with cluster).interval: the cluster-robust sandwich", () => {
  it("matches numpy's G/(G − 1)-scaled sandwich on simulated clustered pairs to 1e-9 relative", () => {
    const t = fitTemperature(simulatedPairs(true));
    expect(t.interval!.method).toBe("cluster-sandwich");
    expect(relative(t.interval!.low, sim.sandwich95.low)).toBeLessThan(1e-9);
    expect(relative(t.interval!.high, sim.sandwich95.high!)).toBeLessThan(1e-9);
    // Clusters change no point estimate.
    expect(t.temperature).toBe(fitTemperature(simulatedPairs(false)).temperature);
  });

  it("is null at a bound and with a single cluster, where a Wald interval means nothing", () => {
    const atBound = fitTemperature({ margin: [1, 2, -3, 0.5], label: [1, 1, 0, 1], cluster: [1, 1, 2, 2] });
    expect(atBound.atBound).toBe("lower");
    expect(atBound.interval).toBeNull();
    const one = fitTemperature({ margin: [2, -1, 3, 0.5], label: [1, 1, 1, 0], cluster: ["p", "p", "p", "p"] });
    expect(one.interval).toBeNull();
  });
});
