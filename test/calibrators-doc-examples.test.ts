// The @example lines of the calibrator, training and split functions' doc comments run, and give what they say
// (harness and rule for claimed digits: test/helpers/doc-examples.ts).
import { describeDocExamples } from "./helpers/doc-examples";

const files = [
  "lib/calibrators/fit-temperature.ts", "lib/calibrators/fit-platt.ts", "lib/calibrators/fit-isotonic.ts",
  "lib/calibrators/isotonic-regression.ts", "lib/calibrators/fit-isotonic-regression.ts", "lib/calibrators/load-calibrator.ts",
  "lib/training/bradley-terry-loss.ts", "lib/pairs/split-pairs.ts",
];

describeDocExamples(
  "doc comment examples (calibrators, training, splitPairs)", "there is one example per function", files, files.length,
);
