// The built package is what docs/DESIGN.md §4.1 says: one self-contained ESM file with the WebAssembly inlined, no
// node: imports in the core, and the AssemblyScript settings that keep results identical across builds.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("package layout", () => {
  it("dist/rmcal.js imports nothing (WASM bytes inlined, no node: modules)", () => {
    const bundle = read("dist/rmcal.js");
    expect(bundle).not.toMatch(/^\s*import\s/m);
    expect(bundle).not.toMatch(/\bimport\s*\(|\brequire\s*\(/);
    expect(bundle).not.toContain("node:");
  });

  it("dist/browser.js and the script of its Web Workers import nothing; the workers' script carries no WebAssembly bytes", () => {
    for (const path of ["dist/browser.js", "dist/browser-pool-worker.js"]) {
      const bundle = read(path);
      expect(bundle, path).not.toMatch(/^\s*import\s/m);
      expect(bundle, path).not.toMatch(/\bimport\s*\(|\brequire\s*\(/);
      expect(bundle, path).not.toContain("node:");
    }
    // It instantiates the module its pool posts it (DESIGN §6.10), so it is far smaller than a bundle with the bytes.
    expect(read("dist/browser-pool-worker.js").length).toBeLessThan(read("dist/rmcal.js").length / 4);
    expect(read("dist/browser.js")).toContain('new URL("./browser-pool-worker.js", import.meta.url)');
  });

  it('package.json exports "." with types, and the types file exists', () => {
    const pkg = JSON.parse(read("package.json"));
    expect(pkg.name).toBe("rmcal");
    expect(pkg.type).toBe("module");
    expect(pkg.exports["."].default).toBe("./dist/rmcal.js");
    expect(existsSync(new URL(`../../${pkg.exports["."].types}`, import.meta.url))).toBe(true);
    expect(pkg.scripts.prepare).toMatch(/build/);
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
  });

  it("package.json names the repository, its homepage and its issues: the repository the README links", () => {
    const pkg = JSON.parse(read("package.json"));
    const linked = /\[the repository\]\((https:\/\/github\.com\/[\w-]+\/[\w-]+)\)/.exec(read("README.md"));
    expect(linked).not.toBeNull();
    const repository = linked![1];
    expect(pkg.repository).toEqual({ type: "git", url: `git+${repository}.git` });
    expect(pkg.homepage).toBe(`${repository}#readme`);
    expect(pkg.bugs).toEqual({ url: `${repository}/issues` });
  });

  it("asconfig.json: minimal runtime, raw bindings, SIMD, shrinkLevel 0 in every target", () => {
    const config = JSON.parse(read("asconfig.json"));
    expect(config.options).toMatchObject({ runtime: "minimal", bindings: "raw" });
    expect(config.options.enable).toContain("simd");
    for (const target of Object.values(config.targets) as { shrinkLevel?: number }[]) expect(target.shrinkLevel).toBe(0);
  });
});

describe("a quiet install (docs/DESIGN.md §4.5)", () => {
  it("allowScripts names exactly the installed packages that have install scripts, so npm 11 has nothing to ask", () => {
    const withScripts = new Set<string>();
    const visit = (folder: string): void => {
      if (!existsSync(folder)) return;
      for (const entry of readdirSync(folder)) {
        if (entry.startsWith(".")) continue;
        if (entry.startsWith("@")) {
          for (const scoped of readdirSync(join(folder, entry))) visitPackage(join(folder, entry, scoped));
        } else {
          visitPackage(join(folder, entry));
        }
      }
    };
    const visitPackage = (dir: string): void => {
      const manifest = join(dir, "package.json");
      if (!existsSync(manifest)) return;
      const pkg = JSON.parse(readFileSync(manifest, "utf8"));
      if (["preinstall", "install", "postinstall"].some((s) => pkg.scripts?.[s])) withScripts.add(pkg.name);
      visit(join(dir, "node_modules"));
    };
    visit(join(repoRoot, "node_modules"));
    const pkg = JSON.parse(read("package.json"));
    expect(Object.entries(pkg.allowScripts).filter(([, allowed]) => allowed === true).map(([name]) => name).sort())
      .toEqual([...withScripts].sort());
  });
});
