// Every command the README shows is run by a test. This test finds every shell block of README.md (fenced ```sh,
// ```bash, ```shell or ```console, and every indented block that starts with a command) and gives each command an
// owner, or fails:
// - a block between `<!-- readme-X:begin -->` markers belongs to the docs test that reads those markers (its source
//   names "readme-X:begin" or block("readme-X"));
// - a transcript (`$ rmcal …` lines with their output) is test/docs/readme-commands.test.ts's;
// - the synopsis under "## The CLI" is readme-commands.test.ts's too, line by line, for its `rmcal …` commands;
// - any other command must be in COMMANDS below: run here (on small files, in a temporary folder, with `rmcal` on
//   PATH being this build, as the synopsis test does) or mapped to the test that runs it, whose source must name it.
// So a new block, or a new line in a block, cannot slip in untested, and a mapping cannot outlive its command.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";
import { BIN, rmcal, tempFolder } from "../helpers/cli";
import { startWorkerdConfig } from "../helpers/workerd";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
const { dir, cleanup } = tempFolder();
afterAll(cleanup);

interface Block {
  /** README line (1-based) of the block's first line of code. */
  line: number;
  fenced: boolean;
  code: string[];
  /** The readme-X markers around the block, if any. */
  marker: string | null;
}

const SHELL_FENCES = new Set(["sh", "bash", "shell", "console", "zsh"]);
/** An indented block is a command block when its first line starts with a prompt or a command. */
const COMMAND_START = /^(\$ |(rmcal|npm|npx|node|zcat|cat|curl|gzip|python3?|sh|cd|mkdir|ls|git)( |$))/;

/** The README's shell blocks, in order. */
function shellBlocks(text: string): Block[] {
  const lines = text.split("\n");
  const found: Block[] = [];
  let marker: string | null = null;
  let afterBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const begin = /^<!-- readme-([\w-]+):begin -->$/.exec(line), end = /^<!-- readme-([\w-]+):end -->$/.exec(line);
    if (begin) marker = begin[1];
    if (end) marker = null;
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence) {
      const start = i + 1;
      while (i + 1 < lines.length && lines[i + 1] !== "```") i++;
      if (SHELL_FENCES.has(fence[1])) found.push({ line: start + 1, fenced: true, code: lines.slice(start, i + 1), marker });
      i++;
      afterBlank = false;
      continue;
    }
    if (line.startsWith("    ") && afterBlank) {
      const start = i;
      while (i + 1 < lines.length && lines[i + 1].startsWith("    ")) i++;
      const code = lines.slice(start, i + 1).map((l) => l.slice(4));
      if (COMMAND_START.test(code[0])) found.push({ line: start + 1, fenced: false, code, marker });
      afterBlank = false;
      continue;
    }
    afterBlank = line.trim() === "" || begin !== null || end !== null;
  }
  return found;
}

/** A block's commands: comments dropped, continuation lines joined, comment-only lines skipped. */
function commandsOf(block: Block): string[] {
  const commands: string[] = [];
  let continued = false;
  for (const raw of block.code) {
    const text = raw.replace(/(^|\s+)#.*$/, "").trim();
    if (text === "") continue;
    if (continued) commands[commands.length - 1] += ` ${text.replace(/\\$/, "").trim()}`;
    else commands.push(text.replace(/\\$/, "").trim());
    continued = text.endsWith("\\");
  }
  return commands;
}

const isTranscript = (block: Block) => block.code[0].startsWith("$ ");
const synopsisLine = readme.slice(0, readme.indexOf("## The CLI\n")).split("\n").length + 2;

/** Who runs a command: a test file whose source contains `evidence`, or a test below (`here`). */
type Owner = { test: string; evidence: string } | { here: string };

/**
 * The commands no marker, transcript or synopsis rule covers. Keys are commands as commandsOf gives them.
 * `npm install rmcal` stands for the registry with the packed tarball, installed offline in a fresh project.
 */
const COMMANDS: Record<string, Owner[]> = {
  "npm install rmcal": [{ test: "test/package/consumer.test.ts", evidence: "npm install rmcal" }],
  "npx rmcal report": [{ test: "test/package/consumer.test.ts", evidence: "npx rmcal report" }],
  "npx rmcal assess pairs.jsonl": [{ test: "test/package/consumer.test.ts", evidence: "npx rmcal assess pairs.jsonl" }],
  // In a checkout: npm install builds (prepare) and asks nothing; npx runs the checkout's bin, the CLI's tests' rmcal.
  "npm install && npx rmcal report": [
    { test: "test/package/package.test.ts", evidence: "allowScripts names exactly the installed packages" },
    { test: "test/app/report/cli-report.test.ts", evidence: "rmcal report (bundled example data)" },
    { here: "npm scripts" },
  ],
  "npm test": [{ here: "npm scripts" }],
  "npm run docs": [{ test: "test/docs/api-reference.test.ts", evidence: "npm run docs" }, { here: "npm scripts" }],
  "zcat pairs.jsonl.gz | rmcal assess -": [{ here: "zcat pipeline" }],
  "rmcal serve --calibrator calibrator.json --upstream http://127.0.0.1:5000/get_reward --port 5001 --reference calibration-scores.txt --token-file token.txt":
    [{ test: "test/app/serve/cli-serve.test.ts", evidence: "--token-file" }, { here: "rmcal serve" }],
  "npm run build && cd examples/edge-worker && npx workerd serve config.capnp": [{ test: "test/runtimes/edge-worker.test.ts", evidence: "examples/edge-worker/config.capnp" }],
  "curl -s -X POST http://127.0.0.1:8787 -d '{\"pairs\": {\"chosen\": [2.1, 0.3, 1.5, 3], \"rejected\": [0.4, 0.9, 1.5, 1]}}'": [{ here: "edge worker curl" }],
  "npx rmcal web": [{ test: "test/app/cli/cli-web.test.ts", evidence: "rmcal web" }, { here: "rmcal web" }],
  "npm run web": [{ test: "test/browser/chromium.test.ts", evidence: "npm run web" }, { here: "npm scripts" }],
};

/** The docs test that reads the block between the readme-X markers: its source names them. */
function markerOwner(marker: string): { test: string; evidence: string } | undefined {
  for (const name of readdirSync(join(repoRoot, "test/docs")).filter((f) => f.endsWith(".test.ts") && f !== "readme-blocks.test.ts").sort()) {
    const source = readFileSync(join(repoRoot, "test/docs", name), "utf8");
    for (const evidence of [`readme-${marker}:begin`, `"readme-${marker}"`]) {
      if (source.includes(evidence)) return { test: `test/docs/${name}`, evidence };
    }
  }
  return undefined;
}

const blocks = shellBlocks(readme);
/** Each command outside the rules, with the README line of its block. */
const mapped: { line: number; command: string }[] = [];
const ruled: { line: number; owner: string; evidence: string }[] = [];
for (const block of blocks) {
  const ownTest = block.marker === null ? undefined : markerOwner(block.marker);
  if (ownTest !== undefined) {
    ruled.push({ line: block.line, owner: ownTest.test, evidence: ownTest.evidence });
  } else if (isTranscript(block)) {
    ruled.push({ line: block.line, owner: "test/docs/readme-commands.test.ts", evidence: "$ rmcal" });
    for (const text of block.code.filter((l) => l.startsWith("$ "))) {
      // readme-commands runs only rmcal's own commands; anything else in a transcript needs a test of its own.
      if (!text.startsWith("$ rmcal ")) mapped.push({ line: block.line, command: text.slice(2) });
    }
  } else {
    for (const command of commandsOf(block)) {
      if (block.line === synopsisLine && command.startsWith("rmcal ")) continue;
      mapped.push({ line: block.line, command });
    }
    if (block.line === synopsisLine) ruled.push({ line: block.line, owner: "test/docs/readme-commands.test.ts", evidence: "## The CLI" });
  }
}

describe("every shell block of the README is run by a test", () => {
  it("finds the blocks (Install's, the synopsis, the transcripts, the shards script, the edge worker's, the web page's)", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(15);
    expect(blocks.filter((b) => b.fenced).length).toBeGreaterThanOrEqual(3);
    expect(blocks.some((b) => b.line === synopsisLine)).toBe(true);
  });

  it("each block in markers, each transcript and the synopsis belong to a test that reads them", () => {
    for (const { line, owner, evidence } of ruled) {
      expect(existsSync(join(repoRoot, owner)), `README line ${line}: ${owner}`).toBe(true);
      expect(readFileSync(join(repoRoot, owner), "utf8"), `README line ${line}: ${owner} should contain ${evidence}`).toContain(evidence);
    }
  });

  it("every other command is run here or by a named test (add it to COMMANDS with its test)", () => {
    const unowned = mapped.filter(({ command }) => !(command in COMMANDS)).map(({ line, command }) => `README line ${line}: ${command}`);
    expect(unowned).toEqual([]);
  });

  it("every command in COMMANDS is still in the README, and every named test names it", () => {
    const shown = new Set(mapped.map((m) => m.command));
    for (const [command, owners] of Object.entries(COMMANDS)) {
      expect(shown.has(command), `no longer in the README: ${command}`).toBe(true);
      for (const owner of owners) {
        if ("test" in owner) expect(readFileSync(join(repoRoot, owner.test), "utf8"), `${owner.test} should contain ${owner.evidence}`).toContain(owner.evidence);
        else expect(HERE.has(owner.here), `no test here named ${owner.here}`).toBe(true);
      }
    }
  });
});

/** The tests below, by the names COMMANDS uses. */
const HERE = new Set(["npm scripts", "zcat pipeline", "rmcal serve", "edge worker curl", "rmcal web"]);

/** A folder with `rmcal` on PATH running this build, as a user's shell has it. */
function shellEnv(): NodeJS.ProcessEnv {
  const bin = join(dir, "bin");
  if (!existsSync(bin)) {
    mkdirSync(bin);
    writeFileSync(join(bin, "rmcal"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, "rmcal"), 0o755);
  }
  return { ...process.env, NO_COLOR: "1", PATH: `${bin}:${process.env.PATH}` };
}

/** Runs `command` as the README shows it, in `cwd`, until `ready` matches what it printed; then stops it. */
function runUntil(command: string, cwd: string, ready: RegExp, env = shellEnv()): Promise<{ printed: string; match: RegExpExecArray | null; code: number | null }> {
  const child = spawn("sh", ["-c", `exec ${command}`], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let printed = "";
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGTERM"), 30_000);
    const look = (chunk: Buffer) => {
      printed += chunk;
      const match = ready.exec(printed);
      if (match) {
        clearTimeout(timer);
        child.once("exit", (code) => resolve({ printed, match, code }));
        child.kill("SIGTERM");
      }
    };
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ printed, match: ready.exec(printed), code });
    });
  });
}

describe("the README's commands run here", () => {
  it("npm scripts: npm test checks then runs every test, npm run web and npm install build first, npm run docs is typedoc", () => {
    expect(pkg.scripts.test).toBe("npm run check && vitest run");
    expect(pkg.scripts.pretest).toMatch(/^npm run build\b/);
    expect(pkg.scripts.prepare).toBe("npm run build");
    expect(pkg.scripts.web).toBe("npm run build && node bin/rmcal.js web");
    expect(pkg.scripts.docs).toBe("typedoc");
  });

  it("zcat pipeline: zcat pairs.jsonl.gz | rmcal assess - prints what rmcal assess pairs.jsonl prints", () => {
    const folder = join(dir, "zcat");
    mkdirSync(folder);
    copyFileSync(join(repoRoot, "test/data/parquet/flat.jsonl"), join(folder, "pairs.jsonl"));
    writeFileSync(join(folder, "pairs.jsonl.gz"), gzipSync(readFileSync(join(folder, "pairs.jsonl"))));
    const piped = spawnSync("sh", ["-c", "zcat pairs.jsonl.gz | rmcal assess -"], { cwd: folder, encoding: "utf8", env: shellEnv() });
    expect(piped.status, piped.stderr).toBe(0);
    const direct = rmcal(["assess", "pairs.jsonl"], folder);
    expect(piped.stdout).toBe(direct.stdout);
    expect(piped.stdout).toMatch(/^n 300 /);
  });

  it("rmcal serve: the README's command (on a free port instead of 5001) listens and guards /status with the token", async () => {
    const folder = join(dir, "serve");
    mkdirSync(folder);
    const fit = rmcal(["fit", join(repoRoot, "examples/data/simulated_overconfident_rm.csv"), "--resamples", "50", "--metrics", "nll", "--out", "calibrator.json"], folder);
    expect(fit.status, fit.stderr).toBe(0);
    writeFileSync(join(folder, "calibration-scores.txt"), Array.from({ length: 200 }, (_, i) => (i - 100) / 25).join("\n") + "\n");
    writeFileSync(join(folder, "token.txt"), "readme-token\n");
    const command = Object.keys(COMMANDS).find((c) => c.startsWith("rmcal serve "))!;
    // Port 5001 may be taken on a machine running tests in parallel: the same command on a free port.
    const env = shellEnv();
    const child = spawn("sh", ["-c", `exec ${command.replace("--port 5001", "--port 0")}`], { cwd: folder, env, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let printed = "";
        const look = (chunk: Buffer) => {
          printed += chunk;
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed);
          if (match) resolve(match[1]);
        };
        child.stdout!.on("data", look);
        child.stderr!.on("data", look);
        child.once("exit", (code) => reject(new Error(`rmcal serve exited with ${code}: ${printed}`)));
      });
      expect((await fetch(`${url}/status`)).status).toBe(401);
      const status = await fetch(`${url}/status`, { headers: { authorization: "Bearer readme-token" } });
      expect(status.status).toBe(200);
      expect((await status.json()).calibrationRange).toEqual([-4, 99 / 25]);
    } finally {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    }
  }, 60_000);

  it("edge worker curl: the README's POST to the example worker under workerd returns the assessment and T", async () => {
    const worker = await startWorkerdConfig(join(repoRoot, "examples/edge-worker/config.capnp"));
    try {
      const command = Object.keys(COMMANDS).find((c) => c.startsWith("curl "))!;
      const r = spawnSync("sh", ["-c", command.replace("http://127.0.0.1:8787", worker.url)], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const body = JSON.parse(r.stdout);
      expect(body.assessment.n).toBe(4);
      expect(body.temperature.temperature).toBeGreaterThan(0);
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it("rmcal web: prints the address the README shows (or, with port 8317 taken, says so and exits 2)", async () => {
    const r = await runUntil(`"${process.execPath}" "${BIN}" web`, dir, /^rmcal web: (http:\/\/127\.0\.0\.1:8317\/)$|port 8317 is in use/m);
    expect(r.match, r.printed).not.toBeNull();
    if (r.match![1]) expect(r.printed).toContain("rmcal web: http://127.0.0.1:8317/\n");
    else expect(r.code).toBe(2);
    expect(readme).toContain("npx rmcal web      # from the npm package; prints: rmcal web: http://127.0.0.1:8317/");
  }, 60_000);
});
