// Covariance of the Platt parameters and the interval of the position bias β (docs/DESIGN.md §6.7) against numpy:
// test/reference-values/parameter-intervals.json, made by `python3 scripts/reference/temperature_interval.py`
// (scipy trust-exact fit of the weighted NLL sum, then inv(X'WX) with X = [d, 1], W = w·p(1 − p), and the
// cluster sandwich inv(H)·M·inv(H) with M = G/(G − 1)·Σ_g s_g s_gᵀ).
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitPlatt, loadCalibrator } from "rmcal";
import reference from "../../reference-values/parameter-intervals.json";
import { llmbarPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

const sim = reference.simulated;
function expectMatrixClose(got: readonly (readonly number[])[], want: number[][], tolerance: number) {
  for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) {
    expect(Math.abs(got[r][c] - want[r][c]) / Math.abs(want[r][c])).toBeLessThan(tolerance);
  }
}

describe("fitPlatt(pairs).covariance and betaInterval", () => {
  it("equal numpy's inverse Hessian at scipy's optimum on LLMBar GPT-4 ratings to 1e-8 relative", () => {
    const p = fitPlatt(llmbarPairs("GPT-4"));
    expectMatrixClose(p.covariance!, reference.llmbarGPT4.platt.covariance, 1e-8);
    expect(p.betaInterval!.method).toBe("wald");
    const [low, high] = reference.llmbarGPT4.platt.betaInterval;
    expect(Math.abs(p.betaInterval!.low - low)).toBeLessThan(1e-8);
    expect(Math.abs(p.betaInterval!.high - high)).toBeLessThan(1e-8);
    // GPT-4 shows no position bias on LLMBar: the interval holds 0.
    expect(p.betaInterval!.low).toBeLessThan(0);
    expect(p.betaInterval!.high).toBeGreaterThan(0);
  });

  it("equal numpy on simulated weighted pairs, and the cluster sandwich with clusters", () => {
    const plain = fitPlatt({ margin: sim.margin, label: sim.label, weight: sim.weight });
    expectMatrixClose(plain.covariance!, sim.platt.covariance, 1e-8);
    const clustered = fitPlatt({ margin: sim.margin, label: sim.label, weight: sim.weight, cluster: sim.cluster });
    expect(clustered.bias).toBe(plain.bias);
    expectMatrixClose(clustered.covariance!, sim.platt.clusterCovariance, 1e-8);
    expect(clustered.betaInterval!.method).toBe("cluster-sandwich");
    const [low, high] = sim.platt.betaInterval;
    expect(Math.abs(clustered.betaInterval!.low - low) / Math.abs(low)).toBeLessThan(1e-8);
    expect(Math.abs(clustered.betaInterval!.high - high) / high).toBeLessThan(1e-8);
    // The simulation has a position bias of 0.3 plus cluster noise: the interval excludes 0.
    expect(clustered.betaInterval!.low).toBeGreaterThan(0);
  });

  it("is null when the optimum is not unique (separable pairs)", () => {
    const p = fitPlatt({ margin: [2, 1, -1, -2], label: [1, 1, 0, 0] });
    expect(p.converged).toBe(false);
    expect(p.covariance).toBeNull();
    expect(p.betaInterval).toBeNull();
  });

  it("widens with confidence, is stored in the JSON's fit record and survives loadCalibrator", () => {
    const pairs = llmbarPairs("GPT-4");
    const p95 = fitPlatt(pairs), p99 = fitPlatt(pairs, { confidence: 0.99 });
    expect(p99.betaInterval!.high - p99.betaInterval!.low).toBeGreaterThan(p95.betaInterval!.high - p95.betaInterval!.low);
    const json = JSON.parse(JSON.stringify(p95.toJSON()));
    expect(json.fit.betaInterval).toEqual({ ...p95.betaInterval });
    expect(json.fit.covariance).toEqual(p95.covariance);
    expect(loadCalibrator(json).toJSON()).toEqual(json);
    expect(() => fitPlatt(pairs, { confidence: 2 })).toThrow(/options\.confidence/);
  });
});
