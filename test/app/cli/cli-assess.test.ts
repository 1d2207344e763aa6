// `rmcal assess` on a JSONL of chosen/rejected scores and on a CSV of score_a/score_b/label prints the
// same numbers as the library's `assess` on the same columns (the CLI's --json is compared field by field, exactly):
// the CLI is a thin shell over the library and must add no arithmetic of its own.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { writeFileSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { init, assess } from "rmcal";
import { rmcal, rmcalAsync, tempFolder, randomPairs } from "../../helpers/cli";
import { markupProblem } from "../../helpers/markup";

const { dir, cleanup } = tempFolder();
const pairs = randomPairs(3000, 11);

beforeAll(async () => {
  await init();
  writeFileSync(join(dir, "pairs.jsonl"), pairs.a.map((a, i) => JSON.stringify({ id: i, chosen: a, rejected: pairs.b[i] })).join("\n") + "\n");
  writeFileSync(join(dir, "pairs.jsonl.gz"), gzipSync(readFileSync(join(dir, "pairs.jsonl"))));
  // A BOM, CRLF line ends and a quoted text field with a comma, a quote and a newline: what real exports look like.
  const csv = "\ufeffprompt,score_a,score_b,label,subset\r\n" + pairs.a.map((a, i) =>
    `"say ""hi"", then\r\nstop",${a},${pairs.b[i]},${pairs.label[i]},${i % 3 === 0 ? "math" : "chat"}`).join("\r\n") + "\r\n";
  writeFileSync(join(dir, "pairs.csv"), csv);
});
afterAll(cleanup);

describe("rmcal assess FILE --json", () => {
  it("equals assess({ chosen, rejected }) on a JSONL of chosen/rejected scores", () => {
    const r = rmcal(["assess", join(dir, "pairs.jsonl"), "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(assess({ chosen: pairs.a, rejected: pairs.b }));
    expect(r.stderr).toContain("fields: chosen=chosen, rejected=rejected");
  });

  it("equals assess({ scoreA, scoreB, label }) on a CSV of score_a/score_b/label (BOM, CRLF, quoted newlines)", () => {
    const r = rmcal(["assess", join(dir, "pairs.csv"), "--json", "--bins", "10", "--binning", "quantile"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(assess({ scoreA: pairs.a, scoreB: pairs.b, label: pairs.label }, { bins: 10, binning: "quantile" }));
    expect(r.stderr).toContain("fields: score-a=score_a, score-b=score_b, label=label");
  });

  it("equals assess({ margin, label, weight }) with --weight on a TSV", () => {
    const weight = pairs.a.map((_, i) => (i % 4) * 0.5);
    const margin = pairs.a.map((a, i) => a - pairs.b[i]);
    writeFileSync(join(dir, "margins.tsv"), "m\ty\tw\n" + margin.map((d, i) => `${d}\t${pairs.label[i]}\t${weight[i]}`).join("\n") + "\n");
    const r = rmcal(["assess", join(dir, "margins.tsv"), "--margin", "m", "--label", "y", "--weight", "w", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(assess({ margin, label: pairs.label, weight }));
  });

  it("reads .gz input to the same result as the plain file", () => {
    const plain = rmcal(["assess", join(dir, "pairs.jsonl"), "--json"]);
    const gz = rmcal(["assess", join(dir, "pairs.jsonl.gz"), "--json"]);
    expect(gz.status).toBe(0);
    expect(gz.stdout).toBe(plain.stdout);
  });

  it("--group adds one result per value, each equal to assess on that slice", () => {
    const r = rmcal(["assess", join(dir, "pairs.csv"), "--json", "--group", "subset", "--view", "oriented"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const slice = (name: string) => {
      const keep = pairs.a.map((_, i) => (i % 3 === 0 ? "math" : "chat") === name);
      const pick = (c: number[]) => c.filter((_, i) => keep[i]);
      return assess({ scoreA: pick(pairs.a), scoreB: pick(pairs.b), label: pick(pairs.label) }, { view: "oriented" });
    };
    expect(out.groups.map((g: { group: string }) => g.group)).toEqual(["math", "chat"]);
    expect(out.groups[0].assessment).toEqual(slice("math"));
    expect(out.groups[1].assessment).toEqual(slice("chat"));
    expect(out.overall).toEqual(assess({ scoreA: pairs.a, scoreB: pairs.b, label: pairs.label }, { view: "oriented" }));
  });

  it("prints a compact table with n, accuracy, NLL, Brier, ECE, MCE and the bins; no progress line when stderr is not a TTY", () => {
    const r = rmcal(["assess", join(dir, "pairs.jsonl")]);
    const a = assess({ chosen: pairs.a, rejected: pairs.b });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`n 3000  accuracy ${a.accuracy.toFixed(4)}  NLL ${a.nll.toFixed(4)}  Brier ${a.brier.toFixed(4)}  ECE ${a.ece.toFixed(4)}  MCE ${a.mce.toFixed(4)}`);
    const binRows = r.stdout.split("\n").filter((l) => /^\s+0\.\d{3}–/.test(l));
    expect(binRows).toHaveLength(a.bins.filter((b) => b.count > 0).length);
    expect(r.stderr).not.toContain("\r");
    expect(r.stderr).not.toContain("reading");
  });

  it("--svg writes a well-formed reliability diagram and refuses to replace it without --force", () => {
    const svg = join(dir, "diagram.svg");
    expect(rmcal(["assess", join(dir, "pairs.jsonl"), "--svg", svg]).status).toBe(0);
    const text = readFileSync(svg, "utf8");
    expect(markupProblem(text, true)).toBeNull();
    const again = rmcal(["assess", join(dir, "pairs.jsonl"), "--svg", svg]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("already exists; pass --force");
    expect(rmcal(["assess", join(dir, "pairs.jsonl"), "--svg", svg, "--force"]).status).toBe(0);
  });
});

describe("rmcal --help, --version, usage errors", () => {
  it("prints help for the program and each command with exit 0, and the package version", async () => {
    const commands = ["assess", "fit", "apply", "report"];
    const [main, version, ...helps] = await Promise.all([
      rmcalAsync(["--help"]), rmcalAsync(["--version"]), ...commands.map((c) => rmcalAsync([c, "--help"])),
    ]);
    expect(main.status).toBe(0);
    expect(main.stdout).toMatch(/assess FILE[\s\S]*fit FILE[\s\S]*apply CALIBRATOR FILE[\s\S]*report \[FILE\]/);
    commands.forEach((command, i) => {
      expect(helps[i].status, command).toBe(0);
      expect(helps[i].stdout, command).toMatch(new RegExp(`^Usage: rmcal ${command}`));
    });
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it("exits 2 with a hint for an unknown flag, a bad value or a mixed field mapping", async () => {
    const file = join(dir, "pairs.jsonl");
    const [unknown, bins, mixed, command] = await Promise.all([
      rmcalAsync(["assess", file, "--bogus"]),
      rmcalAsync(["assess", file, "--bins", "0"]),
      rmcalAsync(["assess", file, "--chosen", "chosen", "--margin", "m"]),
      rmcalAsync(["frobnicate"]),
    ]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("rmcal assess --help");
    expect(bins.status).toBe(2);
    expect(bins.stderr).toContain("--bins is \"0\"");
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain("--margin cannot be combined");
    expect(command.status).toBe(2);
  });
});
