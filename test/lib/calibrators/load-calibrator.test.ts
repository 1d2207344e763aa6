// loadCalibrator(json): every kind of calibrator round-trips through JSON bit-identically, and invalid JSON is refused
// with a message naming the field.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature, fitPlatt, fitIsotonic, loadCalibrator } from "rmcal";
import { imdbPairs, llmbarPairs, simulatedSoftPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

describe("loadCalibrator(json) for temperature", () => {
  it("round-trips through JSON bit-identically", () => {
    const t = fitTemperature(llmbarPairs("GPT-4"));
    const json = JSON.parse(JSON.stringify(t));
    expect(json.format).toBe("rmcal.calibrator");
    expect(json.version).toBe(2);
    expect(json.kind).toBe("temperature");
    expect(json.temperature).toBe(t.temperature);
    expect(json.fit.iterations).toBe(t.iterations);
    const again = loadCalibrator(json);
    const margins = Float64Array.from({ length: 1000 }, (_, i) => (i - 500) / 37);
    expect(again.predict(margins)).toEqual(t.predict(margins));
    expect(again.reward(margins)).toEqual(t.reward(margins));
    expect(JSON.stringify(again)).toBe(JSON.stringify(t));
    expect(loadCalibrator(JSON.stringify(t)).toJSON()).toEqual(t.toJSON());
  });

  it("refuses other formats, versions and invalid parameters, naming the field", () => {
    const good = { format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 2 };
    expect(() => loadCalibrator({ ...good, format: "other" })).toThrow(/calibrator\.format/);
    expect(() => loadCalibrator({ ...good, version: 3 })).toThrow(/calibrator\.version is 3/);
    expect(() => loadCalibrator({ ...good, kind: "beta" })).toThrow(/calibrator\.kind/);
    expect(() => loadCalibrator({ ...good, temperature: undefined })).toThrow(/calibrator\.temperature is missing/);
    expect(() => loadCalibrator({ ...good, temperature: -1 })).toThrow(/calibrator\.temperature is -1/);
    expect(() => loadCalibrator({ ...good, temperature: "2" })).toThrow(/calibrator\.temperature/);
    expect(() => loadCalibrator({ ...good, rewardNormalization: { mean: 0, std: "x" } })).toThrow(/rewardNormalization\.std/);
    expect(() => loadCalibrator("{not json")).toThrow(/not JSON/);
    expect(() => loadCalibrator(null)).toThrow(/calibrator must be an object/);
  });
});

describe("fitPlatt(pairs)", () => {
  it("round-trips through JSON bit-identically and refuses invalid parameters", () => {
    const p = fitPlatt(imdbPairs());
    const json = JSON.parse(JSON.stringify(p));
    expect(json).toMatchObject({ format: "rmcal.calibrator", version: 2, kind: "platt", scale: p.scale, bias: p.bias });
    const again = loadCalibrator(json);
    const d = Float64Array.from({ length: 1001 }, (_, i) => (i - 500) / 41);
    expect(again.predict(d)).toEqual(p.predict(d));
    expect(() => loadCalibrator({ ...json, bias: Infinity })).toThrow(/calibrator\.bias/);
    expect(() => loadCalibrator({ ...json, scale: undefined })).toThrow(/calibrator\.scale is missing/);
  });
});

describe("loadCalibrator(json) for isotonic", () => {
  it("round-trips bit-identically and refuses unsorted or invalid thresholds", () => {
    const iso = fitIsotonic(simulatedSoftPairs(1500, 3));
    const json = JSON.parse(JSON.stringify(iso));
    expect(json).toMatchObject({ format: "rmcal.calibrator", version: 2, kind: "isotonic" });
    const again = loadCalibrator(json);
    const d = Float64Array.from({ length: 3001 }, (_, i) => (i - 1500) / 97);
    expect(again.predict(d)).toEqual(iso.predict(d));
    expect(JSON.stringify(again)).toBe(JSON.stringify(iso));
    const { x, y } = json;
    expect(() => loadCalibrator({ ...json, x: [x[1], x[0], ...x.slice(2)] })).toThrow(/calibrator\.x\[1\].*strictly increasing/);
    expect(() => loadCalibrator({ ...json, y: y.slice(1) })).toThrow(/calibrator\.y has length/);
    expect(() => loadCalibrator({ ...json, y: [2, ...y.slice(1)] })).toThrow(/calibrator\.y\[0\] is 2/);
    expect(() => loadCalibrator({ ...json, x: undefined })).toThrow(/calibrator\.x is missing/);
    expect(() => loadCalibrator({ ...json, x: [null, ...x.slice(1)] })).toThrow(/calibrator\.x\[0\]/);
  });
});
