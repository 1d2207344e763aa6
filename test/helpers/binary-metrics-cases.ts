// The scikit-learn / numpy reference cases for the scikit-learn-shaped helpers. The expected values were produced
// by scripts/reference/binary_metrics.py (numpy 1.24, scikit-learn 1.2.1; run:
// /usr/bin/python3 scripts/reference/binary_metrics.py) and are committed in test/reference-values/binary_metrics.json
// together with the inputs, so the tests that read them need no Python.
import { readFileSync } from "node:fs";

export interface BinaryMetricsCase {
  name: string;
  nBins: number;
  strategy: "uniform" | "quantile";
  yTrue: number[];
  yProb: number[];
  sampleWeight: number[];
  calibrationCurve: { probTrue: number[]; probPred: number[]; counts: number[] };
  quantileEdgesDuplicate: boolean;
  ece: Record<"l1" | "l2" | "max", number>;
  eceWeighted: Record<"l1" | "l2" | "max", number>;
  brier: number;
  brierWeighted: number;
  logLoss: number;
  logLossWeighted: number;
}

export const binaryMetricsCases = (
  JSON.parse(readFileSync(new URL("../reference-values/binary_metrics.json", import.meta.url), "utf8")) as { cases: BinaryMetricsCase[] }
).cases;
