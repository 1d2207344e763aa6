// The package as a TypeScript user installs it (docs/DESIGN.md §4.4): one `npm pack` of the built dist/, checked by
// arethetypeswrong, then installed offline into a fresh project outside the repository, where tsc type-checks a
// small program against the installed declarations (skipLibCheck: false, so every shipped .d.ts is checked) under
// each resolver rmcal supports, and Node runs it from CommonJS with require(). The README's Install commands run
// there too (`npm install rmcal` is the offline install of the tarball; then `npx rmcal report` and `npx rmcal
// assess pairs.jsonl`). Nothing is fetched: rmcal has no dependencies, and @types/node is linked from this repository.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";

const run = promisify(execFile);
const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
const attw = join(repoRoot, "node_modules/@arethetypeswrong/cli/dist/index.js");

let dir: string;
let tarball: string;
let project: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmcal-consumer-"));
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: repoRoot });
  tarball = join(dir, JSON.parse(stdout)[0].filename);
  project = join(dir, "project");
  await mkdir(project);
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", tarball], { cwd: project });
  await mkdir(join(project, "node_modules/@types"), { recursive: true });
  await symlink(join(repoRoot, "node_modules/@types/node"), join(project, "node_modules/@types/node"), "dir");
  await Promise.all(Object.entries(SOURCES).map(([name, text]) => writeFile(join(project, name), text)));
  await Promise.all(Object.entries(CONFIGS).map(([name, options]) =>
    writeFile(join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...COMMON, ...options.compilerOptions }, files: options.files }))));
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Options every consumer project shares: strict, no emit, and every declaration file checked. */
const COMMON = { strict: true, noEmit: true, skipLibCheck: false, target: "es2022" };

/** Type-checks in Node and in a browser bundle: the default entry, errors, and a misuse that must not compile. */
const CORE_PROGRAM = `
import { init, assess, fitTemperature, isRmcalError, type Pairs, type InitOptions } from "rmcal";
await init();
const pairs: Pairs = { chosen: [2.1, 0.3, 1.5], rejected: [0.4, 0.9, 1.5] };
const ece: number = assess(pairs).ece;
const temperature: number = fitTemperature(pairs).temperature;
const options: InitOptions = {};
try { assess(pairs, { bins: 0 }); } catch (e) { if (isRmcalError(e)) console.log(e.code, ece, temperature, options); }
// @ts-expect-error a string is not pairs: this line fails to compile only when the declarations were found
assess("pairs");
`;

/** Node only: the rmcal/node entry too. */
const NODE_PROGRAM = `${CORE_PROGRAM}
import { readPairFile, tablePairs, parseLabelMap } from "rmcal/node";
const table = await readPairFile("pairs.csv", { fields: { scoreA: "a", scoreB: "b", label: "y" }, labelMap: parseLabelMap("1=1,2=0") });
assess(tablePairs(table));
`;

const SOURCES: Record<string, string> = {
  "browser.ts": `${CORE_PROGRAM}\nconst module: WebAssembly.Module = await WebAssembly.compile(new Uint8Array(8));\nawait init({ module });\n`,
  "node.ts": NODE_PROGRAM,
  "node.mts": NODE_PROGRAM,
  // require() of an ES module: TypeScript allows it under nodenext (Node ≥ 20.19 does it), not under node16.
  "required.cts": `import { assess } from "rmcal";\nexport const accuracy: number = assess({ margin: [1], label: [1] }).accuracy;\n`,
};

/** The resolvers rmcal supports, each in the setting its users have. Node projects have no DOM lib. */
const CONFIGS: Record<string, { compilerOptions: object; files: string[] }> = {
  "bundler-browser": { compilerOptions: { module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"], types: [] }, files: ["browser.ts"] },
  "bundler-node": { compilerOptions: { module: "esnext", moduleResolution: "bundler", lib: ["es2022"], types: ["node"] }, files: ["node.ts"] },
  node16: { compilerOptions: { module: "node16", moduleResolution: "node16", lib: ["es2022"], types: ["node"] }, files: ["node.mts"] },
  nodenext: { compilerOptions: { module: "nodenext", moduleResolution: "nodenext", lib: ["es2022"], types: ["node"] }, files: ["node.mts", "required.cts"] },
};

async function typeCheck(config: string): Promise<string> {
  try {
    await run(process.execPath, [tsc, "-p", `tsconfig.${config}.json`], { cwd: project });
    return "";
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

describe("the packed package", () => {
  it("arethetypeswrong finds no problem (rules in .attw.json: ESM-only, rmcal.wasm is an asset)", async () => {
    const { stdout } = await run(process.execPath, [attw, tarball, "--no-color", "--no-emoji"], { cwd: repoRoot })
      .catch((error: { stdout: string }) => ({ stdout: `attw failed:\n${error.stdout}` }));
    expect(stdout).toContain("No problems found");
  });

  it("installs offline into a fresh project with nothing but rmcal itself", async () => {
    const installed = (await readdir(join(project, "node_modules"))).filter((name) => !name.startsWith("."));
    expect(installed.sort()).toEqual(["@types", "rmcal"]);
  });

  // The checks start together, so they overlap on a machine with cores to spare; each test awaits its own.
  let checks: Map<string, Promise<string>> | undefined;
  it.each(Object.keys(CONFIGS))("type-checks a consumer program under %s with skipLibCheck: false", async (config) => {
    checks ??= new Map(Object.keys(CONFIGS).map((name) => [name, typeCheck(name)]));
    expect(await checks.get(config)).toBe("");
  }, 120_000);

  it("a CommonJS file require()s rmcal (Node ≥ 20.19) and computes", async () => {
    await writeFile(join(project, "main.cjs"), `
      const { init, assess } = require("rmcal");
      init().then(() => console.log(JSON.stringify(assess({ chosen: [2.1, 0.3, 1.5], rejected: [0.4, 0.9, 1.5] }).accuracy)));
    `);
    const { stdout, stderr } = await run(process.execPath, ["main.cjs"], { cwd: project });
    expect(stdout.trim()).toBe("0.5");
    expect(stderr).toBe("");
  });

  it("npx rmcal report and npx rmcal assess pairs.jsonl run the installed CLI (README: Install)", async () => {
    // --no: npx must find rmcal in the project, never fetch it.
    const npx = (args: string[]) => run("npx", ["--no", "--offline", ...args], { cwd: project, env: { ...process.env, NO_COLOR: "1" } });
    const report = await npx(["rmcal", "report"]);
    expect(report.stdout).toContain(`rmcal: wrote the report to ${join(project, "rmcal-report.html")}\n`);
    expect(await readFile(join(project, "rmcal-report.html"), "utf8")).toMatch(/^<!doctype html>/i);
    await writeFile(join(project, "pairs.jsonl"), '{"chosen": 2.1, "rejected": 0.4}\n{"chosen": 0.3, "rejected": 0.9}\n{"chosen": 1.5, "rejected": 1.5}\n');
    const assessed = await npx(["rmcal", "assess", "pairs.jsonl"]);
    expect(assessed.stdout).toMatch(/^n 3 {2}accuracy 0\.5000 /);
  }, 120_000);
});
