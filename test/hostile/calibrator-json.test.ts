// Calibrator JSON a person edited or an attacker wrote: misspelt or unknown fields are refused by name (with the
// closest known field), parameters whose rewards overflow float64 on scores up to ±1e6 are refused, and no array,
// however long, escapes the hostile-key and depth checks. Through the API and through `rmcal apply`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { init, loadCalibrator } from "rmcal";
import { rmcalAsync, tempFolder } from "../helpers/cli";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);
const temperature = { format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 2 };
const platt = { format: "rmcal.calibrator", version: 1, kind: "platt", scale: 0.8, bias: 0.1 };
const isotonic = { format: "rmcal.calibrator", version: 1, kind: "isotonic", x: [-1, 0, 2], y: [0.1, 0.5, 0.9] };
const vennAbers = { format: "rmcal.calibrator", version: 2, kind: "venn-abers", x: [-1, 0, 2], p0: [0, 0.2, 0.5, 0.8], p1: [0.3, 0.6, 0.9, 1] };
const norm = { mean: 0, std: 1, clip: null };

beforeAll(async () => {
  await init();
  writeFileSync(file("pairs.jsonl"), '{"chosen":1,"rejected":0}\n');
});
afterAll(cleanup);

/** The error loadCalibrator throws on `json`, with its code and argument. */
function refusal(json: unknown): { name: string; code: string; argument: string; message: string } {
  try {
    loadCalibrator(json);
  } catch (error) {
    const e = error as Error & { code: string; argument: string };
    return { name: e.name, code: e.code, argument: e.argument, message: e.message };
  }
  throw new Error("loaded");
}

describe("unknown fields are refused, naming the field and the closest known one", () => {
  it.each([
    [{ ...temperature, temprature: 2 }, 'calibrator has an unknown field "temprature" (did you mean "temperature"?); a temperature calibrator holds format, version, kind, fit, rewardNormalization, temperature'],
    [{ ...platt, Bias: 0.1 }, 'calibrator has an unknown field "Bias" (did you mean "bias"?); a platt calibrator holds format, version, kind, fit, rewardNormalization, scale, bias'],
    [{ ...temperature, scale: 0.5 }, 'calibrator has an unknown field "scale"; a temperature calibrator holds format, version, kind, fit, rewardNormalization, temperature'],
    [{ ...isotonic, rewardNormalisation: norm }, 'calibrator has an unknown field "rewardNormalisation" (did you mean "rewardNormalization"?); an isotonic calibrator holds format, version, kind, fit, rewardNormalization, x, y'],
    [{ ...vennAbers, y: [0.1, 0.5, 0.9] }, 'calibrator has an unknown field "y" (did you mean "x"?); a Venn–Abers calibrator holds format, version, kind, fit, rewardNormalization, range, x, p0, p1'],
    [{ ...vennAbers, P1: [0.3, 0.6, 0.9, 1] }, 'calibrator has an unknown field "P1" (did you mean "p1"?); a Venn–Abers calibrator holds format, version, kind, fit, rewardNormalization, range, x, p0, p1'],
    [{ ...temperature, rewardNormalization: { ...norm, stdev: 1 } }, 'calibrator.rewardNormalization has an unknown field "stdev" (did you mean "std"?); rewardNormalization holds mean, std, clip, reference'],
  ])("%j", (json, message) => {
    const e = refusal(json);
    expect(e.name).toBe("RangeError");
    expect(e.code).toBe("invalid-argument");
    expect(e.message).toBe(message);
    expect(e.argument).toMatch(/^calibrator\./);
    // The same text refuses the same way.
    expect(refusal(JSON.stringify(json)).message).toBe(message);
  });

  it("what toJSON writes still loads: every known field, fit records with fields of their own", () => {
    const full = { ...temperature, fit: { n: 3, anything: { nested: [1, 2] } }, rewardNormalization: { ...norm, clip: 3, reference: 0.5 } };
    // A version-1 file loads and is written back as version 2 (with no range: it never had one).
    expect(loadCalibrator(full).toJSON()).toEqual({ ...full, version: 2 });
    expect(loadCalibrator(loadCalibrator(platt).toJSON()).toJSON()).toEqual({ ...platt, version: 2 });
  });

  it("rmcal apply refuses the misspelt calibrator with exit 2, naming its file and the field, and writes nothing", async () => {
    writeFileSync(file("typo.json"), JSON.stringify({ ...temperature, temprature: 2 }));
    const r = await rmcalAsync(["apply", file("typo.json"), file("pairs.jsonl"), "--out", file("out.jsonl")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`rmcal: ${file("typo.json")}: calibrator has an unknown field "temprature" (did you mean "temperature"?); a temperature calibrator holds format, version, kind, fit, rewardNormalization, temperature\n`);
    expect(existsSync(file("out.jsonl"))).toBe(false);
  });
});

describe("Venn–Abers tables that are not valid intervals are refused, naming the field and entry", () => {
  it.each([
    [{ ...vennAbers, p1: undefined }, "TypeError", "invalid-argument", "calibrator.p1", /^calibrator\.p1 is missing$/],
    [{ ...vennAbers, p0: [0, 0.2, 0.5] }, "RangeError", "length-mismatch", "calibrator.p0", /has length 3 but calibrator\.x has length 3; a Venn–Abers table has one entry more than x/],
    [{ ...vennAbers, p1: [0.3, 0.6, 0.9, 1.5] }, "RangeError", "invalid-argument", "calibrator.p1", /^calibrator\.p1\[3\] is 1\.5; Venn–Abers probabilities must lie in \[0, 1\]$/],
    [{ ...vennAbers, p0: [0, 0.2, 0.1, 0.8] }, "RangeError", "invalid-argument", "calibrator.p0", /^calibrator\.p0\[2\] is 0\.1, below calibrator\.p0\[1\] = 0\.2/],
    [{ ...vennAbers, x: [-1, 2, 0] }, "RangeError", "invalid-argument", "calibrator.x", /^calibrator\.x\[2\] is 0, not above/],
    [{ ...vennAbers, p0: [0.35, 0.4, 0.5, 0.8] }, "RangeError", "invalid-argument", "calibrator.p0", /^calibrator\.p0\[0\] is 0\.35, above calibrator\.p1\[0\] = 0\.3; an interval \[p0, p1\] must have p0 ≤ p1$/],
    [{ ...vennAbers, p0: [0, 0.2, 0.7, 0.8] }, "RangeError", "invalid-argument", "calibrator.p0", /^calibrator\.p0\[2\] is 0\.7, above calibrator\.p1\[1\] = 0\.6; a margin equal to calibrator\.x\[1\] would get an interval with p0 > p1$/],
    [{ ...vennAbers, p0: [0, "0.2", 0.5, 0.8] }, "RangeError", "invalid-argument", "calibrator.p0[1]", /^calibrator\.p0\[1\] is "0\.2"; it must be a finite number$/],
    [{ ...vennAbers, x: [-1, 0, null] }, "RangeError", "invalid-argument", "calibrator.x[2]", /^calibrator\.x\[2\] is null; it must be a finite number$/],
    [{ ...vennAbers, version: 1 }, "RangeError", "invalid-argument", "calibrator.version", /^calibrator\.kind is "venn-abers", which calibrator JSON version 1 does not have; Venn–Abers calibrators are version 2$/],
  ])("%j", (json, name, code, argument, message) => {
    const e = refusal(json);
    expect([e.name, e.code, e.argument]).toEqual([name, code, argument]);
    expect(e.message).toMatch(message);
    expect(refusal(JSON.stringify(json)).message).toBe(e.message);
  });

  it("a valid table loads, and writes itself back unchanged", () => {
    expect(loadCalibrator(vennAbers).toJSON()).toEqual(vennAbers);
  });
});

describe("parameters whose rewards overflow on scores up to ±1e6 are refused", () => {
  it.each([
    [{ ...temperature, temperature: 1e-320 }, "calibrator.temperature", /^calibrator\.temperature is 1e-320; a score of 1000000 would give the reward 1000000\/T = Infinity/],
    [{ ...temperature, temperature: 5e-303 }, "calibrator.temperature", /^calibrator\.temperature is 5e-303/],
    [{ ...platt, scale: 1e303 }, "calibrator.scale", /^calibrator\.scale is 1e\+303 and calibrator\.bias is 0\.1; α·d \+ β overflows/],
    [{ ...platt, scale: 1e300, bias: 1.7976931348623157e308 }, "calibrator.scale", /calibrator\.bias is 1\.7976931348623157e\+308/],
    [{ ...temperature, rewardNormalization: { ...norm, std: 1e-310 } }, "calibrator.rewardNormalization.std", /^calibrator\.rewardNormalization\.std is 1e-310; \(reward − mean\)\/std would overflow/],
    [{ ...isotonic, rewardNormalization: { mean: 1.7e308, std: 0.5, clip: null } }, "calibrator.rewardNormalization.std", /std is 0\.5/],
  ])("%j", (json, argument, message) => {
    const e = refusal(json);
    expect([e.name, e.code, e.argument]).toEqual(["RangeError", "invalid-argument", argument]);
    expect(e.message).toMatch(message);
  });

  it("at the bounds, scores of ±1e6 give finite rewards and normalized rewards", () => {
    const t = loadCalibrator({ ...temperature, temperature: 5.6e-303, rewardNormalization: { mean: 1, std: 1, clip: null } });
    const rewards = t.reward([1e6, -1e6]);
    rewards.forEach((r) => expect(Number.isFinite(r) && Number.isFinite((r - 1) / 1)).toBe(true));
    const p = loadCalibrator({ ...platt, scale: 8e301, bias: -1e300 });
    p.reward([1e6, -1e6], { transform: "raw-calibrated" }).forEach((r) => expect(Number.isFinite(r)).toBe(true));
    p.predict([2e6, -2e6]).forEach((v) => expect(v >= 0 && v <= 1).toBe(true));
    // std = 0 normalizes every reward to 0, never a division by zero.
    expect(loadCalibrator({ ...temperature, rewardNormalization: { ...norm, std: 0 } }).rewardNormalization?.std).toBe(0);
  });
});

describe("arrays longer than 2^24 entries are refused wherever they are, before their entries are trusted", () => {
  /** An array of 2^24 + 1 holes with `entry` at `at`: cheap to make, as long as JSON can describe. */
  const long = (entry: unknown, at = 5) => {
    const a: unknown[] = [];
    a.length = 2 ** 24 + 1;
    a[at] = entry;
    return a;
  };

  it.each([
    ["a __proto__ key inside an entry in fit", { ...temperature, fit: { runs: long(JSON.parse('{"__proto__":{"polluted":true}}')) } }, "calibrator.fit.runs"],
    ["nesting beyond the depth limit inside an entry in fit", { ...temperature, fit: { runs: long(JSON.parse("[".repeat(40) + "]".repeat(40))) } }, "calibrator.fit.runs"],
    ["a long array as a reward-normalization value", { ...temperature, rewardNormalization: { ...norm, clip: long(1) } }, "calibrator.rewardNormalization.clip"],
    ["long isotonic thresholds", { ...isotonic, y: long(0.5) }, "calibrator.y"],
    ["long Venn–Abers tables", { ...vennAbers, p1: long(0.5) }, "calibrator.p1"],
  ])("%s", (_, json, argument) => {
    const e = refusal(json);
    expect([e.name, e.code, e.argument]).toEqual(["RangeError", "capacity", argument]);
    expect(e.message).toBe(`${argument} has 16777217 entries; a calibrator holds at most 16777216 thresholds`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
