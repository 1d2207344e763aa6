// The @example lines of the assessment functions' doc comments run, and give what they say
// (harness and rule for claimed digits: test/helpers/doc-examples.ts).
import { describeDocExamples } from "../helpers/doc-examples";

const files = [
  "lib/metrics/assess.ts", "lib/uncertainty/wilson-interval.ts", "lib/metrics/expected-calibration-error.ts",
  "lib/metrics/binary-scores.ts", "lib/metrics/calibration-curve.ts",
];

describeDocExamples("doc comment examples", "there is one example per assessment function", files, 6);
