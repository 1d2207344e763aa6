import type { Assessment, BestOfNAssessment, PromptInterval, ReliabilityBin } from "../../lib/index";
// The compact text form of an assessment: one metrics line and one row per non-empty bin.

const f4 = (x: number | null): string => (x === null ? "—" : x.toFixed(4));

/** Metrics on one line: n, accuracy, NLL, Brier, ECE, MCE. */
export function metricsLine(a: Assessment): string {
  return `n ${a.n}  accuracy ${f4(a.accuracy)}  NLL ${f4(a.nll)}  Brier ${f4(a.brier)}  ECE ${f4(a.ece)}  MCE ${f4(a.mce)}`;
}

/**
 * The assessment as a small text table: metrics, then the reliability bins (empty bins left out).
 * @example console.log(assessmentTable(assess(pairs)))
 */
export function assessmentTable(a: Assessment): string {
  return [metricsLine(a), `view ${a.view}, ${a.bins.length} ${a.binning} bins, temperature ${a.temperature}`, ...binTable(a.bins)].join("\n");
}

/** "0.7869 [0.7410, 0.8287]": a value with its prompt-resampled interval when there is one. */
function withInterval(x: number, interval: PromptInterval | undefined): string {
  return interval ? `${f4(x)} [${f4(interval.low)}, ${f4(interval.high)}]` : f4(x);
}

/** Top-1 metrics of K-wise choices on one line, with their intervals (docs/DESIGN.md §5.12). */
export function bestOfNLine(a: BestOfNAssessment): string {
  const i = a.intervals ?? undefined;
  return `n ${a.n} prompts  top-1 accuracy ${withInterval(a.accuracy, i?.accuracy)} (chance ${f4(a.chance)})  NLL ${withInterval(a.nll, i?.nll)}  ECE ${withInterval(a.ece, i?.ece)}  MCE ${f4(a.mce)}`;
}

/** The assessment of K-wise choices as a small text table: metrics, what was assessed, the top-1 reliability bins. */
export function bestOfNTable(a: BestOfNAssessment): string {
  const k = a.minK === a.maxK ? `K = ${a.minK}` : `K ${a.minK}–${a.maxK}`;
  const model = a.model === "plackett-luce" ? "rankings (Plackett–Luce NLL)" : "best-of-N (softmax NLL)";
  const intervals = a.intervals ? `; [${a.confidence * 100}% intervals from ${a.resamples} resamples of prompts]` : "";
  return [bestOfNLine(a), `${model}, ${a.responses} responses, ${k}; top-1 probability max softmax(r/T) in ${a.bins.length} ${a.binning} bins, temperature ${a.temperature}${intervals}`, ...binTable(a.bins)].join("\n");
}

/** The non-empty bins as aligned rows under a header. */
function binTable(bins: ReliabilityBin[]): string[] {
  const header = ["bin", "count", "mean p", "observed", "gap", "95% interval"];
  const rows = bins.filter((b) => b.count > 0).map((b) => [
    `${b.lower.toFixed(3)}–${b.upper.toFixed(3)}`, String(b.count), f4(b.meanPredicted), f4(b.observed), f4(b.gap),
    b.low === null || b.high === null ? "—" : `[${b.low.toFixed(3)}, ${b.high.toFixed(3)}]`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (r: string[]) => "  " + r.map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd();
  return [format(header), ...rows.map(format)];
}

