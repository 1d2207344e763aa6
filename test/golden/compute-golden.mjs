// The golden computation, shared by every runtime (Node, Chromium, Deno, Bun, workerd). Plain JavaScript with no
// imports and no runtime APIs: each runtime's runner loads `rmcal` (already initialized) and the parsed
// inputs.json its own way, calls computeGolden, and the test compares the returned text with golden.json byte
// for byte. Only + - * / and rmcal's WASM-backed results reach the output, so any engine difference in Math.exp
// or float printing would show up as a diff.

// Margins where calibrators are evaluated: both signs, ±0, tiny, moderate, saturating and extreme.
const PROBES = [-1e300, -50, -7.5, -2, -0.5, -0, 0, 1e-9, 0.25, 1, 3, 9.5, 50, 1e300];

/**
 * Runs every public numeric function on the fixed inputs and serializes the results at full precision.
 * @param rmcal the rmcal module namespace, after `await rmcal.init()`
 * @param inputs the parsed test/golden/inputs.json
 * @returns golden JSON text: numbers in JavaScript's shortest round-trip form, −0 and non-finite as strings
 */
export function computeGolden(rmcal, inputs) {
  const golden = { probes: PROBES, pairSets: {}, binary: binaryGolden(rmcal, inputs.binary) };
  for (const set of inputs.pairSets) golden.pairSets[set.name] = pairSetGolden(rmcal, set.pairs);
  return serializeGolden(golden);
}

function pairSetGolden(rmcal, pairs) {
  const out = { assess: {} };
  for (const view of ["folded", "oriented"]) {
    for (const binning of ["uniform", "quantile"]) {
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
  out.fitPlatt = attempt(() => plattGolden(rmcal, rmcal.fitPlatt(pairs)));
  const margins = marginsOf(pairs);
  out.bradleyTerryLoss = {
    plain: attempt(() => rmcal.bradleyTerryLoss(margins, { labels: pairs.label })),
    "smoothed/margin/weighted": attempt(() =>
      rmcal.bradleyTerryLoss(margins, { labels: pairs.label, labelSmoothing: 0.05, margin: 0.5, weights: pairs.weight })),
  };
  out.estimators = estimatorsGolden(rmcal, pairs);
  return out;
}

// Bootstrap (the seeded SplitMix64 stream and both resampling paths), smooth ECE with its curve and band,
// Clopper–Pearson bins (the incomplete-beta inverse), the monotone sweep, and diagnose with a shifted deployment.
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
  };
}

// Subtraction is exact IEEE arithmetic, the same in every engine.
function marginsOf(pairs) {
  if (pairs.margin) return pairs.margin;
  const a = pairs.scoreA ?? pairs.chosen, b = pairs.scoreB ?? pairs.rejected;
  return a.map((x, i) => x - b[i]);
}

function temperatureGolden(rmcal, t) {
  const { temperature, objective, iterations, converged, atBound, message, nllBefore, nllAfter } = t;
  return {
    temperature, objective, iterations, converged, atBound, message, nllBefore, nllAfter,
    json: t.toJSON(),
    predict: t.predict(PROBES),
    reward: t.reward(PROBES),
    // A JSON round trip must predict the same bits (docs/DESIGN.md §5.1: T is stored, σ(d/T) is a division).
    roundTripPredict: rmcal.loadCalibrator(JSON.parse(JSON.stringify(t))).predict(PROBES),
  };
}

function isotonicGolden(rmcal, iso) {
  return {
    json: iso.toJSON(),
    predict: iso.predict(PROBES),
    reward: attempt(() => iso.reward(PROBES, { reference: 0.5 })),
    roundTripPredict: rmcal.loadCalibrator(JSON.parse(JSON.stringify(iso))).predict(PROBES),
  };
}

function plattGolden(rmcal, p) {
  const { scale, bias, iterations, converged, message, nllBefore, nllAfter } = p;
  return {
    scale, bias, iterations, converged, message, nllBefore, nllAfter,
    json: p.toJSON(),
    predict: p.predict(PROBES),
    roundTripPredict: rmcal.loadCalibrator(JSON.parse(JSON.stringify(p))).predict(PROBES),
  };
}

function binaryGolden(rmcal, { yTrue, yProb, sampleWeight }) {
  const out = { calibrationCurve: {}, expectedCalibrationError: {} };
  for (const strategy of ["uniform", "quantile"]) {
    out.calibrationCurve[strategy] = rmcal.calibrationCurve(yTrue, yProb, { nBins: 10, strategy });
    out.calibrationCurve[`${strategy}/weighted`] = rmcal.calibrationCurve(yTrue, yProb, { nBins: 10, strategy, sampleWeight });
    for (const norm of ["l1", "l2", "max"]) {
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
function attempt(compute) {
  try {
    return compute();
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
}

/**
 * JSON with every double kept exactly: ECMAScript fixes Number→string as the shortest string that round-trips,
 * so it is the same in every engine. JSON would print −0 as 0 and NaN/±Infinity as null, so those become strings.
 * Typed arrays become plain arrays, printed on one line; key order is insertion order, the same everywhere.
 */
export function serializeGolden(value) {
  // The first pass applies toJSON and the number rules; parsing it back is exact (shortest round-trip strings).
  return `${pretty(JSON.parse(JSON.stringify(value, exactNumbers)), "")}\n`;
}

function exactNumbers(_key, value) {
  if (typeof value === "number") {
    if (Object.is(value, -0)) return "-0";
    if (!Number.isFinite(value)) return String(value);
    return value;
  }
  if (ArrayBuffer.isView(value)) return Array.from(value);
  return value;
}

function pretty(value, indent) {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return `[${value.map((v) => JSON.stringify(v)).join(",")}]`;
    return `[\n${value.map((v) => inner + pretty(v, inner)).join(",\n")}\n${indent}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return "{}";
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${pretty(value[k], inner)}`).join(",\n")}\n${indent}}`;
}
