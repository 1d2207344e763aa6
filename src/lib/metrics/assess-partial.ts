// Assessments of sharded data (docs/DESIGN.md §3.8): each shard's pass leaves its sums as a partial, partials merge
// by exact addition, and the merged sums give the assessment. The map step runs anywhere (one process per shard);
// the reduce step is mergePartials, whose result does not depend on the order or grouping of the partials.
import { RmcalRangeError } from "../../core/errors";
import { accumulatePairSums } from "../../core/binning";
import { scaleWeights } from "../../core/weight-scale";
import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { choiceOption, integerOption, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { assessmentOfSums, MAX_BINS, type Assessment, type AssessOptions } from "./assess";
import { layoutEdges, uniformLayout } from "./bin-edges";
import { addExact, exactOfFloat, roundExact, timesPowerOfTwoExact, type ExactSum } from "./exact-sum";
import { MAX_SKETCH_BINS, partialJson, readPartial, SETTING_FIELDS, type ExactPartial, type PartialJson, type PartialSettings } from "./partial-json";
import { sketchQuantileBins } from "./quantile-sketch";
import { withSortedPairConfidences } from "../../core/order-statistics";

/** The options a partial is made with; every partial of one merge must share them. */
export interface AssessPartialOptions extends Pick<AssessOptions, "view" | "temperature"> {
  /** Number of bins (default 15); sweep bins are not available over shards. */
  bins?: number;
  /** "uniform" (default): exact. "quantile": edges from a fine histogram, within one fine bin of numpy's (docs/DESIGN.md §3.8). */
  binning?: "uniform" | "quantile";
  /** Quantile bins: the fine uniform bins each shard keeps (default 1024); a merged edge lies within (1 − low)/sketchBins of numpy's. */
  sketchBins?: number;
}
/** What is chosen only when the merged sums become an assessment. */
export type AssessFromPartialOptions = Pick<AssessOptions, "interval" | "mceMinCount">;

const PARTIAL_OPTION_KEYS = optionKeys<AssessPartialOptions>()(["bins", "binning", "view", "temperature", "sketchBins"]);
const DEFAULT_SKETCH_BINS = 1024;
const FROM_PARTIAL_OPTION_KEYS = optionKeys<AssessFromPartialOptions>()(["interval", "mceMinCount"]);

/**
 * The partial assessment of one shard of pairs: its per-bin and total sums, exactly as `assess` computes them, in a
 * small JSON object that `mergePartials` adds to the partials of other shards. Quantile bins keep their sums in
 * `sketchBins` fine uniform bins, and the merged edges lie within one fine bin of numpy's; smooth ECE needs every
 * pair and is not carried (docs/DESIGN.md §3.8). O(n + bins) (quantile bins: O(n + sketchBins)).
 * @param pairs any shape `assess` takes
 * @param options bins, binning, view, temperature as in `assess`; sketchBins for quantile bins (default 1024)
 * @returns the partial, a JSON-ready object ({ format: "rmcal.partial", version: 1, … })
 * @throws {TypeError|RangeError} as `assess`, and code "invalid-option" for sweep bins
 * @example assessPartial({ chosen: [2.1, 0.3], rejected: [0.4, 0.9] }).n // => 2
 */
export function assessPartial(pairs: Pairs, options?: AssessPartialOptions): PartialJson {
  partialSettings(options); // options are checked before the pairs, as in assess
  return partialOfColumns(toPairColumns(pairs), options);
}

/** `assessPartial` on pairs already validated by toPairColumns (for the CLI's large files: no copy). */
export function partialOfColumns(columns: PairColumns, options?: AssessPartialOptions): PartialJson {
  const { bins, binning, view, temperature, sketchBins } = partialSettings(options);
  const scaled = scaleWeights(columns.weight);
  const folded = view === "folded";
  const fine = sketchBins ?? bins;
  const sums = accumulatePairSums(columns.margin, columns.label, scaled.weights, temperature, folded, uniformLayout(fine, folded ? 0.5 : 0));
  // The outer quantile edges are the values' min and max (assess's rule), over pairs of non-zero weight; exact, and
  // they merge by min and max.
  const range: [number, number] | null = sketchBins === null ? null
    : withSortedPairConfidences(columns.margin, columns.weight, temperature, folded, (sorted) => [sorted[0], sorted[sorted.length - 1]]);
  // Stored in the caller's units (times 2^exponent, exact), so partials of differently scaled shards add up.
  const inUnits = (x: number): ExactSum => timesPowerOfTwoExact(exactOfFloat(x), scaled.exponent);
  const bins5 = Array.from(sums.bins, (x, i) => (i % 5 === 0 ? exactOfFloat(x) : inUnits(x)));
  // Σw² carries the scale twice.
  for (let b = 0; b < fine; b++) bins5[b * 5 + 4] = timesPowerOfTwoExact(bins5[b * 5 + 4], scaled.exponent);
  const totals = Array.from(sums.totals.subarray(0, 4), inUnits);
  return partialJson({ bins, binning, view, temperature, sketchBins, range, weightExponent: scaled.exponent, n: sums.totals[4], bins5, totals });
}

/**
 * Merges partial assessments of disjoint shards into the partial of their union, by exact addition: the result is
 * the same, bit for bit, whatever the order or grouping of the partials (merge(merge(a, b), c) equals
 * merge(a, merge(b, c)) and merge(c, a, b)). O(partials · bins).
 * @param partials partials made with the same bins, binning, view and temperature (objects or JSON text)
 * @returns the merged partial
 * @throws {TypeError|RangeError} code "invalid-argument" naming the first bad field, or the setting two partials
 * disagree on; "empty-input" for no partials
 * @example mergePartials([assessPartial({ margin: [1], label: [1] }), assessPartial({ margin: [-2], label: [1] })]).n // => 2
 */
export function mergePartials(partials: readonly unknown[]): PartialJson {
  if (!Array.isArray(partials)) throw new RmcalRangeError("invalid-argument", "partials must be an array of partial assessments", { argument: "partials" });
  if (partials.length === 0) throw new RmcalRangeError("empty-input", "partials is empty; merging needs at least one partial", { argument: "partials" });
  const read = partials.map((p, i) => readPartial(p, `partials[${i}]`));
  const first = read[0];
  for (let i = 1; i < read.length; i++) {
    for (const field of SETTING_FIELDS) {
      if (read[i][field] !== first[field]) {
        throw new RmcalRangeError("invalid-argument",
          `partials[${i}].${field} is ${JSON.stringify(read[i][field])} but partials[0].${field} is ${JSON.stringify(first[field])}; partials made with different ${field} cannot be merged (make them again with the same options)`,
          { argument: `partials[${i}].${field}` });
      }
    }
  }
  const range: [number, number] | null = first.range === null ? null
    : [read.reduce((m, p) => Math.min(m, p.range![0]), Infinity), read.reduce((m, p) => Math.max(m, p.range![1]), -Infinity)];
  const merged: ExactPartial = { ...first, range, weightExponent: read.reduce((e, p) => Math.max(e, p.weightExponent), -Infinity), bins5: [...first.bins5], totals: [...first.totals] };
  for (const p of read.slice(1)) {
    merged.n += p.n;
    if (merged.n > Number.MAX_SAFE_INTEGER) throw new RmcalRangeError("capacity", `the merged partials hold more than ${Number.MAX_SAFE_INTEGER} pairs, beyond exact counting`, { argument: "partials" });
    for (let j = 0; j < merged.bins5.length; j++) merged.bins5[j] = addExact(merged.bins5[j], p.bins5[j]);
    for (let j = 0; j < 4; j++) merged.totals[j] = addExact(merged.totals[j], p.totals[j]);
  }
  return partialJson(merged);
}

/**
 * The assessment of a (merged) partial: the same result `assess` gives, in the same shape. Each sum is rounded
 * once from its exact value; for one partial of all the pairs the result equals `assess` bit for bit, and for
 * merged shards it differs from `assess` on the whole only in the rounding of its sums (docs/DESIGN.md §3.8 says
 * which fields are bit-identical). O(bins).
 * @param partial a partial from assessPartial or mergePartials (object or JSON text)
 * @param options interval and mceMinCount, as in `assess`
 * @throws {TypeError|RangeError} code "invalid-argument" naming the first bad field of the partial
 * @example assessFromPartial(assessPartial({ chosen: [2.1, 0.3, 1.5], rejected: [0.4, 0.9, 1.5] })).accuracy // => 0.5
 */
export function assessFromPartial(partial: unknown, options?: AssessFromPartialOptions): Assessment {
  const o = optionsObject(options, FROM_PARTIAL_OPTION_KEYS);
  const interval = choiceOption(o.interval ?? "wilson", "options.interval", ["wilson", "clopper-pearson"] as const);
  const mceMinCount = integerOption(o.mceMinCount ?? 1, "options.mceMinCount", 1, Number.MAX_SAFE_INTEGER);
  const p = readPartial(partial, "partial");
  // Back to the kernel's scale: the weights' largest power of two, as one pass over all the pairs would choose it.
  const scaled = (x: ExactSum, twice: boolean) => roundExact(x, twice ? -2 * p.weightExponent : -p.weightExponent);
  const low = p.view === "folded" ? 0.5 : 0;
  const fine = layoutEdges(uniformLayout(p.sketchBins ?? p.bins, low));
  let sums5 = p.bins5, edges = fine;
  if (p.sketchBins !== null) {
    const sketch = sketchQuantileBins(Array.from({ length: p.sketchBins }, (_, f) => roundExact(p.bins5[f * 5])), fine, p.range!, p.bins);
    edges = sketch.edges;
    sums5 = sketch.first.slice(1).flatMap((end, i) => {
      const bin: ExactSum[] = p.bins5.slice(sketch.first[i] * 5, sketch.first[i] * 5 + 5);
      for (let f = sketch.first[i] + 1; f < end; f++) for (let j = 0; j < 5; j++) bin[j] = addExact(bin[j], p.bins5[f * 5 + j]);
      return bin;
    });
  }
  const bins = Float64Array.from(sums5, (x, i) => (i % 5 === 0 ? roundExact(x) : scaled(x, i % 5 === 4)));
  const totals = Float64Array.of(...p.totals.map((x) => scaled(x, false)), p.n);
  return assessmentOfSums({ bins, totals }, p.weightExponent, edges, { view: p.view, binning: p.binning, temperature: p.temperature, interval, mceMinCount });
}

/** The settings of a partial, checked as assessPartial checks them. */
export function partialSettings(options: AssessPartialOptions | undefined): PartialSettings {
  const o = optionsObject(options, PARTIAL_OPTION_KEYS);
  if ((o.bins as unknown) === "sweep") {
    throw new RmcalRangeError("invalid-option",
      "options.bins: partials cannot hold sweep bins; the sweep refits equal-count bins of every size to all the values. Use a number of bins", { argument: "options.bins" });
  }
  const bins = integerOption(o.bins ?? 15, "options.bins", 1, MAX_BINS);
  const binning = choiceOption(o.binning ?? "uniform", "options.binning", ["uniform", "quantile"] as const);
  const view = choiceOption(o.view ?? "folded", "options.view", ["folded", "oriented"] as const);
  const temperature = numberOption(o.temperature ?? 1, "options.temperature", (t) => t > 0, "a finite number > 0");
  if (binning === "uniform" && o.sketchBins !== undefined) {
    throw new RmcalRangeError("invalid-option", "options.sketchBins is for quantile bins only; uniform bins are exact", { argument: "options.sketchBins" });
  }
  const sketchBins = binning === "quantile" ? integerOption(o.sketchBins ?? DEFAULT_SKETCH_BINS, "options.sketchBins", 1, MAX_SKETCH_BINS) : null;
  return { bins, binning, view, temperature, sketchBins };
}
