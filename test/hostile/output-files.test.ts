// Output files under hostile conditions, through the real `rmcal` process: --out writes only regular files
// (links, FIFOs, devices, sockets and directories are refused, --force or not); two runs racing for one --out
// cannot both win; a run killed with SIGKILL leaves a temporary that the next run in the folder removes; every
// error names the user's path, never rmcal's temporary; an input that is a directory is named as such.
import { execFileSync, spawn } from "node:child_process";
import {
  createWriteStream, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AtomicFile, OutputError, writeFileAtomic } from "rmcal/node";
import { BIN, rmcal, rmcalAsync, tempFolder, type CliResult } from "../helpers/cli";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);
const ROWS = 3000;
/** Enough rows that even the gzip output outgrows the 64 KiB file-size limit below. */
const MANY = 60_000;
let socket: Server | null = null;

/** rmcal's temporaries: `.NAME.rmcal-PID-RANDOM.tmp`. */
const TEMPORARY = /^\..+\.rmcal-(\d+)-[0-9a-f]+\.tmp$/;
const temporariesIn = (folder: string) => readdirSync(folder).filter((f) => TEMPORARY.test(f) || f.endsWith(".tmp"));
const STACK = /\n\s+at \S/;

function pairsText(rows: number): string {
  let text = "";
  for (let i = 0; i < rows; i++) text += `{"chosen":${(i % 97) / 10},"rejected":${(i % 89) / 10},"id":${i}}\n`;
  return text;
}

beforeAll(async () => {
  writeFileSync(file("in.jsonl"), pairsText(ROWS));
  writeFileSync(file("cal.json"), JSON.stringify({ format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 2 }));
  socket = createServer();
  await new Promise<void>((resolve) => socket!.listen(file("socket.jsonl"), resolve));
});
afterAll(async () => {
  await new Promise((resolve) => socket?.close(resolve));
  cleanup();
});

/** The commands that write a file, each with its output at `out`. */
const WRITERS: Record<string, (out: string) => string[]> = {
  apply: (out) => ["apply", file("cal.json"), file("in.jsonl"), "--out", out],
  fit: (out) => ["fit", file("in.jsonl"), "--out", out],
  "assess --svg": (out) => ["assess", file("in.jsonl"), "--svg", out],
};

/** Exit 2 with `message` as the last line of stderr (a command may first report what it read). */
function expectRefused(r: CliResult, message: string, what = ""): void {
  expect(r.status, `${what} ${r.stderr}`).toBe(2);
  expect(r.stderr.split("\n").slice(-2), what).toEqual([`rmcal: ${message}`, ""]);
  expect(r.stderr, what).not.toMatch(STACK);
}

describe("--out writes only regular files, whatever the flags", () => {
  const made: [string, string, () => void][] = [
    ["dangling.jsonl", "a symbolic link", () => symlinkSync(file("nowhere.jsonl"), file("dangling.jsonl"))],
    ["link.jsonl", "a symbolic link", () => { writeFileSync(file("precious.txt"), "precious"); symlinkSync(file("precious.txt"), file("link.jsonl")); }],
    ["fifo.jsonl", "a FIFO (named pipe)", () => execFileSync("mkfifo", [file("fifo.jsonl")])],
    ["folder.jsonl", "a directory", () => mkdirSync(file("folder.jsonl"))],
    ["socket.jsonl", "a socket", () => {}],
  ];
  beforeAll(() => made.forEach(([, , make]) => make()));

  for (const [name, kind] of made) {
    it(`refuses ${kind} (${name}) with and without --force, for apply, fit and assess --svg, and leaves it as it was`, () => {
      const path = file(name);
      const before = lstatSync(path);
      for (const [command, args] of Object.entries(WRITERS)) {
        for (const force of [[], ["--force"]]) {
          const r = rmcal([...args(path), ...force]);
          expectRefused(r, `${path} is ${kind}; rmcal writes output only to regular files, --force or not`, `${command} ${force}`);
          const after = lstatSync(path);
          expect([after.ino, after.mode], `${command} ${force}`).toEqual([before.ino, before.mode]);
        }
      }
      if (name === "link.jsonl") {
        expect(readlinkSync(path)).toBe(file("precious.txt"));
        expect(readFileSync(file("precious.txt"), "utf8")).toBe("precious");
      }
      if (name === "dangling.jsonl") expect(readdirSync(dir)).not.toContain("nowhere.jsonl");
      expect(temporariesIn(dir)).toEqual([]);
    });
  }

  it("refuses a device node (/dev/null without --force; a device of its own with --force, where mknod is allowed)", () => {
    expectRefused(rmcal(WRITERS.apply("/dev/null")), "/dev/null is a character device; rmcal writes output only to regular files, --force or not");
    const device = file("null.jsonl");
    try {
      execFileSync("mknod", [device, "c", "1", "3"], { stdio: "ignore" });
    } catch {
      return; // Not allowed to make device nodes here: the check above covers the message.
    }
    expectRefused(rmcal([...WRITERS.apply(device), "--force"]), `${device} is a character device; rmcal writes output only to regular files, --force or not`);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it("refuses a hard link to the input, even with --force", () => {
    linkSync(file("in.jsonl"), file("hard.jsonl"));
    expectRefused(rmcal([...WRITERS.apply(file("hard.jsonl")), "--force"]), `${file("hard.jsonl")} is an input file; rmcal never overwrites its input`);
    expect(readFileSync(file("in.jsonl"), "utf8")).toBe(pairsText(ROWS));
  });

  it("with --force, replaces an existing regular file whole, keeping its permissions", () => {
    const out = file("replace.jsonl");
    writeFileSync(out, "old\n", { mode: 0o600 });
    const r = rmcal([...WRITERS.apply(out), "--force"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8").split("\n").filter(Boolean)).toHaveLength(ROWS);
    expect(lstatSync(out).mode & 0o777).toBe(0o600);
    expect(temporariesIn(dir)).toEqual([]);
  });
});

describe("two runs racing for one --out", () => {
  /** What apply writes for in.jsonl: its stdout is the same bytes as its --out file. */
  const expected = () => rmcal(["apply", file("cal.json"), file("in.jsonl")]).stdout;

  it("both past the existence check (inputs are FIFOs we feed in turn): the first to finish wins, the other exits 2", async () => {
    const sub = file("race-fifo");
    mkdirSync(sub);
    const out = join(sub, "out.jsonl");
    const inputs = ["a.jsonl", "b.jsonl"].map((n) => join(sub, n));
    for (const fifo of inputs) execFileSync("mkfifo", [fifo]);
    const runs = inputs.map((input) => rmcalAsync(["apply", file("cal.json"), input, "--out", out]));
    // Each run blocks reading its FIFO until we feed it. Once both temporaries exist, both runs have found --out free
    // (the check comes before the temporary), so only the publishing step can tell them apart.
    const writers = inputs.map((fifo) => createWriteStream(fifo));
    const deadline = Date.now() + 30_000;
    while (temporariesIn(sub).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(temporariesIn(sub)).toHaveLength(2);
    writers[0].end(pairsText(ROWS));
    const first = await runs[0];
    expect(first.status, first.stderr).toBe(0);
    writers[1].end(pairsText(ROWS));
    const second = await runs[1];
    expect(second.status, second.stderr).toBe(2);
    expect(second.stderr).toBe(`rmcal: ${out} already exists (it appeared while rmcal was writing); pass --force to replace it\n`);
    expect(readFileSync(out, "utf8")).toBe(expected());
    expect(temporariesIn(sub)).toEqual([]);
  });

  it("started together on one input: exactly one exits 0, the other exits 2 naming --out, the file is the winner's", async () => {
    const sub = file("race-free");
    mkdirSync(sub);
    const out = join(sub, "out.jsonl");
    const results = await Promise.all([0, 1].map(() => rmcalAsync(["apply", file("cal.json"), file("in.jsonl"), "--out", out])));
    expect(results.map((r) => r.status).sort(), results.map((r) => r.stderr).join("")).toEqual([0, 2]);
    const loser = results.find((r) => r.status === 2)!;
    expect(loser.stderr).toMatch(new RegExp(`^rmcal: ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} already exists`));
    expect(readFileSync(out, "utf8")).toBe(expected());
    expect(temporariesIn(sub)).toEqual([]);
  });

  it("with --force both may win; the file is still one run's complete output", async () => {
    const sub = file("race-force");
    mkdirSync(sub);
    const out = join(sub, "out.jsonl");
    const results = await Promise.all([0, 1].map(() => rmcalAsync(["apply", file("cal.json"), file("in.jsonl"), "--out", out, "--force"])));
    for (const r of results) expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(expected());
    expect(temporariesIn(sub)).toEqual([]);
  });
});

describe("a run killed with SIGKILL", () => {
  it("leaves a temporary named for rmcal and its process; the next run writing to the folder removes it", async () => {
    const sub = file("killed");
    mkdirSync(sub);
    writeFileSync(join(sub, "big.jsonl"), pairsText(300_000));
    const child = spawn(process.execPath, [BIN, "apply", file("cal.json"), join(sub, "big.jsonl"), "--out", join(sub, "out.jsonl")]);
    const deadline = Date.now() + 30_000;
    let temporary: string | undefined;
    while (Date.now() < deadline && temporary === undefined) {
      temporary = readdirSync(sub).find((f) => TEMPORARY.test(f) && lstatSync(join(sub, f)).size > 0);
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    expect(temporary).toMatch(new RegExp(`^\\.out\\.jsonl\\.rmcal-${child.pid}-[0-9a-f]{8}\\.tmp$`));
    expect(readdirSync(sub)).not.toContain("out.jsonl");
    expect(readdirSync(sub)).toContain(temporary);
    // A live process's temporary (this test's) and files that are not rmcal's stay.
    const live = `.other.jsonl.rmcal-${process.pid}-0123abcd.tmp`;
    writeFileSync(join(sub, live), "being written");
    writeFileSync(join(sub, ".editor.swp.tmp"), "not rmcal's");
    const r = rmcal(["fit", file("in.jsonl"), "--out", join(sub, "cal.json")]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(sub).sort()).toEqual([".editor.swp.tmp", live, "big.jsonl", "cal.json"]);
  });
});

describe("errors about --out name the user's path, never rmcal's temporary", () => {
  function expectNamed(r: CliResult, path: string, reason: RegExp): void {
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/rmcal-\d+|\.tmp\b/);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toMatch(new RegExp(`(^|\n)rmcal: cannot write ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
    expect(r.stderr).toMatch(reason);
  }

  it("a folder that does not exist, a path through a file, a folder we may not write (EACCES)", () => {
    for (const [command, args] of Object.entries(WRITERS)) {
      const missing = file(`missing-${command.length}/out.jsonl`);
      expectNamed(rmcal(args(missing)), missing, /its folder does not exist \(ENOENT\)/);
      const through = join(file("in.jsonl"), "out.jsonl");
      const r = rmcal(args(through));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/ENOTDIR|is an input file/);
      expect(r.stderr).not.toMatch(/rmcal-\d+/);
    }
    // /sys refuses new files even to root, so this runs where chmod-based checks cannot.
    let sysWritable = true;
    try {
      writeFileSync("/sys/.rmcal-probe", "");
    } catch (error) {
      sysWritable = (error as NodeJS.ErrnoException).code !== "EACCES";
    }
    if (!sysWritable) expectNamed(rmcal(WRITERS.apply("/sys/rmcal-out.jsonl")), "/sys/rmcal-out.jsonl", /permission denied \(EACCES\)/);
  });

  it("a write that fails midway (file size limit, as a full disk would): exit 2 naming --out, no output, no temporary", async () => {
    const sub = file("limited");
    mkdirSync(sub);
    writeFileSync(join(sub, "many.jsonl"), pairsText(MANY));
    for (const name of ["out.jsonl", "out.jsonl.gz"]) {
      const out = join(sub, name);
      // ulimit -f: writes past 64 KiB fail with EFBIG (Node ignores SIGXFSZ), like ENOSPC on a full disk.
      const r = await new Promise<CliResult>((resolve) => {
        const child = spawn("bash", ["-c", 'ulimit -f 64; exec "$0" "$@"', process.execPath, BIN, "apply", file("cal.json"), join(sub, "many.jsonl"), "--out", out]);
        let stderr = "";
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout: "", stderr }));
      });
      expectNamed(r, out, /EFBIG/);
      expect(readdirSync(sub)).not.toContain(name);
    }
    expect(temporariesIn(sub)).toEqual([]);
  });
});

describe("an input that is a directory is named as such", () => {
  beforeAll(() => mkdirSync(file("pairs-folder.jsonl")));
  const folder = () => file("pairs-folder.jsonl");
  // Commands that read pairs take a folder as a dataset of its data files (docs/DESIGN.md §12.3); one without any
  // is named as such. apply reads one file and names any folder.
  const noFile = "is a directory, not a file";
  const noData = "is a folder with no data files (.parquet, .jsonl, .csv, .tsv, optionally .gz)";
  const cases: [string, () => string[], () => string, string][] = [
    ["assess", () => ["assess", folder()], folder, noData],
    ["fit", () => ["fit", folder(), "--out", file("never.json")], folder, noData],
    ["apply FILE", () => ["apply", file("cal.json"), folder(), "--out", file("never.jsonl")], folder, noFile],
    ["apply CALIBRATOR", () => ["apply", folder(), file("in.jsonl"), "--out", file("never.jsonl")], folder, noFile],
    ["diagnose --deployment", () => ["diagnose", file("in.jsonl"), "--deployment", folder()], folder, noData],
  ];
  for (const [what, args, named, problem] of cases) {
    it(`${what}: exit 2, "FILE: ${problem}", no output`, () => {
      const r = rmcal(args());
      expectRefused(r, `${named()}: ${problem}`);
      expect(readdirSync(dir).filter((f) => f.startsWith("never"))).toEqual([]);
    });
  }
});

describe("the same guarantees through rmcal/node (AtomicFile, writeFileAtomic)", () => {
  it("two AtomicFiles for one path: the first commit wins, the second rejects with OutputError naming the path", async () => {
    const path = file("api-race.json");
    const [a, b] = [await AtomicFile.open(path), await AtomicFile.open(path)];
    await a.write("first\n");
    await b.write("second\n");
    await a.commit();
    const error = await b.commit().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).file).toBe(path);
    expect((error as OutputError).message).toBe(`${path} already exists (it appeared while rmcal was writing); pass --force to replace it`);
    await b.abort();
    expect(readFileSync(path, "utf8")).toBe("first\n");
    expect(temporariesIn(dir)).toEqual([]);
  });

  it("writeFileAtomic refuses a dangling symbolic link even with force, and creates nothing at its target", async () => {
    const path = file("api-dangling.json");
    symlinkSync(file("api-nowhere.json"), path);
    await expect(writeFileAtomic(path, "{}", { force: true })).rejects.toThrow(`${path} is a symbolic link`);
    expect(readdirSync(dir)).not.toContain("api-nowhere.json");
  });
});
