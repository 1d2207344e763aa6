// The published package: what `npm pack` would ship, publint's verdict on package.json, and which build a
// workerd bundler picks. Runs on the built dist/ (npm test builds first); packing skips lifecycle scripts.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";

const run = promisify(execFile);
let files: string[];
let tarball: ArrayBuffer;

// One real `npm pack` (to a temporary folder): its file list is checked here, and publint reads the same tarball.
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "rmcal-pack-"));
  try {
    const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: repoRoot });
    const [packed] = JSON.parse(stdout);
    files = (packed.files as { path: string }[]).map((f) => f.path).sort();
    const bytes = await readFile(join(dir, packed.filename));
    tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

describe("npm pack", () => {
  it("ships every build the exports map points to, with types and the .wasm next to the workerd build", async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8"));
    const root = pkg.exports["."];
    expect(Object.keys(root)[0]).toBe("types"); // TypeScript reads conditions in order: types must come first
    expect(Object.keys(root)).toEqual(["types", "workerd", "default"]);
    for (const target of [root.types, root.workerd, root.default, "./dist/rmcal.wasm"]) {
      expect(files).toContain(target.replace(/^\.\//, ""));
    }
    expect(files).toContain("dist/types/platform/entries/workerd.d.ts");
    expect(pkg.sideEffects).toBe(false);
  });

  it("ships the LLMBar example data with its attribution, the README, the design and the license", () => {
    expect(files).toEqual(expect.arrayContaining(["examples/data/llmbar_rating_pairs.csv", "examples/data/README.md", "README.md", "docs/DESIGN.md", "LICENSE"]));
  });

  it("ships no test data, sources or scripts; never the test-only RewardBench file", () => {
    const unwanted = files.filter((f) => /^(test|src|assembly|scripts|bench|build)\//.test(f) || /rewardbench|imdb/i.test(f));
    expect(unwanted).toEqual([]);
  });

  it("ships the web page that rmcal web serves, with the script of the Web Workers its worker starts", () => {
    expect(files).toEqual(expect.arrayContaining(["dist/web/index.html", "dist/web/main.js", "dist/web/worker.js", "dist/web/style.css", "dist/web/browser-pool-worker.js"]));
  });

  it("ships rmcal/browser with its types and, next to it, the script of its Web Workers (DESIGN §6.10)", async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8"));
    expect(pkg.exports["./browser"]).toEqual({ types: "./dist/types/platform/entries/browser.d.ts", default: "./dist/browser.js" });
    expect(files).toEqual(expect.arrayContaining(["dist/browser.js", "dist/browser-pool-worker.js", "dist/types/platform/entries/browser.d.ts"]));
  });
});

it("publint (strict) finds no error or warning in package.json", async () => {
  const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8"));
  const { messages } = await publint({ strict: true, pack: { tarball } }); // pkgDir: the tarball's own root
  const problems = messages.filter((m) => m.type !== "suggestion").map((m) => `${m.type}: ${formatMessage(m, pkg)}`);
  expect(problems).toEqual([]);
});

it("a workerd bundler (esbuild with wrangler's conditions) resolves `rmcal` to the workerd build", async () => {
  const result = await build({
    stdin: { contents: 'export { init } from "rmcal";', resolveDir: repoRoot, loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    external: ["*.wasm"],
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs).toContain("dist/rmcal.workerd.js");
  expect(inputs).not.toContain("dist/rmcal.js");
  expect(result.outputFiles[0].text).toContain('from "./rmcal.wasm"');
});
