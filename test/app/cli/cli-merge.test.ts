// rmcal assess --partial and rmcal merge as users run them (docs/DESIGN.md §3.8): one partial of a file prints what
// rmcal assess prints, byte for byte; merged shards print the same bytes whatever the order of the files and
// whether a reduction tree merged them in steps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomPairs, rmcal, tempFolder } from "../../helpers/cli";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);
afterAll(cleanup);

const ok = (args: string[]) => {
  const r = rmcal(args);
  expect(r.status, r.stderr).toBe(0);
  return r;
};

beforeAll(() => {
  const { a, b, label } = randomPairs(900, 18);
  const line = (i: number) => JSON.stringify({ score_a: a[i], score_b: b[i], label: label[i], weight: 1 + (i % 3) });
  const lines = a.map((_, i) => line(i));
  writeFileSync(file("all.jsonl"), lines.join("\n") + "\n");
  for (const [k, [from, to]] of [[0, 250], [250, 600], [600, 900]].entries()) writeFileSync(file(`s${k}.jsonl`), lines.slice(from, to).join("\n") + "\n");
  for (const k of [0, 1, 2]) ok(["assess", file(`s${k}.jsonl`), "--partial", file(`p${k}.json`), "--bins", "12", "--weight", "weight"]);
});

describe("rmcal merge", () => {
  it("of one partial prints what rmcal assess prints, text and JSON, byte for byte", () => {
    ok(["assess", file("all.jsonl"), "--partial", file("all.json"), "--bins", "12", "--weight", "weight"]);
    const whole = ["assess", file("all.jsonl"), "--bins", "12", "--weight", "weight"];
    expect(ok(["merge", file("all.json")]).stdout).toBe(ok(whole).stdout);
    expect(ok(["merge", file("all.json"), "--json"]).stdout).toBe(ok([...whole, "--json"]).stdout);
  });

  it("prints the same bytes in any order of the files, and through a reduction tree", () => {
    const flat = ok(["merge", file("p0.json"), file("p1.json"), file("p2.json"), "--json"]).stdout;
    expect(ok(["merge", file("p2.json"), file("p0.json"), file("p1.json"), "--json"]).stdout).toBe(flat);
    ok(["merge", file("p2.json"), file("p1.json"), "--partial", file("p21.json")]);
    expect(ok(["merge", file("p21.json"), file("p0.json"), "--json"]).stdout).toBe(flat);
    const merged = JSON.parse(flat);
    expect(merged.n).toBe(900);
    // Integer weights and 0/1 labels: Σw, counts and observed rates are exact in both computations.
    const whole = JSON.parse(ok(["assess", file("all.jsonl"), "--bins", "12", "--weight", "weight", "--json"]).stdout);
    expect([merged.weight, merged.accuracy, merged.bins.map((b: { count: number; observed: number }) => [b.count, b.observed])])
      .toStrictEqual([whole.weight, whole.accuracy, whole.bins.map((b: { count: number; observed: number }) => [b.count, b.observed])]);
    expect(Math.abs(merged.ece - whole.ece)).toBeLessThan(1e-12);
  });

  it("takes --interval and --mce-min-count, as assess's library options, and has --help", () => {
    const r = ok(["merge", file("p0.json"), file("p1.json"), "--interval", "clopper-pearson", "--mce-min-count", "20", "--json"]);
    expect(JSON.parse(r.stdout).bins.some((b: { low: number | null }) => b.low !== null)).toBe(true);
    expect(ok(["merge", "--help"]).stdout).toMatch(/^Usage: rmcal merge PARTIAL\.\.\./);
    expect(JSON.parse(readFileSync(file("p21.json"), "utf8"))).toMatchObject({ format: "rmcal.partial", version: 1, n: 650 });
  });
});
