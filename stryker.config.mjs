// Mutation testing of the metrics and calibrators (docs/mutation.md). Not part of `npm test` or CI: run
// `npm run mutation` (needs build/rmcal.wasm, so `npm run build:wasm` or `npm run build` first).
// The vitest runner uses vitest.mutation.config.ts, which points "rmcal" at src/ so the mutants are what runs.
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  coverageAnalysis: "perTest",
  // Static mutants (module-level constants, evaluated once at import) can only be tested by the whole suite, one
  // fresh run each: about 150 of them took two thirds of the run time. They are reported as "Ignored"; include them
  // with `npm run mutation -- --ignoreStatic false` (about an hour on two cores).
  ignoreStatic: true,
  mutate: ["src/lib/metrics/**/*.ts", "src/lib/calibrators/**/*.ts"],
  // The machine is shared; one or two test-runner processes are enough.
  concurrency: 2,
  // A mutant may turn a convergent loop (Newton, bisection, golden section) into an endless one; the limit is
  // timeoutFactor × the covering tests' time + timeoutMS. Each timeout also restarts a runner, so keep it short.
  timeoutMS: 4_000,
  timeoutFactor: 1.5,
  reporters: ["clear-text", "progress", "html", "json"],
  clearTextReporter: { logTests: false, reportTests: false, allowColor: false },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // The sandbox copy needs src/, test/ and build/rmcal.wasm (and dist/, which one hostile-JSON test reads as text).
  ignorePatterns: ["bench/results-*.json", "test-results"],
  // Only TypeScript that vite compiles; the AssemblyScript in assembly/ is not parseable as TypeScript.
  disableTypeChecks: "{src,test}/**/*.ts",
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
