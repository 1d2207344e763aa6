// The @example lines of the estimator and diagnostics functions' doc comments run, and give what they say
// (harness and rule for claimed digits: test/helpers/doc-examples.ts).
import { describeDocExamples } from "./helpers/doc-examples";

const files = [
  "estimators/bootstrap-calibration.ts", "estimators/smooth-ece.ts", "diagnostics/diagnose.ts", "diagnostics/coverage.ts",
  "diagnostics/distribution-shift.ts", "metrics/clopper-pearson-interval.ts", "metrics/beta-distribution.ts",
];

describeDocExamples("estimator and diagnostics doc comment examples", "there is one example per public function", files, 9);
