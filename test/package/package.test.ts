// The built package is what docs/DESIGN.md §4.1 says: one self-contained ESM file with the WebAssembly inlined, no
// node: imports in the core, and the AssemblyScript settings that keep results identical across builds.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("package layout", () => {
  it("dist/rmcal.js imports nothing (WASM bytes inlined, no node: modules)", () => {
    const bundle = read("dist/rmcal.js");
    expect(bundle).not.toMatch(/^\s*import\s/m);
    expect(bundle).not.toMatch(/\bimport\s*\(|\brequire\s*\(/);
    expect(bundle).not.toContain("node:");
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

  it("asconfig.json: minimal runtime, raw bindings, SIMD, shrinkLevel 0 in every target", () => {
    const config = JSON.parse(read("asconfig.json"));
    expect(config.options).toMatchObject({ runtime: "minimal", bindings: "raw" });
    expect(config.options.enable).toContain("simd");
    for (const target of Object.values(config.targets) as { shrinkLevel?: number }[]) expect(target.shrinkLevel).toBe(0);
  });
});
