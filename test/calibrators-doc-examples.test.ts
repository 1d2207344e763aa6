// The @example lines of the calibrator, training and split functions' doc comments run, and give what they say
// (harness and rule for claimed digits: test/helpers/doc-examples.ts).
import { describeDocExamples } from "./helpers/doc-examples";

const files = [
  "calibrators/fit-temperature.ts", "calibrators/fit-platt.ts", "calibrators/fit-isotonic.ts",
  "calibrators/isotonic-regression.ts", "calibrators/fit-isotonic-regression.ts", "calibrators/load-calibrator.ts",
  "training/bradley-terry-loss.ts", "pairs/split-pairs.ts",
];

describeDocExamples(
  "doc comment examples (calibrators, training, splitPairs)", "there is one example per function", files, files.length,
);
