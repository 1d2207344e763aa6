// loadCalibrator on malformed or hostile JSON: every refusal is a RangeError/TypeError naming the field, nothing
// is evaluated, and no prototype changes. Limits: MAX_THRESHOLDS = 2^24 isotonic thresholds, nesting depth 32.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, loadCalibrator } from "rmcal";
import { SEED } from "../properties/arbitraries";
import { callUnderContract, Tally } from "../properties/contract";

beforeAll(async () => {
  await init();
});
const tally = new Tally("loadCalibrator");
afterAll(() => tally.report());

const temperature = { format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 2 };
const platt = { format: "rmcal.calibrator", version: 1, kind: "platt", scale: 0.8, bias: 0.1 };
const isotonic = { format: "rmcal.calibrator", version: 1, kind: "isotonic", x: [-1, 0, 2], y: [0.1, 0.5, 0.9] };
const vennAbers = { format: "rmcal.calibrator", version: 2, kind: "venn-abers", x: [-1, 0, 2], p0: [0, 0.2, 0.5, 0.8], p1: [0.3, 0.6, 0.9, 1] };
const grouped = { format: "rmcal.calibrator", version: 2, kind: "grouped-temperature", groups: ["math", "code"], temperatures: [0.5, 2], fallbackTemperature: 1 };

/** [what is wrong, the JSON (text or object), the error class, the message (exact, or a pattern)]. */
const CASES: [string, unknown, typeof RangeError | typeof TypeError | null, string | RegExp][] = [
  ["format missing", { ...temperature, format: undefined }, RangeError, 'calibrator.format is undefined; expected "rmcal.calibrator"'],
  ["another format", { ...temperature, format: "sklearn.pickle" }, RangeError, 'calibrator.format is "sklearn.pickle"; expected "rmcal.calibrator"'],
  ["version 3", { ...temperature, version: 3 }, RangeError, "calibrator.version is 3; this release reads versions 1 and 2"],
  ["version as text", { ...temperature, version: "1" }, RangeError, 'calibrator.version is "1"; this release reads versions 1 and 2'],
  ["kind missing", { ...temperature, kind: undefined }, RangeError, /^calibrator\.kind is undefined; expected "temperature", "platt", "isotonic", "venn-abers" or "grouped-temperature"/],
  ["kind __proto__", { ...temperature, kind: "__proto__" }, RangeError, /^calibrator\.kind is "__proto__"/],
  ["kind constructor", { ...temperature, kind: "constructor" }, RangeError, /^calibrator\.kind is "constructor"/],
  ["temperature missing", { ...temperature, temperature: undefined }, TypeError, "calibrator.temperature is missing"],
  ["temperature 1e999 in the text (Infinity)", '{"format":"rmcal.calibrator","version":1,"kind":"temperature","temperature":1e999}', RangeError, "calibrator.temperature is Infinity; it must be a finite number"],
  ["temperature null (NaN after JSON.stringify)", { ...temperature, temperature: null }, RangeError, "calibrator.temperature is null; it must be a finite number"],
  ["temperature NaN (object input)", { ...temperature, temperature: NaN }, RangeError, "calibrator.temperature is NaN; it must be a finite number"],
  ["temperature 0", { ...temperature, temperature: 0 }, RangeError, "calibrator.temperature is 0; it must be > 0"],
  ["temperature as an expression", { ...temperature, temperature: "1+1" }, RangeError, 'calibrator.temperature is "1+1"; it must be a finite number'],
  ["platt bias -1e999", '{"format":"rmcal.calibrator","version":1,"kind":"platt","scale":1,"bias":-1e999}', RangeError, "calibrator.bias is -Infinity; it must be a finite number"],
  ["platt scale missing", { ...platt, scale: undefined }, TypeError, "calibrator.scale is missing"],
  ["isotonic x unsorted", { ...isotonic, x: [0, -1, 2] }, RangeError, /^calibrator\.x\[1\] is -1, not above calibrator\.x\[0\] = 0/],
  ["isotonic x repeated", { ...isotonic, x: [0, 0, 2] }, RangeError, /^calibrator\.x\[1\] is 0, not above/],
  ["isotonic y decreasing", { ...isotonic, y: [0.1, 0.6, 0.5] }, RangeError, /^calibrator\.y\[2\] is 0\.5, below calibrator\.y\[1\]/],
  ["isotonic y above 1", { ...isotonic, y: [0.1, 0.5, 1.5] }, RangeError, "calibrator.y[2] is 1.5; isotonic probabilities must lie in [0, 1]"],
  ["isotonic lengths differ", { ...isotonic, y: [0.1, 0.5] }, RangeError, "calibrator.y has length 2 but calibrator.x has length 3; they must match"],
  ["isotonic empty", { ...isotonic, x: [], y: [] }, RangeError, "calibrator.x is empty; an isotonic calibrator needs at least one threshold"],
  ["isotonic x as a string", { ...isotonic, x: "[-1,0,2]" }, TypeError, /^calibrator\.x must be an array of numbers/],
  ["isotonic threshold as text", { ...isotonic, x: [-1, "0", 2] }, RangeError, 'calibrator.x[1] is "0"; it must be a finite number'],
  ["grouped groups missing", { ...grouped, groups: undefined }, TypeError, "calibrator.groups is missing"],
  ["grouped groups as an object", { ...grouped, groups: { math: 0.5 } }, TypeError, "calibrator.groups must be an array of group names, got an object"],
  ["grouped groups empty", { ...grouped, groups: [], temperatures: [] }, RangeError, "calibrator.groups is empty; a grouped calibrator needs at least one group"],
  ["grouped group name a number", { ...grouped, groups: ["math", 7] }, TypeError, "calibrator.groups[1] is 7; group names must be strings"],
  ["grouped group name repeated", { ...grouped, groups: ["math", "math"] }, RangeError, 'calibrator.groups[1] is "math", as calibrator.groups[0] is; group names must be distinct'],
  ["grouped group named __proto__ is data, not a key", { ...grouped, groups: ["__proto__", "code"] }, null, ""],
  ["grouped temperatures shorter", { ...grouped, temperatures: [0.5] }, RangeError, "calibrator.temperatures has length 1 but calibrator.groups has length 2; they must match"],
  ["grouped temperature 0", { ...grouped, temperatures: [0.5, 0] }, RangeError, "calibrator.temperatures[1] is 0; it must be > 0"],
  ["grouped temperature as text", { ...grouped, temperatures: [0.5, "2"] }, RangeError, 'calibrator.temperatures[1] is "2"; it must be a finite number'],
  ["grouped temperature 1e-310", { ...grouped, temperatures: [0.5, 1e-310] }, RangeError, /^calibrator\.temperatures\[1\] is 1e-310; a score of 1000000 would give the reward/],
  ["grouped fallback missing", { ...grouped, fallbackTemperature: undefined }, TypeError, "calibrator.fallbackTemperature is missing"],
  ["grouped fallback negative", { ...grouped, fallbackTemperature: -1 }, RangeError, "calibrator.fallbackTemperature is -1; it must be > 0"],
  ["grouped with a temperature field", { ...grouped, temperature: 1 }, RangeError, /^calibrator has an unknown field "temperature" \(did you mean "temperatures"\?\)/],
  ["__proto__ key at the top (JSON text)", '{"__proto__":{"polluted":true},"format":"rmcal.calibrator","version":1,"kind":"temperature","temperature":2}', RangeError, 'calibrator has a key named "__proto__"; such keys are refused in a calibrator JSON'],
  ["__proto__ key inside fit", `{"format":"rmcal.calibrator","version":1,"kind":"temperature","temperature":2,"fit":{"n":3,"__proto__":{"isAdmin":true}}}`, RangeError, 'calibrator.fit has a key named "__proto__"; such keys are refused in a calibrator JSON'],
  ["constructor key inside rewardNormalization", { ...temperature, rewardNormalization: { mean: 0, std: 1, clip: null, constructor: { prototype: {} } } }, RangeError, /^calibrator\.rewardNormalization has a key named "constructor"/],
  ["fit nested 40 deep", { ...temperature, fit: JSON.parse("[".repeat(40) + "]".repeat(40)) }, RangeError, /^calibrator\.fit(\[0\])+ is nested deeper than 32 levels/],
  ["rewardNormalization std negative", { ...temperature, rewardNormalization: { mean: 0, std: -1 } }, RangeError, "calibrator.rewardNormalization.std is -1; it must be ≥ 0"],
  ["not JSON", "{format: rmcal}", TypeError, /^calibrator is a string that is not JSON: /],
  ["truncated JSON", JSON.stringify(isotonic).slice(0, 40), TypeError, /^calibrator is a string that is not JSON: /],
  ["JSON nested 10^6 deep", "[".repeat(1e6) + "]".repeat(1e6), TypeError, /^calibrator (is a string that is not JSON|must be an object)/],
  ["a JSON array", "[1,2]", TypeError, "calibrator must be an object, got an array"],
  ["null", null, TypeError, "calibrator must be an object, got null"],
];

describe("loadCalibrator refuses malformed and hostile JSON with a message", () => {
  for (const [what, json, type, message] of CASES) {
    it(`${what} → ${type?.name ?? "loads"}`, () => {
      if (type === null) return void expect(() => loadCalibrator(json)).not.toThrow();
      let thrown: unknown;
      try {
        loadCalibrator(json);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(type);
      if (typeof message === "string") expect((thrown as Error).message).toBe(message);
      else expect((thrown as Error).message).toMatch(message);
    });
  }

  it("no prototype is changed by __proto__ / constructor keys, and the valid parts still load", () => {
    for (const [, json] of CASES) {
      try {
        loadCalibrator(json);
      } catch { /* refused above */ }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(loadCalibrator(isotonic).predict([-5, 1, 5])).toEqual(Float64Array.of(0.1, 0.7, 0.9));
  });

  it("huge arrays beyond 2^24 thresholds are refused before anything is allocated", () => {
    const hollow: number[] = [];
    hollow.length = 2 ** 24 + 1;
    const rss = process.memoryUsage().rss;
    expect(() => loadCalibrator({ ...isotonic, x: hollow, y: hollow })).toThrow(
      new RangeError("calibrator.x has 16777217 entries; a calibrator holds at most 16777216 thresholds"));
    hollow.length = 2 ** 32 - 1;
    expect(() => loadCalibrator({ ...isotonic, x: hollow, y: hollow })).toThrow(/^calibrator\.x has 4294967295 entries/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 ** 2);
  });

  it("values are never evaluated or coerced: objects with valueOf/toString/toJSON are refused without being called", () => {
    let called = 0;
    const trap = { valueOf: () => (called++, 2), toString: () => (called++, "2"), toJSON: () => (called++, 2) };
    expect(() => loadCalibrator({ ...temperature, temperature: trap })).toThrow(new RangeError("calibrator.temperature is an object; it must be a finite number"));
    expect(() => loadCalibrator({ ...isotonic, x: [trap, 1, 2] })).toThrow(/^calibrator\.x\[0\] is an object/);
    expect(called).toBe(0);
  });

  it("the bundles contain no eval and no Function constructor (nothing in a file can become code)", () => {
    for (const bundle of ["../../dist/rmcal.js", "../../dist/node.js", "../../dist/cli.js"]) {
      const text = readFileSync(fileURLToPath(new URL(bundle, import.meta.url)), "utf8");
      expect(text).not.toMatch(/\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*["'`]/);
    }
  });

  const RUNS = 1000;
  it(`mutated calibrator JSON (fields deleted, replaced, retyped) loads or is refused by name (${RUNS} runs)`, () => {
    const anyJsonValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(1e999, -1e999, "__proto__", [], {}, null, 1, 0.5, -1));
    const fields = ["format", "version", "kind", "temperature", "scale", "bias", "x", "y", "p0", "p1", "fit", "rewardNormalization", "__proto__", "constructor"];
    const mutation = fc.record({
      base: fc.constantFrom(temperature, platt, isotonic, vennAbers),
      changes: fc.array(fc.tuple(fc.constantFrom(...fields), fc.option(anyJsonValue, { nil: undefined })), { maxLength: 3 }),
      asText: fc.boolean(),
    });
    fc.assert(
      fc.property(mutation, ({ base, changes, asText }) => {
        const o: Record<string, unknown> = JSON.parse(JSON.stringify(base));
        for (const [field, value] of changes) {
          if (value === undefined) delete o[field];
          else Object.defineProperty(o, field, { value, enumerable: true, writable: true, configurable: true });
        }
        const { outcome, value } = callUnderContract(() => loadCalibrator(asText ? JSON.stringify(o) : o), ["calibrator"]);
        tally.add(`mutated JSON: ${outcome}`);
        if (value) {
          const p = value.predict([-3, 0, 0.5, 3]);
          p.forEach((v) => expect(v >= 0 && v <= 1).toBe(true));
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
