// Partial assessments that were damaged, edited, written by another version or with other settings, through the
// real `rmcal merge` and `rmcal assess --partial`: each is refused with exit 2, no stdout, and a message naming the
// file and the field or setting (docs/DESIGN.md §3.8); nothing is written over an input or an existing file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { init, assessPartial, assessFromPartial, mergePartials, isRmcalError } from "rmcal";
import { rmcal, tempFolder } from "../helpers/cli";
import { mulberry32, integer, pick } from "../helpers/prng";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);
afterAll(cleanup);

beforeAll(async () => {
  await init();
  const rows = (from: number) => Array.from({ length: 40 }, (_, i) => JSON.stringify({ chosen: ((from + i) % 7) / 2, rejected: ((from + 3 * i) % 5) / 2 })).join("\n") + "\n";
  writeFileSync(file("a.jsonl"), rows(0));
  writeFileSync(file("b.jsonl"), rows(40));
  for (const [input, out, flags] of [["a.jsonl", "a.json", []], ["b.jsonl", "b.json", []], ["b.jsonl", "b10.json", ["--bins", "10"]], ["b.jsonl", "bo.json", ["--view", "oriented"]]] as const) {
    const r = rmcal(["assess", file(input), "--partial", file(out), ...flags]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
  }
});

/** Runs merge on a.json and a damaged copy of b.json; returns the run. */
function mergeDamaged(edit: (text: string) => string) {
  writeFileSync(file("bad.json"), edit(readFileSync(file("b.json"), "utf8")));
  return rmcal(["merge", file("a.json"), file("bad.json")]);
}

function expectRefused(r: { status: number | null; stdout: string; stderr: string }, message: string | RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(message);
}

describe("rmcal merge refuses damaged or mismatched partials", () => {
  it("a truncated file, text that is not JSON, an empty file", () => {
    expectRefused(mergeDamaged((t) => t.slice(0, t.length >> 1)), /bad\.json: is not valid JSON .*expected a partial written by rmcal assess --partial/);
    expectRefused(mergeDamaged(() => "chosen,rejected\n1,0\n"), /bad\.json: is not valid JSON/);
    expectRefused(mergeDamaged(() => ""), /bad\.json: is not valid JSON/);
  });

  it("another format or version", () => {
    expectRefused(mergeDamaged((t) => t.replace('"rmcal.partial"', '"rmcal.calibrator"')), /bad\.json: format is "rmcal\.calibrator"; expected "rmcal\.partial"/);
    expectRefused(mergeDamaged((t) => t.replace('"version":1', '"version":2')), /bad\.json: version is 2; this release reads version 1/);
  });

  it("an edited sum, count or field", () => {
    expectRefused(mergeDamaged((t) => t.replace(/"value":\["[^"]*"/, '"value":["0.5"')), /bad\.json: sums\.value\[0\] is "0\.5"; expected a non-negative sum as a canonical hexadecimal float/);
    expectRefused(mergeDamaged((t) => t.replace(/"count":\[(\d+)/, (_, c) => `"count":[${Number(c) + 1}`)), /bad\.json: sums\.count adds up to 41 but n is 40; the partial is damaged/);
    expectRefused(mergeDamaged((t) => t.replace('"n":40', '"n":40,"extra":true')), /bad\.json: the partial has an unknown field "extra"/);
    expectRefused(mergeDamaged((t) => t.replace('"binning":"uniform"', '"binning":"quantile"')), /bad\.json: sketchBins is missing; quantile bins need it/);
    expectRefused(mergeDamaged((t) => t.replace(/"weight":"[^"]*"/, '"weight":"-0x1p+0"')), /bad\.json: totals\.weight is "-0x1p\+0"/);
  });

  it("partials made with other options, naming both files and the setting", () => {
    expectRefused(rmcal(["merge", file("a.json"), file("b10.json")]), /b10\.json: bins is 10 but .*a\.json's bins is 15; partials made with different bins cannot be merged/);
    expectRefused(rmcal(["merge", file("a.json"), file("b.json"), file("bo.json")]), /bo\.json: view is "oriented" but .*a\.json's view is "folded"/);
  });

  it("a missing file, no file, a file that is a pair file", () => {
    expectRefused(rmcal(["merge", file("a.json"), file("nope.json")]), /nope\.json: no such file/);
    expectRefused(rmcal(["merge"]), /merge takes one or more PARTIAL files/);
    expectRefused(rmcal(["merge", file("a.jsonl")]), /a\.jsonl: is not valid JSON/);
  });
});

describe("outputs of partials", () => {
  it("assess --partial never overwrites an existing file or its input, and refuses --group and a misplaced --sketch-bins", () => {
    const before = readFileSync(file("a.json"), "utf8");
    expectRefused(rmcal(["assess", file("a.jsonl"), "--partial", file("a.json")]), /a\.json already exists; pass --force/);
    expectRefused(rmcal(["assess", file("a.jsonl"), "--partial", file("a.jsonl"), "--force"]), /a\.jsonl/);
    expect(readFileSync(file("a.json"), "utf8")).toBe(before);
    expectRefused(rmcal(["assess", file("a.jsonl"), "--partial", file("q.json"), "--sketch-bins", "64"]), /--sketch-bins is for --binning quantile only; uniform bins are exact/);
    expectRefused(rmcal(["assess", file("a.jsonl"), "--sketch-bins", "64"]), /--sketch-bins is for --partial with --binning quantile/);
    expectRefused(rmcal(["assess", file("a.jsonl"), "--partial", file("q.json"), "--binning", "quantile", "--sketch-bins", "0"]), /--sketch-bins/);
    expectRefused(rmcal(["assess", file("a.jsonl"), "--partial", file("q.json"), "--group", "chosen"]), /cannot be combined with --group/);
    expect(existsSync(file("q.json"))).toBe(false);
  });

  it("merge --partial refuses to write over one of its inputs", () => {
    expectRefused(rmcal(["merge", file("a.json"), file("b.json"), "--partial", file("a.json"), "--force"]), /a\.json/);
    expect(JSON.parse(readFileSync(file("a.json"), "utf8")).n).toBe(40);
  });
});

describe("seeded fuzz of partial text", () => {
  it("a damaged partial gives an assessment whose rates lie in [0, 1], or an error of rmcal's family: never NaN, never another error", () => {
    const random = mulberry32(1818);
    const pairs = { margin: [1, -2, 0.25, 3, 0, -0.5, 7], label: [1, 0, 1, 1, 0.5, 0, 1], weight: [1, 2, 1, 0.5, 1, 3, 1] };
    const texts = [assessPartial(pairs, { bins: 4 }), assessPartial(pairs, { binning: "quantile", bins: 3, sketchBins: 8 })].map((p) => JSON.stringify(p));
    const alphabet = ['"', ",", "0", "1", "9", "f", "x", "p", "-", "+", "[", "]", "{", "}", "e", "."];
    let refused = 0, assessed = 0;
    for (let trial = 0; trial < 600; trial++) {
      let text = pick(random, texts);
      for (let k = 1 + integer(random, 3); k > 0; k--) {
        const at = integer(random, text.length);
        const kind = random();
        text = kind < 0.4 ? text.slice(0, at) + pick(random, alphabet) + text.slice(at + 1)
          : kind < 0.7 ? text.slice(0, at) + text.slice(at + 1)
          : text.slice(0, at) + pick(random, alphabet) + text.slice(at);
      }
      try {
        const a = assessFromPartial(mergePartials([text]));
        assessed++;
        for (const x of [a.accuracy, a.brier, a.ece, a.rmsce, a.mce, a.rmsceDebiased]) expect(x >= 0 && x <= 1, text).toBe(true);
        expect(a.nll >= 0, text).toBe(true);
        for (const b of a.bins) for (const x of [b.meanPredicted, b.observed, b.low, b.high]) expect(x === null || (x >= 0 && x <= 1), text).toBe(true);
      } catch (error) {
        if (!isRmcalError(error)) throw error;
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(300);
    expect(assessed).toBeGreaterThan(0);
  });
});
