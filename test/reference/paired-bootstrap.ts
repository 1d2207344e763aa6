// Reference paired bootstrap (docs/DESIGN.md §6.6): both sides drawn with the same BigInt SplitMix64 indices,
// each side's metric by a plain loop, Δ* = after* − before*, and numpy's linear quantile of the Δ*.
import { crossEntropyWithLogit } from "./logistic";
import { referencePairColumns } from "./pairs";
import { referenceResampleIndices } from "./splitmix64";

type AnyPairs = Parameters<typeof referencePairColumns>[0];

/** Weighted mean NLL of σ(d) against the labels over the pairs at `indices` (repeats counted). */
function nllAt(margin: number[], label: number[], weight: number[], indices: number[]): number {
  let sum = 0, total = 0;
  for (const i of indices) {
    sum += weight[i] * crossEntropyWithLogit(margin[i], label[i]);
    total += weight[i];
  }
  return sum / total;
}

/** Δ*_r = NLL(after on resample r) − NLL(before on resample r), r = 0 … resamples − 1, pairs drawn one by one. */
export function referencePairedNllDeltas(before: AnyPairs, after: AnyPairs, seed: number, resamples: number): number[] {
  const b = referencePairColumns(before), a = referencePairColumns(after);
  return Array.from({ length: resamples }, (_, r) => {
    const indices = referenceResampleIndices(b.margin.length, seed, r);
    return nllAt(a.margin, a.label, a.weight, indices) - nllAt(b.margin, b.label, b.weight, indices);
  });
}

/** numpy.quantile(values, q) with the default "linear" method. */
export function referenceLinearQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}
