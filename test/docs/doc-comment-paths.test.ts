// Doc comments are what the API reference (npm run docs) and editors show, so a file they cite must exist: a path
// with a file extension, or one that starts with a top-level folder of this repository, is looked up relative to
// the citing file, to the repository root, to src/, and inside the installed packages (AssemblyScript's
// std/assembly/...). Source trees of other projects (musl, numpy) are named as such and not looked up.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";

const SCANNED = ["src", "assembly"];
const REPO_FOLDERS = ["src", "test", "assembly", "scripts", "bench", "docs", "examples", "dist", "bin"];
const EXTENSIONS = /\.(ts|mts|cts|mjs|cjs|js|json|jsonl|md|py|csv|tsv|capnp|html|css|c|wasm)$/;
/** Other projects' source trees, cited by their own paths. */
const EXTERNAL = ["musl/", "numpy/"];

const PATH = /(?<![\w./@-])(?:\.{1,2}\/)?(?:[\w@.-]+\/)+[\w.-]*/g;

/** Every path-like token of every doc comment in the scanned folders, with the file that cites it. */
function citations(): { file: string; path: string }[] {
  const found: { file: string; path: string }[] = [];
  for (const folder of SCANNED) {
    for (const name of readdirSync(join(repoRoot, folder), { recursive: true })) {
      const file = join(folder, String(name));
      if (!/\.(ts|mjs|js)$/.test(file)) continue;
      const text = readFileSync(join(repoRoot, file), "utf8");
      for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
        for (const match of comment[0].matchAll(PATH)) {
          const path = match[0].replace(/[.,;:]+$/, "");
          const relative = path.startsWith("./") || path.startsWith("../");
          if (!relative && !EXTENSIONS.test(path) && !REPO_FOLDERS.includes(path.split("/")[0])) continue;
          if (EXTERNAL.some((prefix) => path.startsWith(prefix))) continue;
          found.push({ file, path });
        }
      }
    }
  }
  return found;
}

const packages = readdirSync(join(repoRoot, "node_modules")).filter((name) => !name.startsWith("."));

function exists(file: string, path: string): boolean {
  const bases = [join(repoRoot, dirname(file)), repoRoot, join(repoRoot, "src"), ...packages.map((p) => join(repoRoot, "node_modules", p))];
  return bases.some((base) => existsSync(join(base, path)));
}

describe("doc comments", () => {
  const cited = citations();

  it("cite files (the scan finds the citations it should)", () => {
    expect(cited.map((c) => c.path)).toEqual(expect.arrayContaining(["assembly/binning.ts", "docs/DESIGN.md", "std/assembly/rt/common.ts"]));
  });

  it("cite only files that exist", () => {
    expect(cited.filter((c) => !exists(c.file, c.path)).map((c) => `${c.file}: ${c.path}`)).toEqual([]);
  });
});
