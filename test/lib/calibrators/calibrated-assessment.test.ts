// calibratedAssessment and CALIBRATION_METHODS, which `rmcal fit` and `rmcal report` use. calibratedAssessment is
// public (the last test checks the package exports it); CALIBRATION_METHODS is not. This file calls both from src/, with src's own WebAssembly instance initialized by test/helpers/source-entry.ts (the entry that
// vitest.mutation.config.ts aliases "rmcal" to, so under that config both are one module).
// Expected values: the definitions in the doc comments (a temperature calibrator is assessed as assess with that T,
// any other through logit(clip(p, 1e-15, 1 − 1e-15)) at T = 1), and plain arithmetic stated at each assertion.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, loadCalibrator, fitTemperature } from "../../helpers/source-entry";
import { calibratedAssessment, calibratedPairs } from "../../../src/lib/calibrators/calibrated-assessment";
import * as rmcal from "rmcal";
import { CALIBRATION_METHODS, type FittedCalibrator } from "../../../src/lib/calibrators/calibration-methods";

beforeAll(async () => {
  await init();
});

const temperatureJson = { format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 1.23456 };
const plattJson = { format: "rmcal.calibrator", version: 1, kind: "platt", scale: 0.8, bias: 0.1 };
const isotonicJson = { format: "rmcal.calibrator", version: 1, kind: "isotonic", x: [-1, 0, 1], y: [0, 0.5, 1] };

describe("calibratedAssessment(calibrator, pairs, options)", () => {
  const pairs = { margin: [2, -1, 0.5, 3, -0.25, 1.5], label: [1, 1, 0, 1, 0, 1] };

  it("assesses a temperature calibrator as assess(pairs, { temperature: T }), keeping the other options", () => {
    const calibrator = loadCalibrator(temperatureJson);
    const got = calibratedAssessment(calibrator, pairs, { bins: 4, temperature: 7 });
    expect(got).toEqual(assess(pairs, { bins: 4, temperature: 1.23456 }));
    expect(got.temperature).toBe(1.23456);
    expect(got.bins).toHaveLength(4);
    expect(calibratedAssessment(calibrator, pairs)).toEqual(assess(pairs, { temperature: 1.23456 }));
  });

  it("assesses any other calibrator on the logits of its probabilities at T = 1, keeping the other options", () => {
    const calibrator = loadCalibrator(plattJson);
    const got = calibratedAssessment(calibrator, pairs, { bins: 3, view: "oriented", temperature: 5 });
    // Platt: p = σ(0.8·d + 0.1), so logit(p) = 0.8·d + 0.1 up to rounding.
    const want = assess({ margin: pairs.margin.map((d) => 0.8 * d + 0.1), label: pairs.label }, { bins: 3, view: "oriented" });
    expect(got.temperature).toBe(1);
    expect(got.view).toBe("oriented");
    expect(got.bins).toHaveLength(3);
    expect(got.accuracy).toBe(want.accuracy);
    expect(got.nll).toBeCloseTo(want.nll, 12);
    expect(got.brier).toBeCloseTo(want.brier, 12);
    expect(got.ece).toBeCloseTo(want.ece, 12);
  });

  it("clips probabilities of 0 and 1 to [1e-15, 1 − 1e-15] before the logit, so the NLL stays finite", () => {
    // g is 0 below −1 and 1 above 1: both pairs are on the wrong side with p clipped to 1e-15 (label 1, d = −2)
    // and 1 − 1e-15 (label 0, d = 2). NLL = mean of −ln(1e-15) and −ln(1 − (1 − 1e-15)), both ≈ 34.539.
    const calibrator = loadCalibrator(isotonicJson);
    const got = calibratedAssessment(calibrator, { margin: [-2, 2], label: [1, 0] });
    expect(got.accuracy).toBe(0);
    expect(Number.isFinite(got.nll)).toBe(true);
    expect(got.nll).toBeCloseTo(-Math.log(1e-15), 1);
    expect(got.nll).toBeCloseTo((-Math.log(1e-15) - Math.log(1 - (1 - 1e-15))) / 2, 6);
  });

  it("chosen/rejected pairs are assessed with label 1, and weights are kept", () => {
    const calibrator = loadCalibrator(isotonicJson);
    // Margins 0.5 − 0 = 0.5 (g = 0.75), 0 − 0.5 = −0.5 (g = 0.25), 1 − 0 = 1 (g = 1, clipped to 1 − 1e-15).
    const chosenRejected = { chosen: [0.5, 0, 1], rejected: [0, 0.5, 0], weight: [1, 3, 2] };
    const got = calibratedAssessment(calibrator, chosenRejected);
    expect(got.n).toBe(3);
    expect(got.weight).toBe(6);
    // Weighted accuracy: pairs 1 and 3 agree with label 1 (weights 1 + 2), pair 2 does not (weight 3): 3/6.
    expect(got.accuracy).toBe(0.5);
    // Weighted Brier: (1·0.25² + 3·0.75² + 2·(1e-15)²)/6 = (0.0625 + 1.6875)/6.
    expect(got.brier).toBeCloseTo(1.75 / 6, 12);
    const unweighted = calibratedAssessment(calibrator, { chosen: [0.5, 0, 1], rejected: [0, 0.5, 0] });
    expect(unweighted.weight).toBe(3);
    expect(unweighted.brier).toBeCloseTo((0.0625 + 0.5625) / 3, 12);
  });
});

describe("CALIBRATION_METHODS", () => {
  const methods = CALIBRATION_METHODS as Required<typeof CALIBRATION_METHODS>;
  const scored = { scoreA: [2, 0.5, 1, -1, 3, 0], scoreB: [0, 1, 0.5, 0.5, 1, 1], label: [1, 0, 0, 0, 1, 1] };

  it("lists temperature, Platt, isotonic and Venn–Abers, in report order, with their display names", () => {
    expect(Object.keys(CALIBRATION_METHODS)).toEqual(["temperature", "platt", "isotonic", "venn-abers"]);
    expect(Object.values(methods).map((m) => [m.name, m.label])).toEqual([
      ["temperature", "temperature"], ["platt", "Platt"], ["isotonic", "isotonic"], ["venn-abers", "Venn–Abers"],
    ]);
  });

  it("only Platt refuses chosen/rejected pairs, saying why", () => {
    expect(methods.platt.unsupported("chosen-rejected")).toBe(
      "needs labels on both sides of 0.5; chosen/rejected pairs have every label 1 (use score-a/score-b/label data)");
    for (const shape of ["scores", "margin"] as const) expect(methods.platt.unsupported(shape)).toBeNull();
    for (const shape of ["chosen-rejected", "scores", "margin"] as const) {
      expect(methods.temperature.unsupported(shape)).toBeNull();
      expect(methods.isotonic.unsupported(shape)).toBeNull();
      expect(methods["venn-abers"].unsupported(shape)).toBeNull();
    }
  });

  it("describes the fitted parameters in words (toPrecision: 4 digits for T and α, 3 for β)", () => {
    expect(methods.temperature.describe(loadCalibrator(temperatureJson) as FittedCalibrator)).toBe("T = 1.235");
    expect(methods.platt.describe(loadCalibrator(plattJson) as FittedCalibrator)).toBe("α = 0.8000, β = 0.100");
    expect(methods.isotonic.describe(loadCalibrator(isotonicJson) as FittedCalibrator)).toBe("3 thresholds");
    const vennAbersJson = { format: "rmcal.calibrator", version: 2, kind: "venn-abers", x: [-1, 1], p0: [0, 0.2, 0.5], p1: [0.3, 0.6, 1] };
    expect(methods["venn-abers"].describe(loadCalibrator(vennAbersJson) as FittedCalibrator)).toBe("2 margins where the interval changes");
  });

  it("fits what its name says, with the objective it is given (temperature: NLL by default)", () => {
    const nll = methods.temperature.fit(scored, {});
    expect(nll.kind).toBe("temperature");
    expect(nll.toJSON()).toEqual(fitTemperature(scored).toJSON());
    expect((nll as unknown as { objective: string }).objective).toBe("nll");
    expect((methods.temperature.fit(scored, { objective: "ece" }) as unknown as { objective: string }).objective).toBe("ece");
    expect(methods.platt.fit(scored, {}).kind).toBe("platt");
    const isotonic = methods.isotonic.fit(scored, {}).toJSON();
    expect(isotonic.kind).toBe("isotonic");
    expect((isotonic.fit as { symmetric: boolean }).symmetric).toBe(true);
  });

  it("passes on a fit's message, and null when there is none", () => {
    // Separable pairs: the temperature fit stops at the lower bound and says so.
    const separable = methods.temperature.fit({ margin: [1, 2, -3], label: [1, 1, 0] }, {});
    expect(methods.temperature.message(separable)).toMatch(/separable/);
    expect(methods.temperature.message(methods.temperature.fit(scored, {}))).toBeNull();
    expect(methods.temperature.message(loadCalibrator(temperatureJson) as FittedCalibrator)).toBeNull();
    const separablePlatt = methods.platt.fit({ margin: [1, 2, -3, -1], label: [1, 1, 0, 0] }, {});
    expect(methods.platt.message(separablePlatt)).toMatch(/no unique finite optimum/);
    expect(methods.platt.message(loadCalibrator(plattJson) as FittedCalibrator)).toBeNull();
    expect(methods.isotonic.message(methods.isotonic.fit(scored, {}))).toBeNull();
  });
});

describe("calibratedAssessment in the package's API", () => {
  it("is exported, and assesses a fitted calibrator on held-out pairs", async () => {
    await rmcal.init();
    const train = { margin: [2, -1, 3, 0.5], label: [1, 1, 1, 0] };
    const test = { margin: [1, -2, 2.5, 0.5], label: [1, 0, 1, 1] };
    const calibrator = rmcal.fitTemperature(train);
    const got = rmcal.calibratedAssessment(calibrator, test);
    expect(got).toEqual(rmcal.assess(test, { temperature: calibrator.temperature }));
    const isotonic: rmcal.PredictingCalibrator = rmcal.fitIsotonic(train);
    expect(rmcal.calibratedAssessment(isotonic, test, { bins: 5 }).bins).toHaveLength(5);
  });
});

describe("calibratedPairs", () => {
  const pairs = {
    scoreA: [2.1, 0.4, 1.7, -0.3, 3.2, 0.9, 1.1, -1.4], scoreB: [0.5, 0.9, -0.2, 0.1, 1.0, 1.3, -0.8, -0.9],
    label: [1, 0, 1, 1, 0, 1, 1, 0], weight: [1, 2, 1, 0.5, 1, 1, 3, 1], cluster: ["a", "b", "a", "c", "b", "c", "d", "d"],
  };
  it("assessed at T = 1, gives calibratedAssessment's metrics bit for bit, for temperature and isotonic", () => {
    for (const calibrator of [fitTemperature(pairs), rmcal.fitIsotonic(pairs, { symmetric: true })]) {
      const viaPairs = assess(calibratedPairs(calibrator, pairs));
      const direct = calibratedAssessment(calibrator, pairs);
      for (const key of ["nll", "brier", "ece", "rmsce", "mce", "accuracy"] as const) expect(viaPairs[key]).toBe(direct[key]);
    }
  });
  it("keeps the labels, weights and clusters, and gives chosen/rejected pairs labels of 1", () => {
    const out = calibratedPairs(fitTemperature(pairs), pairs);
    expect(Array.from(out.label as ArrayLike<number>)).toEqual(pairs.label);
    expect(Array.from(out.weight as ArrayLike<number>)).toEqual(pairs.weight);
    expect(Array.from(out.cluster as ArrayLike<number>)).toEqual([0, 1, 0, 2, 1, 2, 3, 3]);
    const cr = calibratedPairs(fitTemperature(pairs), { chosen: [1, 2], rejected: [0, 3] });
    expect(Array.from(cr.label as ArrayLike<number>)).toEqual([1, 1]);
  });
});
