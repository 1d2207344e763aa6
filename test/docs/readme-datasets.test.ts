// The README's Parquet / shards / stdin session (between the readme-datasets markers) must be what the commands
// print: each "$ " line runs in sh from the repository root, with `rmcal` being this checkout's bin/rmcal.js, and
// its stdout and stderr together must be the lines that follow it.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";
import { BIN } from "../helpers/cli";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const lines = readme.slice(readme.indexOf("<!-- readme-datasets:begin -->"), readme.indexOf("<!-- readme-datasets:end -->"))
  .split("\n").slice(1).filter((line) => line.trim() !== "").map((line) => line.replace(/^ {4}/, ""));

/** The session as commands, each with the lines it printed. */
const session: { command: string; output: string[] }[] = [];
for (const line of lines) {
  if (line.startsWith("$ ")) session.push({ command: line.slice(2), output: [] });
  else session.at(-1)!.output.push(line);
}

describe("README: reading Parquet, shards and stdin", () => {
  it("shows four commands", () => {
    expect(session.map((s) => s.command.split(" ").slice(0, 3).join(" "))).toEqual([
      "rmcal assess test/data/parquet/flat-zstd.parquet", "rmcal assess 'test/data/parquet/train-*.parquet'",
      "gzip -c test/data/parquet/flat.jsonl", "rmcal assess test/data/parquet/wrong-type.parquet",
    ]);
  });

  for (const { command, output } of session) {
    it(`${command} prints what the README shows`, () => {
      const script = `rmcal() { "${process.execPath}" "${BIN}" "$@"; }\n${command} 2>&1 | grep -v '^rmcal: read '`;
      const r = spawnSync("sh", ["-c", script], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      expect(r.stdout.trimEnd().split("\n")).toEqual(output);
    });
  }
});
