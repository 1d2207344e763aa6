// Reference `assess` (docs/DESIGN.md §2 and §3): pairs → views → bins → metrics, in plain JavaScript.
import { crossEntropyWithLogit, sigmoid } from "./logistic";
import { agreement, referencePairColumns, viewPair, type ReferenceView } from "./pairs";
import { distinctEdges, linspaceEdges, percentileEdges } from "./bins";
import { binSums, calibrationErrors, reliabilityBins, type ReferenceBin } from "./calibration";

export interface ReferenceAssessOptions {
  bins?: number;
  binning?: "uniform" | "quantile";
  view?: ReferenceView;
  temperature?: number;
  /** Explicit bin edges e_0 … e_B, in place of those `bins` and `binning` choose. */
  edges?: readonly number[];
}

export interface ReferenceAssessment {
  n: number;
  weight: number;
  view: ReferenceView;
  accuracy: number;
  nll: number;
  brier: number;
  ece: number;
  rmsce: number;
  mce: number;
  rmsceDebiased: number;
  bins: ReferenceBin[];
}

/**
 * Calibration of pairs. Quantile edges are the unweighted numpy percentiles of the binned values of the pairs
 * that carry weight (a zero-weight pair changes nothing), with duplicate edges removed.
 */
export function referenceAssess(pairs: Parameters<typeof referencePairColumns>[0], options: ReferenceAssessOptions = {}): ReferenceAssessment {
  const { bins: nBins = 15, binning = "uniform", view = "folded", temperature = 1 } = options;
  const { margin, label, weight } = referencePairColumns(pairs);
  const viewed = margin.map((d, i) => viewPair(d, label[i], temperature, view));
  const values = viewed.map((p) => p.value);
  const edges = options.edges !== undefined ? [...options.edges] : binning === "uniform"
    ? linspaceEdges(view === "folded" ? 0.5 : 0, nBins)
    : distinctEdges(percentileEdges(values.filter((_, i) => weight[i] !== 0), nBins));
  const sums = binSums(values, viewed.map((p) => p.outcome), weight, edges);
  let total = 0, correct = 0, nll = 0, brier = 0, n = 0;
  margin.forEach((d, i) => {
    const w = weight[i], y = label[i];
    const z = d / temperature;
    total += w;
    correct += w * agreement(d, y);
    nll += w * crossEntropyWithLogit(z, y);
    brier += w * (sigmoid(z) - y) ** 2;
    if (w !== 0) n += 1;
  });
  return {
    n, weight: total, view,
    accuracy: correct / total, nll: nll / total, brier: brier / total,
    ...calibrationErrors(sums),
    bins: reliabilityBins(sums, edges),
  };
}
