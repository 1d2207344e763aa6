// Cross-fitting the grouped temperatures: every pair is predicted by the global, the unpooled and the partially
// pooled fits of the other folds, so the three can be compared on all pairs (docs/DESIGN.md §5.14, §6.8).
import { toPairColumns, type Pairs, type MarginPairs, type PairColumns } from "../pairs/pairs";
import { groupKeys } from "../pairs/group-keys";
import { resampled } from "../uncertainty/resampling-units";
import { RmcalRangeError } from "../../core/errors";
import { choiceOption, integerOption, optionKeys, optionsObject } from "../validation/columns";
import { foldAssignment } from "./cross-fit";
import { groupedCalibrator, groupedTemperatureFits, type FittedGroupedTemperature, type GroupedTemperatureFits, type Pooling } from "./fit-grouped-temperature";
import { isRmcalError } from "../../core/errors";

export interface CrossFitGroupsOptions {
  /** The group of each pair. Required. */
  group: ArrayLike<string | number>;
  /** The pooling of the calibrator returned for deployment (default "partial"); the cross-fit compares all three. */
  pooling?: Pooling;
  /** Folds K ≥ 2 (default 5) and their seed (default 0), as crossFit: whole clusters with a cluster column. */
  folds?: number;
  seed?: number;
  /** [Tmin, Tmax] of every fit (default [1e-3, 1e3]). */
  bounds?: readonly [number, number];
}

const OPTION_KEYS = optionKeys<CrossFitGroupsOptions>()(["group", "pooling", "folds", "seed", "bounds"]);

export interface CrossFitGroups {
  folds: number;
  seed: number;
  unit: "pairs" | "clusters";
  /** The fold of each pair. */
  fold: Int32Array;
  /**
   * Out-of-fold predictions as margins d/T, σ of which is the predicted P(A ≻ B), with the input's labels, weights
   * and clusters: one global T; each group's own T; each group's partially pooled T (a group missing from the
   * training folds gets the global T of those folds).
   */
  global: MarginPairs;
  unpooled: MarginPairs;
  pooled: MarginPairs;
  /** The calibrator fitted on all pairs with options.pooling: the one to deploy. */
  calibrator: FittedGroupedTemperature;
}

/**
 * Cross-fitted comparison of one global temperature, unpooled per-group temperatures and partially pooled ones
 * (fitGroupedTemperature). The folds are crossFit's: units (clusters, or pairs) shuffled with the seed and dealt
 * round-robin. Assess each set of out-of-fold margins (assess(result.pooled)) or compare two
 * (compareCalibration(result.global, result.pooled)). O(K·(G + 1)·fit).
 * @param pairs pairs in any accepted shape, optionally with weight and cluster
 * @param options group (required), pooling, folds (5), seed (0), bounds
 * @returns the folds, the three out-of-fold prediction sets and the calibrator fitted on all pairs
 * @throws {TypeError|RangeError} for invalid pairs or options, or fewer units than folds
 * @example crossFitGroupedTemperature({ margin: [2, -1, 3, 0.5, 1, -2, 4, 0.2], label: [1, 1, 1, 0, 1, 0, 1, 0] }, { group: [1, 1, 1, 1, 2, 2, 2, 2], folds: 2 }).pooled.margin.length // => 8
 */
export function crossFitGroupedTemperature(pairs: Pairs, options: CrossFitGroupsOptions): CrossFitGroups {
  const o = optionsObject(options, OPTION_KEYS);
  const pooling = choiceOption(o.pooling ?? "partial", "options.pooling", ["partial", "none"] as const);
  const folds = integerOption(o.folds ?? 5, "options.folds", 2, 1000);
  const seed = integerOption(o.seed ?? 0, "options.seed", 0, 2 ** 32 - 1);
  const columns = toPairColumns(pairs);
  if (o.group === undefined) {
    throw new RmcalRangeError("invalid-option", "options.group is missing: the group (subset, task, domain) of every pair", { argument: "options.group" });
  }
  const keys = groupKeys(o.group, columns.n, "pairs");
  const fitOptions = { bounds: o.bounds };
  const fold = foldAssignment(columns, folds, seed);
  const global = new Float64Array(columns.n), unpooled = new Float64Array(columns.n), pooled = new Float64Array(columns.n);
  for (let k = 0; k < folds; k++) {
    const train: number[] = [], held: number[] = [];
    for (let i = 0; i < columns.n; i++) (fold[i] === k ? held : train).push(i);
    const fits = foldFits(() => groupedTemperatureFits(resampled(columns, Int32Array.from(train)), train.map((i) => keys[i]), fitOptions), k, folds, train.length);
    const own = new Map(fits.groups.map((g) => [g.group, g]));
    const t = fits.global.temperature;
    for (const i of held) {
      const g = own.get(keys[i]);
      const d = columns.margin[i];
      global[i] = d / t;
      unpooled[i] = d / (g?.unpooledTemperature ?? t);
      pooled[i] = d / (g?.pooledTemperature ?? t);
    }
  }
  const asPairs = (margin: Float64Array): MarginPairs => ({
    margin, label: columns.label ?? new Float64Array(columns.n).fill(1),
    ...(columns.weight ? { weight: columns.weight } : {}), ...(columns.cluster ? { cluster: columns.cluster } : {}),
  });
  const all = groupedTemperatureFits(columns, keys, fitOptions);
  return {
    folds, seed, unit: columns.cluster ? "clusters" : "pairs", fold,
    global: asPairs(global), unpooled: asPairs(unpooled), pooled: asPairs(pooled),
    calibrator: groupedCalibrator(columns as PairColumns, keys, all, pooling, null),
  };
}

/** A fold's fits; a refusal names the fold. */
function foldFits(fit: () => GroupedTemperatureFits, k: number, folds: number, pairs: number): GroupedTemperatureFits {
  try {
    return fit();
  } catch (error) {
    if (isRmcalError(error)) error.message = `fitting fold ${k + 1} of ${folds} (the other folds' ${pairs} pairs): ${error.message}`;
    throw error;
  }
}
