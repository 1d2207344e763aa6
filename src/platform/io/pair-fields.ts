// Which fields of a row hold the pair: given by flags, or detected from the common names.
import { RmcalTypeError } from "../../core/errors";

/** Where the pair's numbers come from. Exactly one shape: chosen/rejected, scoreA/scoreB/label, or margin/label. */
export type FieldMapping =
  | { shape: "chosen-rejected"; chosen: string; rejected: string; label?: undefined; weight?: string }
  | { shape: "scores"; scoreA: string; scoreB: string; label: string; weight?: string }
  | { shape: "margin"; margin: string; label: string; weight?: string };

/** Field flags as the user gave them; any subset. */
export interface FieldFlags {
  chosen?: string;
  rejected?: string;
  scoreA?: string;
  scoreB?: string;
  margin?: string;
  label?: string;
  weight?: string;
}

/** Names detected when no field flag is given, in the order they are tried (specific names before plain ones). */
export const DETECTED_FIELDS: readonly FieldMapping[] = [
  { shape: "chosen-rejected", chosen: "chosen_score", rejected: "rejected_score" },
  { shape: "chosen-rejected", chosen: "score_chosen", rejected: "score_rejected" },
  { shape: "chosen-rejected", chosen: "scores_chosen", rejected: "scores_rejected" }, // RewardBench
  { shape: "chosen-rejected", chosen: "chosen", rejected: "rejected" },
  { shape: "scores", scoreA: "score_a", scoreB: "score_b", label: "label" },
  { shape: "margin", margin: "margin", label: "label" },
];

/**
 * The field mapping from the user's flags, or detected from the first row's field names when no flag names a score.
 * O(number of fields).
 * @param flags field names given by the user
 * @param fieldNames the fields present in the file (a CSV header, or the first JSON object's keys)
 * @param fileName the file, named in the message when nothing can be detected (the user may pass several files)
 * @returns the mapping to read
 * @throws {TypeError} when the flags mix shapes or leave one incomplete, or nothing can be detected
 * @example resolveFieldMapping({}, ["chosen", "rejected"]) // => { shape: "chosen-rejected", chosen: "chosen", rejected: "rejected" }
 */
export function resolveFieldMapping(flags: FieldFlags, fieldNames: readonly string[], fileName?: string): FieldMapping {
  const weight = flags.weight;
  const withWeight = (m: FieldMapping): FieldMapping => (weight === undefined ? m : { ...m, weight });
  const given = (["chosen", "rejected", "scoreA", "scoreB", "margin"] as const).filter((k) => flags[k] !== undefined);
  if (given.length === 0) {
    const present = new Set(fieldNames);
    for (const candidate of DETECTED_FIELDS) {
      const needed = fieldsOf(candidate);
      if (needed.every((f) => present.has(f))) {
        // A detected label field is replaced by an explicit --label.
        if (flags.label !== undefined && candidate.shape !== "chosen-rejected") return withWeight({ ...candidate, label: flags.label });
        return withWeight(candidate);
      }
    }
    throw new RmcalTypeError(
      "invalid-option",
      `${fileName === undefined ? "" : `${fileName}: `}could not detect the score fields among [${fieldNames.join(", ")}]; ` +
      "name them with --chosen/--rejected, --score-a/--score-b/--label or --margin/--label",
      { argument: "fields", ...(fileName === undefined ? {} : { file: fileName }) },
    );
  }
  if (flags.chosen !== undefined || flags.rejected !== undefined) {
    requireFlags(flags, ["chosen", "rejected"], ["scoreA", "scoreB", "margin"]);
    return withWeight({ shape: "chosen-rejected", chosen: flags.chosen!, rejected: flags.rejected! });
  }
  if (flags.scoreA !== undefined || flags.scoreB !== undefined) {
    requireFlags(flags, ["scoreA", "scoreB", "label"], ["margin"]);
    return withWeight({ shape: "scores", scoreA: flags.scoreA!, scoreB: flags.scoreB!, label: flags.label! });
  }
  requireFlags(flags, ["margin", "label"], []);
  return withWeight({ shape: "margin", margin: flags.margin!, label: flags.label! });
}

/** The fields a mapping reads, in a fixed order. */
export function fieldsOf(mapping: FieldMapping): string[] {
  const fields =
    mapping.shape === "chosen-rejected" ? [mapping.chosen, mapping.rejected]
    : mapping.shape === "scores" ? [mapping.scoreA, mapping.scoreB, mapping.label]
    : [mapping.margin, mapping.label];
  return mapping.weight === undefined ? fields : [...fields, mapping.weight];
}

/** "chosen=chosen_score, rejected=rejected_score": how the mapping reads, for messages. */
export function describeMapping(mapping: FieldMapping): string {
  const parts =
    mapping.shape === "chosen-rejected" ? [`chosen=${mapping.chosen}`, `rejected=${mapping.rejected}`]
    : mapping.shape === "scores" ? [`score-a=${mapping.scoreA}`, `score-b=${mapping.scoreB}`, `label=${mapping.label}`]
    : [`margin=${mapping.margin}`, `label=${mapping.label}`];
  if (mapping.weight !== undefined) parts.push(`weight=${mapping.weight}`);
  return parts.join(", ");
}

const FLAG_NAMES: Record<string, string> = {
  chosen: "--chosen", rejected: "--rejected", scoreA: "--score-a", scoreB: "--score-b", margin: "--margin", label: "--label",
};

function requireFlags(flags: FieldFlags, needed: (keyof FieldFlags)[], excluded: (keyof FieldFlags)[]): void {
  for (const key of excluded) {
    if (flags[key] !== undefined) {
      throw new RmcalTypeError("invalid-option", `${FLAG_NAMES[key]} cannot be combined with ${needed.filter((k) => k !== "label").map((k) => FLAG_NAMES[k]).join("/")}`, { argument: FLAG_NAMES[key] });
    }
  }
  for (const key of needed) {
    if (flags[key] === undefined) {
      throw new RmcalTypeError("invalid-option", `${FLAG_NAMES[key]} is missing; ${needed.map((k) => FLAG_NAMES[k]).join(", ")} go together`, { argument: FLAG_NAMES[key] });
    }
  }
}
