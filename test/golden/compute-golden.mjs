// The golden computation, shared by every runtime (Node, Chromium, Deno, Bun, workerd). Plain JavaScript with no
// imports and no runtime APIs: each runtime's runner loads `rmcal` (already initialized) and the parsed
// inputs.json its own way, calls computeGolden, and the test compares the returned text with golden.json byte
// for byte. Only + - * / and rmcal's WASM-backed results reach the output, so any engine difference in Math.exp
// or float printing would show up as a diff.

/**
 * Runs every public numeric function on the fixed inputs and serializes the results at full precision.
 * @param rmcal the rmcal module namespace, after `await rmcal.init()`
 * @param inputs the parsed test/golden/inputs.json
 * @returns golden JSON text: numbers in JavaScript's shortest round-trip form, −0 and non-finite as strings
 */
export function computeGolden(rmcal, inputs) {
  const golden = { pairSets: {}, binary: binaryGolden(rmcal, inputs.binary) };
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
  return out;
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
  return out;
}

/**
 * JSON with every double kept exactly: ECMAScript fixes Number→string as the shortest string that round-trips,
 * so it is the same in every engine. JSON would print −0 as 0 and NaN/±Infinity as null, so those become strings.
 * Typed arrays become plain arrays; key order is insertion order, the same everywhere.
 */
export function serializeGolden(value) {
  return `${JSON.stringify(value, exactNumbers, 1)}\n`;
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
