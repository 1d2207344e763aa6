// The grouped temperature calibrator: one temperature per group (a subset, task or domain), and a fallback for groups
// it was not fitted on, P(A ≻ B) = σ(d/T_g) (docs/DESIGN.md §5.14).
import { RmcalTypeError } from "../../core/errors";
import { sigmoidOfScaled } from "../../core/logistic";
import { finiteColumn, optionKeys, optionsObject, describeValue } from "../validation/columns";
import { groupKeys } from "../pairs/group-keys";
import { calibratorJson, frozenCopy, type CalibratorJson, type FittedRange, type RewardNormalization } from "./calibrator";
import { rewardTransform, lengthOf, type RewardOptions } from "./reward-transform";
import {
  extrapolationHandlerOption, reportExtrapolation, unknownRangeReason, LINEAR_EXTRAPOLATION, type PredictOptions,
} from "./extrapolation";

/** What predict and reward say when some inputs belong to groups the calibrator has no temperature for. */
export interface UnseenGroupsReport {
  /** Inputs in the call, and how many got the fallback temperature. */
  readonly total: number;
  readonly unseen: number;
  /** The distinct unseen groups, in order of first appearance (at most 10). */
  readonly groups: readonly string[];
  readonly fallbackTemperature: number;
  readonly message: string;
}

/** The group options of the grouped calibrator's predict and reward. */
interface GroupOptions {
  /**
   * The group of each input (a string or finite number; 1 and "1" are one group). Required: optional in the type
   * only so that every calibrator's predict(margins) has one signature; a call without it is refused.
   */
  group?: ArrayLike<string | number>;
  /** Called once per call when some inputs belong to groups without a fitted temperature (they get the fallback). */
  onUnseenGroups?: (report: UnseenGroupsReport) => void;
}

export interface GroupedPredictOptions extends PredictOptions, GroupOptions {}
export interface GroupedRewardOptions extends RewardOptions, GroupOptions {}

const PREDICT_KEYS = optionKeys<GroupedPredictOptions>()(["group", "onUnseenGroups", "onExtrapolation"]);
const REWARD_KEYS = optionKeys<GroupedRewardOptions>()(["group", "onUnseenGroups", "transform", "prompts", "clip", "onExtrapolation"]);

/** A grouped temperature calibrator, fitted or loaded from JSON. Frozen. */
export interface GroupedTemperatureCalibrator {
  readonly kind: "grouped-temperature";
  /** The groups, and T_g of each (same order). */
  readonly groups: readonly string[];
  readonly temperatures: readonly number[];
  /** The temperature of a group it has none for: the global fit's. */
  readonly fallbackTemperature: number;
  readonly fit: Readonly<Record<string, unknown>> | null;
  /** Mean and std of r/T_g over the fitting responses, each with its pair's group. */
  readonly rewardNormalization: RewardNormalization | null;
  readonly range: FittedRange | null;
  /** T of each input's group (the fallback for unseen groups). */
  temperaturesOf(group: ArrayLike<string | number>, onUnseenGroups?: (report: UnseenGroupsReport) => void): Float64Array;
  /** σ(margins[i] / T of group[i]). */
  predict(margins: ArrayLike<number>, options?: GroupedPredictOptions): Float64Array;
  /** r/T_g, transformed as the temperature calibrator's rewards (docs/DESIGN.md §5.6; centered by default). */
  reward(scores: ArrayLike<number>, options?: GroupedRewardOptions): Float64Array;
  toJSON(): CalibratorJson;
}

/** Builds the frozen calibrator; `extra` holds the fitted-only fields. Names must be distinct (the callers check). */
export function groupedTemperatureCalibrator<E extends object>(
  groups: readonly string[], temperatures: readonly number[], fallbackTemperature: number,
  fit: Record<string, unknown> | null, rewardNormalization: RewardNormalization | null, range: FittedRange | null, extra: E,
): GroupedTemperatureCalibrator & E {
  const frozenFit = fit ? frozenCopy(fit) : null;
  const names = Object.freeze([...groups]);
  const ts = Object.freeze([...temperatures]);
  const index = new Map(names.map((name, g) => [name, g]));

  function temperaturesOf(group: ArrayLike<string | number>, onUnseen?: (report: UnseenGroupsReport) => void, inputs?: { n: number; name: string }): Float64Array {
    const keys = inputs === undefined ? groupKeys(group, lengthOfGroup(group), "group", "group") : groupKeys(group, inputs.n, inputs.name);
    const out = new Float64Array(keys.length);
    const unseen: string[] = [];
    let count = 0;
    keys.forEach((key, i) => {
      const g = index.get(key);
      if (g !== undefined) return void (out[i] = ts[g]);
      out[i] = fallbackTemperature;
      count++;
      if (unseen.length < 10 && !unseen.includes(key)) unseen.push(key);
    });
    if (count > 0 && onUnseen !== undefined) {
      const message = `${count} of ${keys.length} inputs belong to groups without a fitted temperature (${unseen.map((u) => JSON.stringify(u)).join(", ")}${unseen.length === 10 ? ", …" : ""}); they get the fallback T = ${fallbackTemperature}, the global fit's`;
      onUnseen(Object.freeze({ total: keys.length, unseen: count, groups: Object.freeze(unseen), fallbackTemperature, message }));
    }
    return out;
  }

  return Object.freeze({
    ...extra,
    kind: "grouped-temperature" as const,
    groups: names,
    temperatures: ts,
    fallbackTemperature,
    fit: frozenFit,
    rewardNormalization,
    range,
    temperaturesOf: (group: ArrayLike<string | number>, onUnseen?: (report: UnseenGroupsReport) => void) =>
      temperaturesOf(group, handlerOption(onUnseen, "onUnseenGroups")),
    predict(margins: ArrayLike<number>, options?: GroupedPredictOptions): Float64Array {
      const o = requiredOptions(options, PREDICT_KEYS);
      const handler = extrapolationHandlerOption(o.onExtrapolation);
      const d = finiteColumn(margins, "margins");
      const t = temperaturesOf(o.group!, handlerOption(o.onUnseenGroups, "options.onUnseenGroups"), { n: d.length, name: "margins" });
      reportExtrapolation(handler, d, "margins", range?.margins ?? null, LINEAR_EXTRAPOLATION, unknownRangeReason(range, "margins"));
      // d/T_g in TypeScript is the same division the kernel makes, so σ(z/1) has the bits of σ(d/T_g).
      for (let i = 0; i < d.length; i++) d[i] = d[i] / t[i];
      return sigmoidOfScaled(d, 1);
    },
    reward(scores: ArrayLike<number>, options?: GroupedRewardOptions): Float64Array {
      const o = requiredOptions(options, REWARD_KEYS);
      const handler = extrapolationHandlerOption(o.onExtrapolation);
      const { group, onUnseenGroups, onExtrapolation: _, ...transformOptions } = o;
      const transform = rewardTransform(transformOptions, rewardNormalization, "centered", lengthOf(scores));
      const out = finiteColumn(scores, "scores");
      const t = temperaturesOf(group!, handlerOption(onUnseenGroups, "options.onUnseenGroups"), { n: out.length, name: "scores" });
      reportExtrapolation(handler, out, "scores", range?.scores ?? null, LINEAR_EXTRAPOLATION, unknownRangeReason(range, "scores"));
      for (let i = 0; i < out.length; i++) out[i] = out[i] / t[i];
      return transform(out);
    },
    toJSON(): CalibratorJson {
      return calibratorJson("grouped-temperature", { groups: [...names], temperatures: [...ts], fallbackTemperature }, frozenFit, rewardNormalization, range);
    },
  });
}

/** The options object with its required `group`. */
function requiredOptions<T extends GroupOptions>(options: T | undefined, keys: readonly (keyof T & string)[]): Partial<T> {
  const o = optionsObject(options, keys);
  if (o.group === undefined) {
    throw new RmcalTypeError("invalid-option", "options.group is missing: a grouped temperature calibrator needs the group of every input (unseen groups get the fallback temperature)", { argument: "options.group" });
  }
  return o;
}

function handlerOption<F>(value: F | undefined, name: string): F | undefined {
  if (value === undefined || typeof value === "function") return value;
  throw new RmcalTypeError("invalid-option", `${name} is ${describeValue(value)}; it must be a function`, { argument: name });
}

function lengthOfGroup(group: unknown): number {
  const n = (group as { length?: unknown } | null)?.length;
  return typeof n === "number" ? n : 0;
}
