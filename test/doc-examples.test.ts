// The @example lines of the assessment functions' doc comments run, and give what they say
// (harness and rule for claimed digits: test/helpers/doc-examples.ts).
import { describeDocExamples } from "./helpers/doc-examples";

const files = [
  "metrics/assess.ts", "metrics/wilson-interval.ts", "metrics/expected-calibration-error.ts",
  "metrics/binary-scores.ts", "metrics/calibration-curve.ts",
];

describeDocExamples("doc comment examples", "there is one example per assessment function", files, 6);
