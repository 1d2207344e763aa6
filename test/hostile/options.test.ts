// Every public function that takes options refuses a key it does not know, naming the closest known one, instead
// of ignoring it and silently using a default (docs/DESIGN.md §8.2); and accepts every key it documents. The keys
// below are written out from the documentation on purpose, not imported: a key the library drops or renames fails
// here.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  init, assess, calibrationCurve, expectedCalibrationError, brierScore, logLoss, bootstrapCalibration, smoothEce, crossFit, compareCalibration,
  diagnose, fitTemperature, fitPlatt, fitIsotonic, fitVennAbers, isotonicRegression, fitIsotonicRegression, splitPairs,
  bradleyTerryLoss, reliabilitySvg, histogramSvg, isRmcalError, fitDavidson, assessTies, orderSwap, fitPositionDebiasedPlatt,
  assessBestOfN, fitGroupedTemperature, crossFitGroupedTemperature, covariateBias, assessPartial, assessFromPartial,
} from "rmcal";
import { SEED } from "../properties/arbitraries";
import { errorOf } from "../helpers/thrown";

beforeAll(async () => {
  await init();
});

const chosen = [2.1, 0.4, 1.7, -0.3, 3.2, 0.9, 1.1, -1.4, 0.2, 2.6];
const rejected = [0.5, 0.9, -0.2, 0.1, 1.0, 1.3, -0.8, -0.9, 0.6, 0.3];
const labels = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1];
const pairs = { scoreA: chosen, scoreB: rejected, label: labels };
const margins = chosen.map((c, i) => c - rejected[i]);
const probs = [0.9, 0.2, 0.7, 0.6, 0.4, 0.8, 0.75, 0.3, 0.55, 0.95];
const weights = [1, 2, 1, 0.5, 1, 1, 3, 1, 1, 2];
const signal = new AbortController().signal;
const threeOutcomes = { margin: margins, label: [1, 0, 0.5, 1, 0, 0.5, 1, 0, 0.5, 1] };
const swapIds = chosen.map((_, i) => Math.floor(i / 2));
const swapOrders = chosen.map((_, i) => (i % 2 === 0 ? "ab" : "ba"));
const promptIds = chosen.map((_, i) => i % 3);
/** Options for a per-prompt reward: transform and prompts filled in when absent; any other key passes as given. */
const perPrompt = (o: unknown) => {
  const given = (o ?? {}) as { transform?: unknown; prompts?: unknown };
  return { ...given, transform: given.transform ?? "per-prompt", prompts: given.prompts ?? promptIds } as never;
};

const lengths = { a: chosen.map((_, i) => 100 + 7 * i), b: chosen.map((_, i) => 160 - 5 * i) };
const groupIds = chosen.map((_, i) => (i < 5 ? "a" : "b"));
/** Options of a grouped function: the required group filled in when absent; any other key passes as given. */
const withGroup = (o: unknown) => ({ ...(o ?? {}) as object, group: (o as { group?: unknown } | undefined)?.group ?? groupIds }) as never;

/** The options every function documents, each with values it must accept. */
const assessKeys = {
  bins: [5, "sweep"], binning: ["uniform", "quantile"], view: ["folded", "oriented"], temperature: [2],
  interval: ["wilson", "clopper-pearson"], mceMinCount: [1, 3],
};
const FUNCTIONS: Record<string, { call: (options: unknown) => unknown; keys: Record<string, readonly unknown[]> }> = {
  assess: { call: (o) => assess(pairs, o as never), keys: assessKeys },
  // No sweep bins over shards (docs/DESIGN.md §3.8): refused by value, with a reason.
  assessPartial: {
    call: (o) => assessPartial(pairs, { ...(o as object), ...((o as { sketchBins?: number } | undefined)?.sketchBins === undefined ? {} : { binning: "quantile" }) } as never),
    keys: { bins: [5], binning: ["uniform", "quantile"], view: ["folded", "oriented"], temperature: [2], sketchBins: [64] },
  },
  assessFromPartial: { call: (o) => assessFromPartial(assessPartial(pairs), o as never), keys: { interval: ["wilson", "clopper-pearson"], mceMinCount: [1, 3] } },
  calibrationCurve: {
    call: (o) => calibrationCurve(labels, probs, o as never),
    keys: { nBins: [3], strategy: ["uniform", "quantile"], sampleWeight: [weights] },
  },
  expectedCalibrationError: {
    call: (o) => expectedCalibrationError(labels, probs, o as never),
    keys: { nBins: [3], strategy: ["uniform", "quantile"], norm: ["l1", "l2", "max"], sampleWeight: [weights] },
  },
  brierScore: { call: (o) => brierScore(labels, probs, o as never), keys: { sampleWeight: [weights] } },
  logLoss: { call: (o) => logLoss(labels, probs, o as never), keys: { sampleWeight: [weights], eps: [1e-6] } },
  bootstrapCalibration: {
    // 20 resamples unless the case sets them: the default 1000 of "smece" cost seconds, and test nothing here.
    call: (o) => bootstrapCalibration(pairs, { ...(o as object), resamples: (o as { resamples?: number } | undefined)?.resamples ?? 20 } as never),
    keys: {
      ...assessKeys, metric: ["ece", "brier", "smece"], resamples: [20], confidence: [0.8], method: ["bca", "percentile", "basic"], seed: [3],
      signal: [signal], onProgress: [() => {}],
    },
  },
  compareCalibration: {
    // 20 resamples unless the case sets them, as for bootstrapCalibration.
    call: (o) => compareCalibration(pairs, pairs, { ...(o as object), resamples: (o as { resamples?: number } | undefined)?.resamples ?? 20 } as never),
    keys: {
      bins: [5, "sweep"], binning: ["uniform", "quantile"], view: ["folded", "oriented"], mceMinCount: [1, 3],
      metrics: [["nll", "smece"], ["accuracy"]], resamples: [20], confidence: [0.8], method: ["bca", "percentile", "basic"], seed: [3],
      signal: [signal], onProgress: [() => {}],
    },
  },
  smoothEce: {
    call: (o) => smoothEce(pairs, o as never),
    keys: {
      view: ["folded", "oriented"], temperature: [2], resamples: [0, 10], confidence: [0.8], seed: [3],
      signal: [signal], onProgress: [() => {}],
    },
  },
  diagnose: {
    // differenceBins bins the covariate: the call gives a covariate when a case sets differenceBins alone.
    call: (o) => {
      const given = o as { differenceBins?: unknown; covariate?: unknown } | undefined;
      return diagnose(pairs, (given?.differenceBins !== undefined ? { ...given, covariate: given.covariate ?? lengths } : given) as never);
    },
    keys: {
      ...assessKeys, deployment: [[1, 2, 3]], group: [labels.map((l) => (l ? "a" : "b"))], covariate: [lengths], differenceBins: [2], coverageBins: [4],
      minPerBin: [2], resamples: [10], confidence: [0.8], seed: [1], signal: [signal], onProgress: [() => {}],
    },
  },
  fitTemperature: {
    call: (o) => fitTemperature(pairs, o as never),
    keys: { objective: ["nll", "ece"], bounds: [[0.01, 100]], view: ["folded", "oriented"], bins: [5], rewardClip: [3, null], confidence: [0.9] },
  },
  fitPlatt: { call: (o) => fitPlatt(pairs, o as never), keys: { rewardClip: [3, null], confidence: [0.9] } },
  fitPositionDebiasedPlatt: { call: (o) => fitPositionDebiasedPlatt(pairs, o as never), keys: { rewardClip: [3, null], confidence: [0.9] } },
  fitDavidson: { call: (o) => fitDavidson(threeOutcomes, o as never), keys: { confidence: [0.9] } },
  assessTies: { call: (o) => assessTies(threeOutcomes, { temperature: 1, nu: 0.5 }, o as never), keys: { bins: [3] } },
  orderSwap: {
    // pairId and order are required, so every call fills them in when a combination leaves them out.
    call: (o) => {
      const given = (o ?? {}) as { pairId?: unknown; order?: unknown };
      return orderSwap(pairs, { ...given, pairId: given.pairId ?? swapIds, order: given.order ?? swapOrders } as never);
    },
    keys: { ...assessKeys, pairId: [swapIds], order: [swapOrders], confidence: [0.9] },
  },
  fitIsotonic: { call: (o) => fitIsotonic(pairs, o as never), keys: { symmetric: [true, false], rewardClip: [3, null] } },
  // prompts belongs to the per-prompt transform alone (with another transform it is refused), so the calls fill in
  // transform "per-prompt" and prompt ids when a combination leaves them out; the other transforms are in reward-transform.test.ts.
  "fitIsotonic(…).reward": {
    call: (o) => fitIsotonic(pairs).reward(chosen, perPrompt(o)),
    keys: { reference: [0, 1.5], transform: ["per-prompt"], prompts: [promptIds], clip: [2, null], onExtrapolation: [() => {}] },
  },
  fitVennAbers: { call: (o) => fitVennAbers(pairs, o as never), keys: { symmetric: [true, false], rewardClip: [3, null] } },
  "fitVennAbers(…).reward": {
    call: (o) => fitVennAbers(pairs).reward(chosen, perPrompt(o)),
    keys: { reference: [0, 1.5], transform: ["per-prompt"], prompts: [promptIds], clip: [2, null], onExtrapolation: [() => {}] },
  },
  "fitVennAbers(…).predictInterval": { call: (o) => fitVennAbers(pairs).predictInterval(margins, o as never), keys: { onExtrapolation: [() => {}] } },
  "fitPlatt(…).reward": {
    call: (o) => fitPlatt(pairs).reward(chosen, perPrompt(o)),
    keys: { transform: ["per-prompt"], prompts: [promptIds], clip: [2, null], onExtrapolation: [() => {}] },
  },
  "fitTemperature(…).predict": { call: (o) => fitTemperature(pairs).predict(margins, o as never), keys: { onExtrapolation: [() => {}] } },
  covariateBias: {
    call: (o) => covariateBias(pairs, lengths, o as never),
    keys: { ...assessKeys, differenceBins: [2, 5] },
  },
  fitGroupedTemperature: {
    call: (o) => fitGroupedTemperature(pairs, withGroup(o)),
    keys: { group: [groupIds], pooling: ["partial", "none"], bounds: [[0.01, 100]], confidence: [0.9], rewardClip: [3, null] },
  },
  crossFitGroupedTemperature: {
    call: (o) => crossFitGroupedTemperature(pairs, withGroup(o)),
    keys: { group: [groupIds], pooling: ["partial", "none"], folds: [2, 5], seed: [5], bounds: [[0.01, 100]] },
  },
  "fitGroupedTemperature(…).predict": {
    call: (o) => fitGroupedTemperature(pairs, { group: groupIds }).predict(margins, withGroup(o)),
    keys: { group: [groupIds], onUnseenGroups: [() => {}], onExtrapolation: [() => {}] },
  },
  "fitGroupedTemperature(…).reward": {
    call: (o) => fitGroupedTemperature(pairs, { group: groupIds }).reward(chosen, withGroup(perPrompt(o))),
    keys: { group: [groupIds], onUnseenGroups: [() => {}], transform: ["per-prompt"], prompts: [promptIds], clip: [2, null], onExtrapolation: [() => {}] },
  },
  isotonicRegression: {
    call: (o) => isotonicRegression(probs, o as never),
    keys: { sampleWeight: [weights], increasing: [true, false], yMin: [0], yMax: [10] },
  },
  fitIsotonicRegression: {
    call: (o) => fitIsotonicRegression(margins, probs, o as never),
    keys: { sampleWeight: [weights], increasing: [true, false, "auto"], yMin: [0], yMax: [10], outOfBounds: ["nan", "clip", "raise"] },
  },
  splitPairs: { call: (o) => splitPairs(pairs, o as never), keys: { holdout: [0.25], seed: [5] } },
  crossFit: {
    call: (o) => crossFit(pairs, o as never),
    keys: { method: ["temperature", "platt", "isotonic", "venn-abers"], objective: ["nll"], folds: [2, 5], seed: [5], rewardClip: [null, 3] },
  },
  bradleyTerryLoss: {
    call: (o) => bradleyTerryLoss(margins, o as never),
    keys: { labels: [labels], labelSmoothing: [0.1], margin: [0.5, margins], weights: [weights] },
  },
  reliabilitySvg: {
    call: (o) => reliabilitySvg([{ name: "raw", report: assess(pairs) }], o as never),
    keys: { title: ["T"], width: [400], height: [300], histogramHeight: [0, 60], style: ["line", "bar"], greyWiderThan: [0.5] },
  },
  assessBestOfN: {
    // 20 resamples unless the case sets them: the default 1000 test nothing here.
    call: (o) => assessBestOfN({ scores: [[2, 1, 0], [0, 3, 1], [1, 2], [0.5, 0.4, 0.3, 0]], best: [0, 2, 1, 0] },
      { ...(o as object), resamples: (o as { resamples?: number } | undefined)?.resamples ?? 20 } as never),
    keys: {
      bins: [5], binning: ["uniform", "quantile"], temperature: [2], interval: ["wilson", "clopper-pearson"], mceMinCount: [1, 3],
      resamples: [0, 20], confidence: [0.8], seed: [3],
    },
  },
  histogramSvg: {
    call: (o) => histogramSvg(margins, o as never),
    keys: { title: ["T"], xLabel: ["d"], bins: [5], width: [400], height: [200], sparseBelow: [2] },
  },
};

/** Misspellings one edit away that a user makes: a letter dropped, two swapped, the case lost. */
function typosOf(key: string): string[] {
  const swap = key.length > 3 ? key.slice(0, 1) + key[2] + key[1] + key.slice(3) : key;
  return [...new Set([key.slice(0, -1), swap, key.toLowerCase(), `${key}s`])].filter((typo) => typo !== key && typo.length > 1);
}

describe.each(Object.entries(FUNCTIONS))("%s options", (name, { call, keys }) => {
  const known = Object.keys(keys);

  it("refuses a misspelt key, naming the key it meant (invalid-option)", () => {
    for (const key of known) {
      for (const typo of typosOf(key)) {
        if (known.includes(typo)) continue;
        const error = errorOf(() => call({ [typo]: keys[key][0] }));
        expect(error, `${name}({ ${typo} })`).toBeInstanceOf(TypeError);
        expect(isRmcalError(error) && error.code).toBe("invalid-option");
        expect(isRmcalError(error) && error.argument).toBe(`options.${typo}`);
        expect(error.message, `${name}({ ${typo} })`).toBe(`options has an unknown key '${typo}'; did you mean '${key}'?`);
      }
    }
  });

  it("refuses a key that is nothing like any option, listing the known ones", () => {
    const error = errorOf(() => call({ zzzzzz: 1 }));
    expect(isRmcalError(error) && error.code).toBe("invalid-option");
    expect(error.message).toBe(`options has an unknown key 'zzzzzz'; the known keys are ${known.map((k) => `'${k}'`).join(", ")}`);
  });

  it("refuses an unknown key even when its value is undefined, and among valid keys", () => {
    expect(errorOf(() => call({ zzzzzz: undefined })).message).toMatch(/^options has an unknown key 'zzzzzz'/);
    expect(errorOf(() => call({ [known[0]]: keys[known[0]][0], zzzzzz: 1 })).message).toMatch(/^options has an unknown key 'zzzzzz'/);
  });

  it("property: every documented key is accepted, alone or with any of the others", () => {
    const options = fc.record(
      Object.fromEntries(known.map((key) => [key, fc.constantFrom(undefined, ...keys[key])])),
      { requiredKeys: [] },
    );
    fc.assert(fc.property(options, (o) => {
      call(o);
    }), { seed: SEED, numRuns: 40 });
    for (const key of known) for (const value of keys[key]) call({ [key]: value });
  });
});

describe("what the keys check leaves alone", () => {
  it("undefined options, an empty object and inherited keys are fine", () => {
    expect(() => assess(pairs)).not.toThrow();
    expect(() => assess(pairs, {})).not.toThrow();
    expect(() => assess(pairs, Object.create({ bin: 3 }) as never)).not.toThrow();
  });

  it("a key far from every option gets no suggestion; a case slip does", () => {
    expect(errorOf(() => assess(pairs, { x: 1 } as never)).message).not.toContain("did you mean");
    expect(errorOf(() => calibrationCurve(labels, probs, { n_bins: 3 } as never)).message).toBe("options has an unknown key 'n_bins'; did you mean 'nBins'?");
    expect(errorOf(() => assess(pairs, { bin: 10 } as never)).message).toBe("options has an unknown key 'bin'; did you mean 'bins'?");
  });
});
