// The golden computation, shared by every runtime (Node, Chromium, Deno, Bun, workerd). Plain JavaScript with no
// imports and no runtime APIs: each runtime's runner loads `rmcal` (already initialized) and the parsed
// inputs.json its own way, calls computeGolden, and the test compares the returned text with golden.json byte
// for byte. Only + - * / and rmcal's WASM-backed results reach the output, so any engine difference in Math.exp
// or float printing would show up as a diff.

// Typed with JSDoc (checked by `npm run typecheck`), so that the file stays loadable by every runtime unchanged.

/** @typedef {typeof import("rmcal")} Rmcal */
/**
 * One pair set of inputs.json: plain-array columns in one of the shapes (the optional fields let the code below
 * ask for a column the shape may lack).
 * @typedef {import("rmcal").Pairs & { chosen?: number[], rejected?: number[], scoreA?: number[], scoreB?: number[],
 *   margin?: number[], label?: number[], weight?: number[] }} GoldenPairs
 */
/**
 * The parsed test/golden/inputs.json.
 * @typedef {object} GoldenInputs
 * @property {string} about
 * @property {{ name: string, pairs: GoldenPairs }[]} pairSets
 * @property {{ yTrue: number[], yProb: number[], sampleWeight: number[] }} binary
 */

// Margins where calibrators are evaluated: both signs, ±0, tiny, moderate, saturating and extreme.
const PROBES = [-1e300, -50, -7.5, -2, -0.5, -0, 0, 1e-9, 0.25, 1, 3, 9.5, 50, 1e300];

/**
 * Runs every public numeric function on the fixed inputs and serializes the results at full precision.
 * @param {Rmcal} rmcal the rmcal module namespace, after `await rmcal.init()`
 * @param {GoldenInputs} inputs the parsed test/golden/inputs.json
 * @returns {string} golden JSON text: numbers in JavaScript's shortest round-trip form, −0 and non-finite as strings
 */
export function computeGolden(rmcal, inputs) {
  /** @type {Record<string, unknown>} */
  const pairSets = {};
  const golden = { probes: PROBES, pairSets, binary: binaryGolden(rmcal, inputs.binary) };
  for (const set of inputs.pairSets) golden.pairSets[set.name] = pairSetGolden(rmcal, set.pairs);
  return serializeGolden(golden);
}

/** @param {Rmcal} rmcal @param {GoldenPairs} pairs */
function pairSetGolden(rmcal, pairs) {
  /** @type {Record<string, unknown> & { assess: Record<string, unknown> }} */
  const out = { assess: {} };
  for (const view of /** @type {const} */ (["folded", "oriented"])) {
    for (const binning of /** @type {const} */ (["uniform", "quantile"])) {
      out.assess[`${view}/${binning}`] = rmcal.assess(pairs, { view, binning, bins: 15 });
    }
  }
  out.assess["folded/uniform/T=2.5/bins=7"] = rmcal.assess(pairs, { temperature: 2.5, bins: 7 });
  out.fitTemperature = {
    nll: attempt(() => temperatureGolden(rmcal, rmcal.fitTemperature(pairs))),
    ece: attempt(() => temperatureGolden(rmcal, rmcal.fitTemperature(pairs, { objective: "ece" }))),
  };
  out.fitIsotonic = {
    symmetric: attempt(() => isotonicGolden(rmcal, rmcal.fitIsotonic(pairs))),
    oriented: attempt(() => isotonicGolden(rmcal, rmcal.fitIsotonic(pairs, { symmetric: false }))),
  };
  out.fitVennAbers = {
    symmetric: attempt(() => vennAbersGolden(rmcal, rmcal.fitVennAbers(pairs), pairs)),
    oriented: attempt(() => vennAbersGolden(rmcal, rmcal.fitVennAbers(pairs, { symmetric: false }), pairs)),
  };
  out.fitPlatt = attempt(() => plattGolden(rmcal, rmcal.fitPlatt(pairs)));
  const margins = marginsOf(pairs);
  out.ties = tiesGolden(rmcal, pairs, margins);
  out.orders = ordersGolden(rmcal, pairs, margins);
  out.bradleyTerryLoss = {
    plain: attempt(() => rmcal.bradleyTerryLoss(margins, { labels: pairs.label })),
    "smoothed/margin/weighted": attempt(() =>
      rmcal.bradleyTerryLoss(margins, { labels: pairs.label, labelSmoothing: 0.05, margin: 0.5, weights: pairs.weight })),
  };
  out.estimators = estimatorsGolden(rmcal, pairs);
  out.choices = choicesGolden(rmcal, pairs);
  out.partials = attempt(() => partialsGolden(rmcal, pairs));
  return out;
}

// K-wise choices (docs/DESIGN.md §5.12), made here from the pair set's margins by integer arithmetic so inputs.json
// stays as it is: consecutive margins form prompts of K = 2, 3, 4, 5 in turn, the chosen index cycling, and the
// same scores ranked in reverse order for Plackett–Luce.
/** @param {Rmcal} rmcal @param {GoldenPairs} pairs */
function choicesGolden(rmcal, pairs) {
  const margins = marginsOf(pairs);
  /** @type {number[][]} */
  const scores = [];
  for (let at = 0, k = 2; at + k <= margins.length; at += k, k = 2 + (scores.length % 4)) scores.push(margins.slice(at, at + k));
  const best = scores.map((s, i) => i % s.length);
  const ranking = scores.map((s) => s.map((_, j) => s.length - 1 - j));
  return {
    assessBestOfN: attempt(() => rmcal.assessBestOfN({ scores, best }, { resamples: 30, seed: 2, bins: 8 })),
    assessRankingsQuantile: attempt(() => rmcal.assessBestOfN({ scores, ranking }, { resamples: 0, binning: "quantile", temperature: 1.7 })),
    fitTemperatureBestOfN: attempt(() => temperatureGolden(rmcal, rmcal.fitTemperature({ scores, best }))),
    fitTemperatureRankings: attempt(() => temperatureGolden(rmcal, rmcal.fitTemperature({ scores, ranking }))),
    // The flat form (DESIGN §5.12): read best first by the choice-column kernel, then the same fit.
    fitTemperatureBestOfNFlat: attempt(() => temperatureGolden(rmcal, rmcal.fitTemperature({
      scores: Float64Array.from(scores.flat()), offsets: scores.reduce((o, s) => [...o, o[o.length - 1] + s.length], [0]), best,
    }))),
  };
}

// Partial assessments of three shards, merged (exact BigInt sums, rounded once; docs/DESIGN.md §3.8): uniform and
// quantile (sketch) bins, the merged partial's text and the assessment from it.
/** @param {Rmcal} rmcal @param {GoldenPairs} pairs */
function partialsGolden(rmcal, pairs) {
  const n = (pairs.label ?? pairs.scoreA ?? pairs.margin ?? []).length;
  const cuts = [0, Math.floor(n / 3), Math.floor((2 * n) / 3), n];
  /** @param {number} from @param {number} to */
  const slice = (from, to) => /** @type {GoldenPairs} */ (/** @type {unknown} */ (Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k, v.slice(from, to)]))));
  const shards = [0, 1, 2].map((i) => slice(cuts[i], cuts[i + 1]));
  /** @param {object} options */
  const merged = (options) => {
    const partial = rmcal.mergePartials(shards.map((s) => rmcal.assessPartial(s, options)));
    return { partial, assessment: rmcal.assessFromPartial(partial) };
  };
  return {
    "folded/uniform": attempt(() => merged({ bins: 15 })),
    "oriented/quantile/sketchBins=256": attempt(() => merged({ view: "oriented", binning: "quantile", bins: 10, sketchBins: 256 })),
  };
}

// Bootstrap (the seeded SplitMix64 stream and both resampling paths), smooth ECE with its curve and band,
// Clopper–Pearson bins (the incomplete-beta inverse), the monotone sweep, and diagnose with a shifted deployment.
/** @param {Rmcal} rmcal @param {GoldenPairs} pairs */
function estimatorsGolden(rmcal, pairs) {
  const shifted = marginsOf(pairs).map((d) => d + 1);
  return {
    bootstrapEce: attempt(() => rmcal.bootstrapCalibration(pairs, { resamples: 200, seed: 11, bins: 10 })),
    bootstrapRmsceQuantile: attempt(() => rmcal.bootstrapCalibration(pairs, { metric: "rmsce", binning: "quantile", resamples: 20, seed: 3 })),
    smoothEceFolded: attempt(() => rmcal.smoothEce(pairs, { resamples: 10, seed: 5 })),
    smoothEceOriented: attempt(() => rmcal.smoothEce(pairs, { view: "oriented" })),
    clopperPearsonBins: attempt(() => rmcal.assess(pairs, { interval: "clopper-pearson", bins: 10 }).bins),
    sweep: attempt(() => rmcal.assess(pairs, { bins: "sweep" })),
    diagnose: attempt(() => rmcal.diagnose(pairs, { deployment: shifted, resamples: 20 })),
    ...comparisonGolden(rmcal, pairs),
    ...groupsGolden(rmcal, pairs),
  };
}

// Per-group temperatures (docs/DESIGN.md §5.14) with three groups by position, and the covariate-bias check (§7.6)
// with integer covariates: both columns made here by integer arithmetic, so inputs.json stays as it is.
/** @param {Rmcal} rmcal @param {GoldenPairs} pairs */
function groupsGolden(rmcal, pairs) {
  const margins = marginsOf(pairs);
  const group = margins.map((_, i) => ["x", "y", "z"][i % 3]);
  const covariate = { a: margins.map((_, i) => (i * 37) % 101), b: margins.map((_, i) => (i * 53) % 97) };
  return {
    fitGroupedTemperature: attempt(() => {
      const fit = rmcal.fitGroupedTemperature(pairs, { group });
      const probeGroups = PROBES.map((_, i) => ["x", "y", "unseen"][i % 3]);
      return {
        json: fit.toJSON(), predict: fit.predict(PROBES, { group: probeGroups }),
        roundTripPredict: rmcal.loadCalibrator(JSON.parse(JSON.stringify(fit))).predict(PROBES, { group: probeGroups }),
      };
    }),
    crossFitGroupedTemperature: attempt(() => {
      const c = rmcal.crossFitGroupedTemperature(pairs, { group, folds: 3, seed: 2 });
      return { global: c.global.margin, unpooled: c.unpooled.margin, pooled: c.pooled.margin };
    }),
    covariateBias: attempt(() => rmcal.covariateBias(pairs, covariate, { differenceBins: 4 })),
  };
}

// The paired comparison (docs/DESIGN.md §6.6): the same pairs with every margin divided by 1.7 (an exact IEEE
// division), every metric with BCa but smooth ECE, whose BCa jackknife costs 200 smoothEce calls per pair set
// (seconds in the slower runtimes), so it gets 10 resamples and the basic interval; and once with clusters of
// four consecutive pairs, a column made here by integer arithmetic so inputs.json stays as it is.
/** @param {Rmcal} rmcal @param {GoldenPairs} pairs */
function comparisonGolden(rmcal, pairs) {
  const margins = marginsOf(pairs);
  const label = pairs.label ?? margins.map(() => 1);
  const before = { margin: margins, label, ...(pairs.weight ? { weight: pairs.weight } : {}) };
  const after = { ...before, margin: margins.map((d) => d / 1.7) };
  const cluster = margins.map((_, i) => Math.floor(i / 4));
  return {
    compareCalibration: attempt(() => rmcal.compareCalibration(before, after, {
      resamples: 50, seed: 4, metrics: ["nll", "brier", "ece", "rmsce", "mce", "rmsceDebiased", "accuracy"],
    })),
    compareCalibrationSmece: attempt(() => rmcal.compareCalibration(before, after, { resamples: 10, seed: 4, metrics: ["smece"], method: "basic" })),
    compareCalibrationClustered: attempt(() => rmcal.compareCalibration({ ...before, cluster }, after,
      { resamples: 30, seed: 4, metrics: ["nll", "ece", "accuracy"], binning: "quantile", bins: 8 })),
  };
}

// The Davidson tie model (docs/DESIGN.md §5.10) on three-outcome labels made here by integer arithmetic, so
// inputs.json stays as it is: every fifth pair a tie, the rest rounded to the side its label leans to.
/** @param {Rmcal} rmcal @param {GoldenPairs} pairs @param {number[]} margins */
function tiesGolden(rmcal, pairs, margins) {
  const label = margins.map((_, i) => (i % 5 === 0 ? 0.5 : (pairs.label?.[i] ?? 1) >= 0.5 ? 1 : 0));
  const three = { margin: margins, label, ...(pairs.weight ? { weight: pairs.weight } : {}) };
  return attempt(() => {
    const f = rmcal.fitDavidson(three);
    const { temperature, inverseTemperature, nu, nuInterval, covariance, nll, tieShare, iterations, converged, message } = f;
    return {
      temperature, inverseTemperature, nu, nuInterval, covariance, nll, tieShare, iterations, converged, message,
      probabilities: f.probabilities(PROBES),
      assessTies: rmcal.assessTies(three, { temperature: 1.5, nu: 0.7 }, { bins: 6 }),
    };
  });
}

// Pairs judged in both orders (docs/DESIGN.md §7.5): consecutive pairs taken as the two orders of one pair, and the
// position-debiased Platt on the same rows.
/** @param {Rmcal} rmcal @param {GoldenPairs} pairs @param {number[]} margins */
function ordersGolden(rmcal, pairs, margins) {
  const rows = { margin: margins, label: pairs.label ?? margins.map(() => 1), ...(pairs.weight ? { weight: pairs.weight } : {}) };
  const pairId = margins.map((_, i) => Math.floor(i / 2)), order = margins.map((_, i) => (i % 2 === 0 ? "ab" : "ba"));
  return {
    orderSwap: attempt(() => rmcal.orderSwap(rows, { pairId, order, bins: 10 })),
    fitPositionDebiasedPlatt: attempt(() => {
      const p = rmcal.fitPositionDebiasedPlatt(rows);
      return { json: p.toJSON(), predict: p.predict(PROBES), positionBias: p.positionBias, positionBiasInterval: p.positionBiasInterval };
    }),
  };
}

// Subtraction is exact IEEE arithmetic, the same in every engine.
/** @param {GoldenPairs} pairs @returns {number[]} */
function marginsOf(pairs) {
  if (pairs.margin) return pairs.margin;
  const a = pairs.scoreA ?? pairs.chosen, b = pairs.scoreB ?? pairs.rejected;
  if (!a || !b) throw new TypeError("a golden pair set needs margin, scoreA/scoreB or chosen/rejected");
  return a.map((x, i) => x - b[i]);
}

/** @param {Rmcal} rmcal @param {import("rmcal").FittedTemperature} t */
function temperatureGolden(rmcal, t) {
  const { temperature, objective, iterations, converged, atBound, message, nllBefore, nllAfter } = t;
  return {
    temperature, objective, iterations, converged, atBound, message, nllBefore, nllAfter,
    json: t.toJSON(),
    predict: t.predict(PROBES),
    reward: t.reward(PROBES, { transform: "raw-calibrated" }),
    // A JSON round trip must predict the same bits (docs/DESIGN.md §5.1: T is stored, σ(d/T) is a division).
    roundTripPredict: rmcal.loadCalibrator(JSON.parse(JSON.stringify(t))).predict(PROBES),
  };
}

/** @param {Rmcal} rmcal @param {import("rmcal").IsotonicCalibrator} iso */
function isotonicGolden(rmcal, iso) {
  return {
    json: iso.toJSON(),
    predict: iso.predict(PROBES),
    reward: attempt(() => iso.reward(PROBES, { reference: 0.5 })),
    roundTripPredict: rmcal.loadCalibrator(JSON.parse(JSON.stringify(iso))).predict(PROBES),
  };
}

/** @param {Rmcal} rmcal @param {import("rmcal").VennAbersCalibrator} va @param {GoldenPairs} pairs */
function vennAbersGolden(rmcal, va, pairs) {
  return {
    json: va.toJSON(),
    interval: va.predictInterval(PROBES),
    reward: attempt(() => va.reward(PROBES, { reference: 0.5 })),
    roundTripInterval: /** @type {import("rmcal").VennAbersCalibrator} */ (rmcal.loadCalibrator(JSON.parse(JSON.stringify(va)))).predictInterval(PROBES),
    assessment: rmcal.vennAbersAssessment(va, pairs, { bins: 10 }),
  };
}

/** @param {Rmcal} rmcal @param {import("rmcal").FittedPlatt} p */
function plattGolden(rmcal, p) {
  const { scale, bias, iterations, converged, message, nllBefore, nllAfter } = p;
  return {
    scale, bias, iterations, converged, message, nllBefore, nllAfter,
    json: p.toJSON(),
    predict: p.predict(PROBES),
    roundTripPredict: rmcal.loadCalibrator(JSON.parse(JSON.stringify(p))).predict(PROBES),
  };
}

/** @param {Rmcal} rmcal @param {GoldenInputs["binary"]} binary */
function binaryGolden(rmcal, { yTrue, yProb, sampleWeight }) {
  /** @type {Record<string, unknown> & { calibrationCurve: Record<string, unknown>, expectedCalibrationError: Record<string, unknown> }} */
  const out = { calibrationCurve: {}, expectedCalibrationError: {} };
  for (const strategy of /** @type {const} */ (["uniform", "quantile"])) {
    out.calibrationCurve[strategy] = rmcal.calibrationCurve(yTrue, yProb, { nBins: 10, strategy });
    out.calibrationCurve[`${strategy}/weighted`] = rmcal.calibrationCurve(yTrue, yProb, { nBins: 10, strategy, sampleWeight });
    for (const norm of /** @type {const} */ (["l1", "l2", "max"])) {
      out.expectedCalibrationError[`${strategy}/${norm}`] = rmcal.expectedCalibrationError(yTrue, yProb, { strategy, norm });
      out.expectedCalibrationError[`${strategy}/${norm}/weighted`] =
        rmcal.expectedCalibrationError(yTrue, yProb, { strategy, norm, sampleWeight });
    }
  }
  out.brierScore = rmcal.brierScore(yTrue, yProb, { sampleWeight });
  out.logLoss = rmcal.logLoss(yTrue, yProb, { sampleWeight });
  const grid = [-0.5, 0, 0.005, 0.1, 0.333, 0.5, 0.75, 0.9975, 1, 1.5];
  out.isotonicRegression = rmcal.isotonicRegression(yTrue, { sampleWeight });
  out.fitIsotonicRegression = {
    default: rmcal.fitIsotonicRegression(yProb, yTrue, { sampleWeight }).predict(grid),
    clip: rmcal.fitIsotonicRegression(yProb, yTrue, { outOfBounds: "clip" }).predict(grid),
    decreasing: rmcal.fitIsotonicRegression(yProb, yTrue, { increasing: false, outOfBounds: "clip" }).predict(grid),
  };
  return out;
}

// An expected failure is part of the golden output too: the same error, with the same message, everywhere.
/**
 * @template T
 * @param {() => T} compute
 * @returns {T | { error: string }}
 */
function attempt(compute) {
  try {
    return compute();
  } catch (error) {
    const { name, message } = /** @type {Error} */ (error);
    return { error: `${name}: ${message}` };
  }
}

/**
 * JSON with every double kept exactly: ECMAScript fixes Number→string as the shortest string that round-trips,
 * so it is the same in every engine. JSON would print −0 as 0 and NaN/±Infinity as null, so those become strings.
 * Typed arrays become plain arrays, printed on one line; key order is insertion order, the same everywhere.
 * @param {unknown} value
 * @returns {string}
 */
export function serializeGolden(value) {
  // The first pass applies toJSON and the number rules; parsing it back is exact (shortest round-trip strings).
  return `${pretty(JSON.parse(JSON.stringify(value, exactNumbers)), "")}\n`;
}

/** JSON.stringify's replacer for the number rules above. @param {string} _key @param {unknown} value */
function exactNumbers(_key, value) {
  if (typeof value === "number") {
    if (Object.is(value, -0)) return "-0";
    if (!Number.isFinite(value)) return String(value);
    return value;
  }
  // Views from rmcal are typed arrays (never a DataView): indexable numbers.
  if (ArrayBuffer.isView(value)) return Array.from(/** @type {Float64Array} */ (value));
  return value;
}

/** @param {unknown} value @param {string} indent @returns {string} */
function pretty(value, indent) {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return `[${value.map((v) => JSON.stringify(v)).join(",")}]`;
    return `[\n${value.map((v) => inner + pretty(v, inner)).join(",\n")}\n${indent}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return "{}";
  const record = /** @type {Record<string, unknown>} */ (value);
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${pretty(record[k], inner)}`).join(",\n")}\n${indent}}`;
}
