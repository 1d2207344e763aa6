// Per-group temperatures with partial pooling: each group's 1/T is shrunk toward the global fit's by empirical Bayes,
// with the shrinkage strength estimated from the spread of the groups (docs/DESIGN.md §5.14).
import { RmcalRangeError } from "../../core/errors";
import { withResidentPairs } from "../../core/temperature";
import { toPairColumns, columnsAsPairs, type Pairs, type PairColumns } from "../pairs/pairs";
import { groupKeys } from "../pairs/group-keys";
import { resampled } from "../uncertainty/resampling-units";
import { choiceOption, numberOption, optionKeys, optionsObject } from "../validation/columns";
import { fitTemperature, type FittedTemperature } from "./fit-temperature";
import { fittedRangeOf, rewardNormalizationOf } from "./calibrator";
import { rewardClipOption } from "./reward-clip";
import { groupedTemperatureCalibrator, type GroupedTemperatureCalibrator } from "./grouped-temperature-calibrator";
import { inverseTemperatureSandwichError } from "./temperature-interval";
import { shrinkTowardCentre } from "./group-shrinkage";
import { intervalJson, type ParameterInterval } from "./parameter-interval";

export type Pooling = "partial" | "none";

export interface FitGroupedTemperatureOptions {
  /** The group of each pair (subset, task, domain): strings or finite numbers, 1 and "1" one group. Required. */
  group: ArrayLike<string | number>;
  /** "partial" (default): shrink each group's 1/T toward the global fit's; "none": each group's own fit. */
  pooling?: Pooling;
  /** [Tmin, Tmax] of every fit, default [1e-3, 1e3] (as fitTemperature). */
  bounds?: readonly [number, number];
  /** Confidence of each group's profile-likelihood interval of T (default 0.95). */
  confidence?: number;
  /** Stored in rewardNormalization.clip (docs/DESIGN.md §5.6). Default none. */
  rewardClip?: number | null;
}

const OPTION_KEYS = optionKeys<FitGroupedTemperatureOptions>()(["group", "pooling", "bounds", "confidence", "rewardClip"]);

/** One group's fits: its own, and after shrinkage. */
export interface GroupTemperature {
  readonly group: string;
  readonly n: number;
  readonly weight: number;
  /** T fitted on the group alone, with its bound (fitTemperature's atBound) and its interval. */
  readonly unpooledTemperature: number;
  readonly atBound: "lower" | "upper" | null;
  readonly interval: ParameterInterval | null;
  /**
   * The standard error of 1/T alone: 1/√H from the observed information H at the group's fit, or the cluster
   * sandwich with a cluster column. Infinity when the group pins 1/T down not at all (no curvature, fewer than two
   * clusters): it then takes the global value.
   */
  readonly standardError: number;
  /** B_g = τ²/(τ² + se²), the share of its own 1/T the group keeps (0 with pooling "none" is not used: see pooled). */
  readonly keep: number;
  /** T after partial pooling: 1/(a_global + B_g·(1/T_g − a_global)), within the bounds. */
  readonly pooledTemperature: number;
}

export interface FittedGroupedTemperature extends GroupedTemperatureCalibrator {
  readonly pooling: Pooling;
  /** The fit on all pairs: the centre of the shrinkage and the fallback for unseen groups. */
  readonly global: FittedTemperature;
  /** τ² of the groups' true 1/T around the global value, estimated by the method of moments (≥ 0). */
  readonly betweenGroupVariance: number;
  /** Each group's fits, in order of first appearance. */
  readonly groupFits: readonly GroupTemperature[];
}

/**
 * Grouped temperature scaling with empirical-Bayes partial pooling: T_g per group, P(A ≻ B) = σ(d/T_g). Each group
 * is fitted alone (fitTemperature, â_g = 1/T_g, with its standard error from the observed information or the cluster
 * sandwich); the between-group variance τ² of 1/T is the DerSimonian–Laird moment estimate around the global fit's
 * â; each group's 1/T is the posterior mean â + B_g·(â_g − â), B_g = τ²/(τ² + se_g²). Small or noisy groups move to
 * the global T, large groups that differ keep their own. Groups whose pairs all have weight 0 are left out (they get
 * the fallback). O((G + 1)·fit).
 * @param pairs pairs in any accepted shape, optionally with weight and cluster
 * @param options group (required), pooling ("partial"), bounds, confidence, rewardClip
 * @returns a frozen grouped calibrator with the global fit, τ² and every group's fits
 * @throws {TypeError|RangeError} naming the first invalid field, index or option
 * @example fitGroupedTemperature({ margin: [2, -1, 3, 0.5, 1, 2], label: [1, 1, 1, 0, 1, 0] }, { group: ["a", "a", "a", "b", "b", "b"] }).groups.length // => 2
 */
export function fitGroupedTemperature(pairs: Pairs, options: FitGroupedTemperatureOptions): FittedGroupedTemperature {
  const o = optionsObject(options, OPTION_KEYS);
  const pooling = choiceOption(o.pooling ?? "partial", "options.pooling", ["partial", "none"] as const);
  const confidence = numberOption(o.confidence ?? 0.95, "options.confidence", (c) => c > 0 && c < 1, "a number in (0, 1)");
  const clip = rewardClipOption(o.rewardClip);
  const columns = toPairColumns(pairs);
  if (o.group === undefined) {
    throw new RmcalRangeError("invalid-option", "options.group is missing: the group (subset, task, domain) of every pair", { argument: "options.group" });
  }
  const keys = groupKeys(o.group, columns.n, "pairs");
  const fits = groupedTemperatureFits(columns, keys, { bounds: o.bounds, confidence });
  return groupedCalibrator(columns, keys, fits, pooling, clip);
}

/** Both fits of every group and the global fit: what fitGroupedTemperature and the cross-fit share. */
export interface GroupedTemperatureFits {
  global: FittedTemperature;
  betweenGroupVariance: number;
  q: number;
  informative: number;
  groups: GroupTemperature[];
}

/** Fits the global temperature and each group's, then shrinks. `keys` has one group per pair. */
export function groupedTemperatureFits(
  columns: PairColumns, keys: readonly string[], options: { bounds?: readonly [number, number]; confidence?: number },
): GroupedTemperatureFits {
  const fitOptions = { ...(options.bounds === undefined ? {} : { bounds: options.bounds }), confidence: options.confidence ?? 0.95 };
  const global = fitTemperature(columnsAsPairs(columns), fitOptions);
  const [tLow, tHigh] = (global.fit!.bounds as readonly [number, number]);
  const members = new Map<string, number[]>();
  keys.forEach((key, i) => {
    if (columns.weight !== null && columns.weight[i] === 0) return;
    const list = members.get(key);
    if (list) list.push(i);
    else members.set(key, [i]);
  });
  const own = [...members].map(([group, indices]) => {
    const slice = resampled(columns, Int32Array.from(indices));
    const fitted = fitTemperature(columnsAsPairs(slice), fitOptions);
    const a = 1 / fitted.temperature;
    const standardError = inverseTemperatureError(slice, a);
    return { group, n: indices.length, weight: slice.weight ? sum(slice.weight) : indices.length, fitted, a, standardError };
  });
  const centre = 1 / global.temperature;
  const shrinkage = shrinkTowardCentre(
    Float64Array.from(own, (g) => g.a), Float64Array.from(own, (g) => g.standardError * g.standardError), centre,
  );
  const groups = own.map((g, k): GroupTemperature => ({
    group: g.group, n: g.n, weight: g.weight, unpooledTemperature: g.fitted.temperature, atBound: g.fitted.atBound,
    interval: g.fitted.interval, standardError: g.standardError, keep: shrinkage.keep[k],
    // The posterior lies between â_g and â, both within the bounds; the clamp only guards rounding.
    pooledTemperature: Math.min(tHigh, Math.max(tLow, 1 / shrinkage.posterior[k])),
  }));
  return { global, betweenGroupVariance: shrinkage.betweenVariance, q: shrinkage.q, informative: shrinkage.informative, groups };
}

/** se of â on one group's pairs: the cluster sandwich with a cluster column, else 1/√H; Infinity when undefined. */
function inverseTemperatureError(slice: PairColumns, a: number): number {
  return withResidentPairs(slice.margin, slice.label, slice.weight, (resident) => {
    if (slice.cluster !== null) return inverseTemperatureSandwichError(resident, slice, a) ?? Infinity;
    const h = resident.derivatives(a).curvature;
    return h > 0 ? 1 / Math.sqrt(h) : Infinity;
  });
}

function sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** The calibrator of one pooling, with its fit record and the reward statistics of its temperatures. */
export function groupedCalibrator(
  columns: PairColumns, keys: readonly string[], fits: GroupedTemperatureFits, pooling: Pooling, clip: number | null,
): FittedGroupedTemperature {
  const temperatures = fits.groups.map((g) => (pooling === "partial" ? g.pooledTemperature : g.unpooledTemperature));
  const names = fits.groups.map((g) => g.group);
  const fallback = fits.global.temperature;
  const byName = new Map(names.map((name, k) => [name, temperatures[k]]));
  let norm = null;
  if (columns.scoreA && columns.scoreB) {
    const t = Float64Array.from(keys, (key) => byName.get(key) ?? fallback);
    norm = rewardNormalizationOf(columns.scoreA.map((r, i) => r / t[i]), columns.scoreB.map((r, i) => r / t[i]), columns.weight, clip);
  }
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const fit = {
    n: columns.n, weight: fits.global.fit!.weight, objective: "nll", pooling, bounds: fits.global.fit!.bounds,
    betweenGroupVariance: fits.betweenGroupVariance, q: fits.q, informativeGroups: fits.informative,
    global: { temperature: fallback, atBound: fits.global.atBound, interval: intervalJson(fits.global.interval) },
    groups: fits.groups.map((g) => ({
      group: g.group, n: g.n, weight: g.weight, unpooledTemperature: g.unpooledTemperature, atBound: g.atBound,
      standardError: finite(g.standardError), keep: g.keep, pooledTemperature: g.pooledTemperature,
    })),
  };
  return groupedTemperatureCalibrator(names, temperatures, fallback, fit, norm, fittedRangeOf(columns.margin, columns.scoreA, columns.scoreB), {
    pooling, global: fits.global, betweenGroupVariance: fits.betweenGroupVariance, groupFits: Object.freeze(fits.groups.map((g) => Object.freeze(g))),
  });
}
