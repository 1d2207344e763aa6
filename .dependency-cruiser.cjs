// rmcal's architecture on one page (docs/DESIGN.md §9, "Layers"). `npm test` checks every import in src/ against it.
//
//   src/app       the CLI (cli/), the HTML report (report/) and the web page (web/): programs for people
//      ↓
//   src/platform  how rmcal reaches a host: the entries that load the WebAssembly module (entries/), the
//                 isomorphic row readers (io/) and Node's files, streams and atomic output (node/)
//      ↓
//   src/lib       the library, environment-neutral, one folder per concept: pairs, validation, metrics,
//                 uncertainty, diagnostics, calibrators, training, plot, sort; lib/index.ts is the public API
//      ↓
//   src/core      the WebAssembly instance, its memory and typed bindings of the kernels (assembly/), with the
//                 types and errors they need
//
// Imports point down only, never in a cycle. Programs are clients: app/ reaches the layers below through their
// doors (lib/index.ts, the public API; lib/programs.ts and platform/io/programs.ts, what the programs need beyond
// it; the entries; platform/io/index.ts and platform/node/index.ts, the public readers and file I/O), never
// through a module deep inside them and never into core. Only platform/node and app may use Node's built-in modules, and
// the library ships no runtime dependency: everything under core/ and lib/ is plain TypeScript over the kernels.

const layer = (name) => `^src/${name}/`;

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "A cycle makes two modules one; split the shared part out, into the lower of the two.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "core-is-the-floor",
      comment: "core binds the kernels and imports nothing above it; the types it needs live in it.",
      severity: "error",
      from: { path: layer("core") },
      to: { path: "^src/(lib|platform|app)/" },
    },
    {
      name: "lib-below-platform",
      comment: "The library does not know how it is loaded or where files live.",
      severity: "error",
      from: { path: layer("lib") },
      to: { path: "^src/(platform|app)/" },
    },
    {
      name: "platform-below-app",
      comment: "Entries, readers and file I/O serve every program; none of them depends on one.",
      severity: "error",
      from: { path: layer("platform") },
      to: { path: layer("app") },
    },
    {
      name: "programs-use-the-doors",
      comment: "The CLI, report and web page use the library as its users do, plus the two programs-only doors.",
      severity: "error",
      from: { path: layer("app") },
      to: {
        path: "^src/(core|lib|platform)/",
        pathNot: "^src/(lib/index|lib/programs|platform/entries/default|platform/entries/browser|platform/io/index|platform/io/programs|platform/node/index)\\.ts$",
      },
    },
    {
      name: "neutral-below-node",
      comment: "core, lib, the entries and the readers run in browsers, Deno, Bun and workerd: no node: modules.",
      severity: "error",
      from: { path: "^src/(core|lib|platform/entries|platform/io|platform/parallel|platform/browser)/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "library-without-runtime-dependencies",
      comment: "The library is self-contained; packages from npm belong to the platform and the programs.",
      severity: "error",
      from: { path: "^src/(core|lib)/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "no-unresolvable",
      comment: "Every import resolves (the WebAssembly module of the workerd entry is resolved at bundle time).",
      severity: "error",
      from: { path: "^src/" },
      to: { couldNotResolve: true, pathNot: "\\.wasm$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)build/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
