// The @example lines of the estimator and diagnostics functions' doc comments run, and give what they say
// (harness and rule for claimed digits: test/helpers/doc-examples.ts).
import { describeDocExamples } from "./helpers/doc-examples";

const files = [
  "lib/uncertainty/bootstrap-calibration.ts", "lib/metrics/smooth-ece.ts", "lib/diagnostics/diagnose.ts", "lib/diagnostics/coverage.ts",
  "lib/diagnostics/distribution-shift.ts", "lib/uncertainty/clopper-pearson-interval.ts", "lib/uncertainty/beta-distribution.ts",
];

describeDocExamples("estimator and diagnostics doc comment examples", "there is one example per public function", files, 9);
