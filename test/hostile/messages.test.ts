// The real `rmcal` process on field flags and labels that used to go wrong quietly: a field flag naming a member of
// Object.prototype, JSON booleans as labels, a file whose fields cannot be detected, --bins at the documented
// limit. Each failure exits 2 with a message naming the file and field, and writes no output file.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmcalAsync, tempFolder, type CliResult } from "../helpers/cli";
import { repoRoot } from "../helpers/repo-root";

let dir = "";
let cleanup = () => {};
beforeAll(() => {
  ({ dir, cleanup } = tempFolder());
  const rows = [[2.1, 0.5, 1], [0.4, 0.9, 0], [1.7, -0.2, 1], [-0.3, 0.1, 1], [3.2, 1.0, 0], [0.9, 1.3, 1]];
  writeFileSync(join(dir, "pairs.jsonl"), rows.map(([a, b]) => JSON.stringify({ chosen: a, rejected: b })).join("\n") + "\n");
  writeFileSync(join(dir, "pairs.csv"), "chosen,rejected\n" + rows.map(([a, b]) => `${a},${b}`).join("\n") + "\n");
  writeFileSync(join(dir, "booleans.jsonl"), rows.map(([a, b, l]) => JSON.stringify({ margin: a - b, label: l === 1 })).join("\n") + "\n");
  writeFileSync(join(dir, "unknown.jsonl"), rows.map(([a, b]) => JSON.stringify({ x: a, y: b })).join("\n") + "\n");
});
afterAll(() => cleanup());

/** A refused run: exit 2, one `rmcal:` message naming the file, nothing written to `out`. */
function expectRefused(r: CliResult, file: string, out: string, what: string): string {
  expect(r.status, `${what}\n${r.stderr}`).toBe(2);
  expect(r.stderr, what).toMatch(/^rmcal: /);
  expect(r.stderr, what).toContain(join(dir, file));
  expect(r.stderr, what).not.toMatch(/\n\s+at \S/);
  expect(existsSync(out), `${what}: ${out} was written`).toBe(false);
  return r.stderr;
}

describe("field flags naming Object.prototype members", () => {
  const names = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];
  for (const file of ["pairs.jsonl", "pairs.csv"]) {
    it(`${file}: --weight/--group NAME says there is no such field, never "function …"`, async () => {
      const runs = names.flatMap((name) => (["--weight", "--group"] as const).map(async (flag) => {
        const out = join(dir, `${file}-${flag.slice(2)}-${name}.svg`);
        const r = await rmcalAsync(["assess", join(dir, file), flag, name, "--svg", out]);
        const stderr = expectRefused(r, file, out, `${file} ${flag} ${name}`);
        expect(stderr).toContain(`field "${name}": does not exist`);
        expect(stderr).toContain('"chosen", "rejected"');
        expect(stderr).not.toMatch(/function|native code|an object/);
      }));
      await Promise.all(runs);
    });
  }

  it("a file that does have such a field is read from it", async () => {
    const file = join(dir, "own.jsonl");
    writeFileSync(file, '{"chosen":2,"rejected":1,"constructor":2,"__proto__":3}\n{"chosen":1,"rejected":2,"constructor":1,"__proto__":1}\n');
    const [byConstructor, byProto, plain] = await Promise.all([
      rmcalAsync(["assess", file, "--weight", "constructor", "--json"]),
      rmcalAsync(["assess", file, "--weight", "__proto__", "--json"]),
      rmcalAsync(["assess", file, "--json"]),
    ]);
    for (const r of [byConstructor, byProto, plain]) expect(r.status, r.stderr).toBe(0);
    expect(byConstructor.stderr).toContain("weight=constructor");
    expect(byProto.stderr).toContain("weight=__proto__");
    // Weights 2:1 and 3:1 move the ECE away from the unweighted one.
    expect(byConstructor.stdout).not.toBe(plain.stdout);
    expect(byProto.stdout).not.toBe(byConstructor.stdout);
  });

  it("--chosen constructor (a score field) is refused the same way", async () => {
    const out = join(dir, "chosen-constructor.svg");
    const r = await rmcalAsync(["assess", join(dir, "pairs.jsonl"), "--chosen", "constructor", "--rejected", "rejected", "--svg", out]);
    expect(expectRefused(r, "pairs.jsonl", out, "--chosen constructor")).toContain('line 1, field "constructor": does not exist');
  });
});

describe("JSON booleans as labels", () => {
  it("without a label map: exit 2, the message says how to map them", async () => {
    const out = join(dir, "booleans.svg");
    const r = await rmcalAsync(["assess", join(dir, "booleans.jsonl"), "--svg", out]);
    expect(expectRefused(r, "booleans.jsonl", out, "booleans")).toContain(
      'line 1, field "label": is true; map booleans with --label-map true=1,false=0');
  });

  it("--label-map true=1,false=0 maps them: the same numbers as 1/0 labels", async () => {
    const numeric = join(dir, "numeric.jsonl");
    writeFileSync(numeric, readFileSync(join(dir, "booleans.jsonl"), "utf8").replaceAll("true", "1").replaceAll("false", "0"));
    const [mapped, plain] = await Promise.all([
      rmcalAsync(["assess", join(dir, "booleans.jsonl"), "--label-map", "true=1,false=0", "--json"]),
      rmcalAsync(["assess", numeric, "--json"]),
    ]);
    expect(mapped.status, mapped.stderr).toBe(0);
    expect(plain.status, plain.stderr).toBe(0);
    expect(mapped.stdout).toBe(plain.stdout);
  });

  it("a label map that leaves a boolean out names the value and what the map lists", async () => {
    const r = await rmcalAsync(["assess", join(dir, "booleans.jsonl"), "--label-map", "false=0"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('booleans.jsonl, line 1, field "label": is true, which --label-map does not list');
  });
});

describe("field detection", () => {
  it("a file whose score fields cannot be detected is named in the message", async () => {
    const out = join(dir, "unknown.svg");
    const r = await rmcalAsync(["assess", join(dir, "unknown.jsonl"), "--svg", out]);
    const message = expectRefused(r, "unknown.jsonl", out, "undetectable");
    expect(message).toContain("could not detect the score fields among [x, y]");
    // Both kinds of input are looked for, and the message says which fields of each (DESIGN §12.3).
    expect(message).toContain("looked for pairs (chosen_score/rejected_score");
    expect(message).toContain("and K-wise choices (scores/best");
  });

  it("a CSV field flag naming no column fails at the header, naming the file", async () => {
    const out = join(dir, "nocolumn.svg");
    const r = await rmcalAsync(["assess", join(dir, "pairs.csv"), "--weight", "w", "--svg", out]);
    expect(expectRefused(r, "pairs.csv", out, "--weight w")).toContain('pairs.csv, line 1, field "w": does not exist; the header has "chosen", "rejected"');
  });
});

describe("one bins limit, as the README states it", () => {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

  it("the README states 10⁶ bins, and the CLI accepts exactly 1 to 1000000", async () => {
    expect(readme).toContain("Limits: 10⁶ bins");
    const out = join(dir, "bins.svg");
    const [atLimit, over] = await Promise.all([
      rmcalAsync(["assess", join(dir, "pairs.jsonl"), "--bins", "1000000"]),
      rmcalAsync(["assess", join(dir, "pairs.jsonl"), "--bins", "1000001", "--svg", out]),
    ]);
    expect(atLimit.status, atLimit.stderr).toBe(0);
    expect(atLimit.stdout).toContain("1000000 uniform bins");
    expect(over.status).toBe(2);
    expect(over.stderr).toContain('--bins is "1000001"; it must be an integer from 1 to 1000000');
    expect(existsSync(out)).toBe(false);
  });
});
