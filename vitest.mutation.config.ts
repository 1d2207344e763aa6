// Used only by `npm run mutation` (stryker.config.mjs; docs/mutation.md). The normal tests import the built bundle
// (dist/rmcal.js) through the package self-reference, which Stryker's mutants in src/ would never reach; here
// "rmcal" is aliased to test/helpers/source-entry.ts, so vite compiles src/ directly. Only suites that call the
// library in this process are included: no CLI processes, browsers, other runtimes, package checks or
// process-spawning fuzzing.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [{ find: /^rmcal$/, replacement: fileURLToPath(new URL("./test/helpers/source-entry.ts", import.meta.url)) }],
  },
  test: {
    include: [
      "test/lib/**/*.test.ts",
      "test/properties/*.test.ts",
      "test/datasets/*.test.ts",
      "test/golden/golden-node.test.ts",
      "test/core/isotonic-record-sort.test.ts",
      "test/core/kernel-speedups.test.ts",
      "test/core/range-check-in-kernel.test.ts",
      "test/core/calibration-errors.test.ts",
      "test/robustness/load-calibrator-hostile.test.ts",
    ],
    // Lets the one in-file CLI comparison (test/datasets/rewardbench.test.ts) skip itself here.
    env: { RMCAL_MUTATION: "1" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
