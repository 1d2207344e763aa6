// A CLI that helps: mistakes get rmcal's own one-line message with the closest command or flag (src/app/cli/
// closest-name.ts, parseFlags in options.ts), never node:util's parser text; every command prints JSON with --json;
// diagnose compares per-response deployment scores; the progress line is drawn on a real terminal (a pseudo-
// terminal made by util-linux's `script`) and never in a pipe. Real processes throughout.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { init, diagnose } from "rmcal";
import { readPairFile, tablePairs } from "rmcal/node";
import { BIN, rmcal, tempFolder } from "../../helpers/cli";
import { repoRoot } from "../../helpers/repo-root";
import { mulberry32 } from "../../helpers/prng";

const DATA = join(repoRoot, "test/data/parquet");
const FLAT = join(DATA, "flat.jsonl");
let tmp: { dir: string; cleanup: () => void };
beforeAll(async () => {
  tmp = tempFolder();
  await init();
});
afterAll(() => tmp.cleanup());

/** node:util's parseArgs words, which rmcal's messages replace. */
const NODE_WORDING = /Unknown option '|argument missing|To specify a positional argument|ERR_PARSE_ARGS/;

function usage(args: string[]): string {
  const r = rmcal(args);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(NODE_WORDING);
  return r.stderr;
}

describe("rmcal suggests the closest command or flag", () => {
  it("asess → assess, diagnos → diagnose, --verison → --version; a far-off word gets no guess", () => {
    expect(usage(["asess", FLAT])).toBe('rmcal: unknown command "asess"; did you mean "assess"? (commands: assess, fit, apply, report, diagnose, serve, export, web, merge)\n(see rmcal --help)\n');
    expect(usage(["diagnos", FLAT])).toMatch(/did you mean "diagnose"\?/);
    expect(usage(["--verison"])).toMatch(/^rmcal: unknown option --verison; did you mean --version\?/);
    expect(usage(["foo"])).toBe('rmcal: unknown command "foo" (commands: assess, fit, apply, report, diagnose, serve, export, web, merge)\n(see rmcal --help)\n');
  });

  it("an unknown flag names the closest one of that command, with a pointer to its help", () => {
    expect(usage(["assess", FLAT, "--bisn", "10"])).toBe("rmcal: unknown flag --bisn; did you mean --bins?\n(see rmcal assess --help)\n");
    expect(usage(["fit", FLAT, "--metod", "platt"])).toMatch(/^rmcal: unknown flag --metod; did you mean --method\?\n\(see rmcal fit --help\)/);
    expect(usage(["diagnose", FLAT, "--deployment-scores", "s"])).toMatch(/did you mean --deployment-score\?/);
    expect(usage(["assess", FLAT, "--zzzzzz"])).toBe("rmcal: unknown flag --zzzzzz\n(see rmcal assess --help)\n");
    expect(usage(["assess", FLAT, "-x"])).toMatch(/^rmcal: unknown flag -x/);
  });

  it("a flag without its value, and a value on a switch, are said plainly; negative numbers are values", () => {
    expect(usage(["assess", FLAT, "--bins"])).toBe("rmcal: --bins needs a value\n(see rmcal assess --help)\n");
    expect(usage(["assess", FLAT, "--where", "--json"])).toBe("rmcal: --where needs a value (got the flag --json)\n(see rmcal assess --help)\n");
    expect(usage(["assess", FLAT, "--json=yes"])).toBe('rmcal: --json is a switch and takes no value (got "--json=yes")\n(see rmcal assess --help)\n');
    expect(usage(["assess", FLAT, "--temperature", "-1"])).toBe('rmcal: --temperature is "-1"; it must be a number > 0\n(see rmcal assess --help)\n');
  });
});

describe("every command has --json", () => {
  it("fit, apply (with --out), report, diagnose, export and assess print one JSON document on stdout", () => {
    const cal = join(tmp.dir, "cal.json");
    const fit = rmcal(["fit", FLAT, "--method", "temperature", "--out", cal, "--json"]);
    expect(fit.status).toBe(0);
    const fitted = JSON.parse(fit.stdout);
    expect(fitted.out).toBe(cal);
    expect(fitted.calibrator).toEqual(JSON.parse(readFileSync(cal, "utf8")));

    const applied = rmcal(["apply", cal, FLAT, "--out", join(tmp.dir, "applied.jsonl"), "--json"]);
    expect(applied.status).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ rows: 300, calibrated: 300, fields: ["calibrated_prob"], skipped: { count: 0 } });
    expect(usage(["apply", cal, FLAT, "--json"])).toMatch(/--json prints a summary of the run; it needs --out/);

    const report = rmcal(["report", FLAT, "--out", join(tmp.dir, "r.html"), "--resamples", "20", "--json"]);
    expect(report.status).toBe(0);
    const model = JSON.parse(report.stdout);
    expect(model.sections[0]).toMatchObject({ nTrain: 210, nTest: 90, fieldsUsed: "score-a=score_a, score-b=score_b, label=label" });
    expect(model.sections[0].diagrams).toBeUndefined();

    for (const args of [["diagnose", FLAT], ["export", cal, "--to", "openrlhf"], ["assess", FLAT]]) {
      const r = rmcal([...args, "--json"]);
      expect(r.status, args.join(" ")).toBe(0);
      expect(() => JSON.parse(r.stdout), args.join(" ")).not.toThrow();
    }
  });

  it("serve --json prints its URLs once listening, so --port 0 can be used from a script", async () => {
    const cal = join(tmp.dir, "cal-serve.json");
    expect(rmcal(["fit", FLAT, "--method", "temperature", "--out", cal]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, "serve", "--calibrator", cal, "--upstream", "http://127.0.0.1:9/get_reward", "--port", "0", "--json"]);
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        if (out.includes("\n")) resolve(out);
      });
      child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const urls = JSON.parse(line);
    expect(urls.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(urls.reward).toBe(`${urls.url}/get_reward`);
    const status = await fetch(urls.status);
    expect(status.status).toBe(200);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("rmcal diagnose --deployment FILE2 --deployment-score F", () => {
  it("compares FILE2's per-response scores with FILE's, as the library does with { scores }", async () => {
    const next = mulberry32(7);
    const scores = Array.from({ length: 150 }, () => Math.round((next() * 8 - 3) * 1e6) / 1e6);
    const deployment = join(tmp.dir, "responses.jsonl");
    writeFileSync(deployment, scores.map((score, i) => JSON.stringify({ id: i, reward: score })).join("\n") + "\n");
    const r = rmcal(["diagnose", FLAT, "--deployment", deployment, "--deployment-score", "reward", "--json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`rmcal: read 150 scores from ${deployment} (field reward)\n`);
    const expected = diagnose(tablePairs(await readPairFile(FLAT)), { deployment: { scores } });
    expect(JSON.parse(r.stdout).shift).toEqual(expected.shift);
    expect(expected.shift!.of).toBe("score");
    const text = rmcal(["diagnose", FLAT, "--deployment", deployment, "--deployment-score", "reward"]);
    expect(text.stdout).toMatch(/shift to .*responses\.jsonl \(150 responses, scores\): PSI /);
  });

  it("refuses margins-only calibration data, a missing FILE2 flag, and a bad score naming file, line and field", () => {
    const margins = join(tmp.dir, "margins.jsonl");
    writeFileSync(margins, '{"margin": 1, "label": 1}\n{"margin": -1, "label": 1}\n');
    const deployment = join(tmp.dir, "bad.jsonl");
    writeFileSync(deployment, '{"reward": 1}\n{"reward": "high"}\n');
    expect(usage(["diagnose", margins, "--deployment", FLAT, "--deployment-score", "score_a"])).toMatch(/gives margins \(margin=margin, label=label\); it needs chosen\/rejected or score-a\/score-b/);
    expect(usage(["diagnose", FLAT, "--deployment-score", "reward"])).toMatch(/it needs --deployment/);
    expect(usage(["diagnose", FLAT, "--deployment", deployment, "--deployment-score", "reward"])).toContain(`\nrmcal: ${deployment}, line 2, field "reward": is "high"; it must be a number\n`);
  });
});

describe("the progress line", () => {
  const hasScript = spawnSync("script", ["--version"]).status === 0;

  /** Runs a shell command on a pseudo-terminal (util-linux script), returning what the terminal received. */
  function onTerminal(command: string): { status: number | null; screen: string } {
    const r = spawnSync("script", ["-q", "-e", "-c", command, "/dev/null"], { cwd: DATA, encoding: "utf8", input: "", env: { ...process.env, NO_COLOR: "1" } });
    return { status: r.status, screen: r.stdout };
  }

  it.skipIf(!hasScript)("is drawn on a terminal and erased before the summary; stdin shows rows without a share", () => {
    const file = onTerminal(`"${process.execPath}" "${BIN}" assess flat.jsonl > /dev/null`);
    expect(file.status).toBe(0);
    expect(file.screen).toBe("\r\x1b[2Kreading flat.jsonl: 100% (300 rows)\r\x1b[2Krmcal: read 300 pairs from flat.jsonl (fields: score-a=score_a, score-b=score_b, label=label)\r\n");
    const stdin = onTerminal(`cat flat.jsonl | "${process.execPath}" "${BIN}" assess - > /dev/null`);
    expect(stdin.screen).toMatch(/^\r\x1b\[2Kreading stdin: 300 rows\r\x1b\[2Krmcal: read 300 pairs from stdin/);
  });

  it("is never written when stderr is not a terminal", () => {
    const r = rmcal(["assess", FLAT]);
    expect(r.stderr).not.toContain("\x1b");
    expect(r.stderr).not.toContain("\r");
  });
});
