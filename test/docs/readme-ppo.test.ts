// The README's PPO walkthrough (fit, verdict, export, serve) must be what the commands print. This test reads the
// block between the readme-ppo markers and runs it: `$ rmcal …` lines as processes (stdout compared line for line),
// `… &` lines as background servers (their stderr lines compared once they listen), and `curl -s URL [-d BODY]
// [| grep 'PATTERN']` lines through fetch. Any other line fails the test, so the README cannot show a step this
// test does not run. The commands run in a temporary folder holding a link to examples/, so nothing is written
// into the repository; ports 5000 and 5001 are replaced by free ones.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, rmcal, tempFolder } from "../helpers/cli";
import { freePort } from "../helpers/free-port";
import { repoRoot } from "../helpers/repo-root";

const { dir, cleanup } = tempFolder();
symlinkSync(join(repoRoot, "examples"), join(dir, "examples"));
const background: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(background.map((child) => new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.on("close", () => done());
    child.kill("SIGTERM");
  })));
  cleanup();
});

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const lines = readme.slice(readme.indexOf("<!-- readme-ppo:begin -->"), readme.indexOf("<!-- readme-ppo:end -->"))
  .split("\n").slice(1).filter((line) => line.trim() !== "").map((line) => line.replace(/^ {4}/, ""));

/** The block as steps: each `$ ` command with the lines it is shown to print. */
function steps(text: string[]): { command: string; output: string[] }[] {
  const out: { command: string; output: string[] }[] = [];
  for (const line of text) {
    if (line.startsWith("$ ")) out.push({ command: line.slice(2), output: [] });
    else out.at(-1)!.output.push(line);
  }
  return out;
}

/** Splits a shell command into words, honouring single quotes (the only quoting the block uses). */
function words(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** Starts a background server and resolves with its stderr once it prints its listening line. */
function startBackground(args: string[]): Promise<() => string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
    background.push(child);
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      if (/listening on /.test(stderr)) resolve(() => stderr);
    });
    child.on("close", (code) => reject(new Error(`${args.join(" ")} exited with ${code}: ${stderr}`)));
  });
}

describe("README: calibrated rewards for PPO, end to end", () => {
  it("fits, exports and serves exactly as the README shows", { timeout: 120_000 }, async () => {
    const shown = steps(lines);
    expect(shown.map((s) => s.command.split(" ")[0])).toEqual(["rmcal", "rmcal", "rmcal", "node", "rmcal", "curl", "curl"]);
    const stubPort = String(await freePort()), proxyPort = String(await freePort());
    const ports = (text: string) => text.replaceAll(":5000", `:${stubPort}`).replaceAll(":5001", `:${proxyPort}`)
      .replace(/--port 5000\b/, `--port ${stubPort}`).replace(/--port 5001\b/, `--port ${proxyPort}`);

    for (const { command, output } of shown) {
      const expected = output.map(ports);
      const argv = words(ports(command));
      if (argv.at(-1) === "&") {
        const program = argv[0] === "rmcal" ? [BIN, ...argv.slice(1, -1)] : argv.slice(1, -1);
        expect(argv[0] === "rmcal" || argv[0] === "node", command).toBe(true);
        const stderr = await startBackground(program);
        expect(stderr().trimEnd().split("\n"), command).toEqual(expected);
      } else if (argv[0] === "rmcal") {
        const r = rmcal(argv.slice(1), dir);
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout.trimEnd().split("\n"), command).toEqual(expected);
      } else {
        // curl -s URL [-d BODY] [| grep 'PATTERN']
        expect(argv.slice(0, 2), command).toEqual(["curl", "-s"]);
        const pipe = argv.indexOf("|");
        const curl = pipe < 0 ? argv : argv.slice(0, pipe);
        const data = curl.indexOf("-d");
        expect(curl.length, command).toBe(data < 0 ? 3 : 5);
        const response = await fetch(curl[2], data < 0 ? {} : { method: "POST", body: curl[data + 1] });
        let text = (await response.text()).trimEnd().split("\n");
        if (pipe >= 0) {
          expect(argv.slice(pipe + 1, pipe + 2), command).toEqual(["grep"]);
          const pattern = new RegExp(argv[pipe + 2]);
          text = text.filter((line) => pattern.test(line));
        }
        expect(text, command).toEqual(expected);
      }
    }
  });
});
