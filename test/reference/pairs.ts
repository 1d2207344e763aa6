// Reference reading of the three pair shapes (docs/DESIGN.md §2.1 and §2.2) and of the two views of a pair.
import { sigmoid } from "./logistic";

export interface ReferencePairs {
  margin: number[];
  label: number[];
  weight: number[];
}

type Column = ArrayLike<number>;
type AnyPairs = Record<string, Column | undefined> | Record<string, number | undefined>[];

const list = (column: Column): number[] => Array.from(column, Number);

/** Margins d = r_A − r_B, labels (1 for chosen/rejected) and weights (1 when absent), as plain arrays. */
export function referencePairColumns(pairs: AnyPairs): ReferencePairs {
  if (Array.isArray(pairs)) {
    const rows = pairs as Record<string, number | undefined>[];
    const column = (field: string) => (rows[0][field] === undefined ? undefined : rows.map((row) => row[field] as number));
    return referencePairColumns({
      chosen: column("chosen"), rejected: column("rejected"), scoreA: column("scoreA"), scoreB: column("scoreB"),
      margin: column("margin"), label: column("label"), weight: column("weight"),
    });
  }
  const p = pairs as Record<string, Column | undefined>;
  let margin: number[];
  let label: number[];
  if (p.chosen !== undefined) {
    const chosen = list(p.chosen), rejected = list(p.rejected!);
    margin = chosen.map((c, i) => c - rejected[i]);
    label = margin.map(() => 1);
  } else if (p.scoreA !== undefined) {
    const a = list(p.scoreA), b = list(p.scoreB!);
    margin = a.map((x, i) => x - b[i]);
    label = list(p.label!);
  } else {
    margin = list(p.margin!);
    label = list(p.label!);
  }
  const weight = p.weight === undefined ? margin.map(() => 1) : list(p.weight);
  return { margin, label, weight };
}

export type ReferenceView = "folded" | "oriented";

/** What a reliability diagram bins for one pair: the value v (probability or confidence) and the outcome k. */
export interface ViewedPair {
  value: number;
  outcome: number;
}

/**
 * Folded: v = σ(|d|/T), k = y if d > 0, 1 − y if d < 0, ½ if d = 0.  Oriented: v = σ(d/T), k = y.
 */
export function viewPair(d: number, y: number, temperature: number, view: ReferenceView): ViewedPair {
  if (view === "oriented") return { value: sigmoid(d / temperature), outcome: y };
  return { value: sigmoid(Math.abs(d) / temperature), outcome: agreement(d, y) };
}

/** Share of the label agreeing with the model's side: y, 1 − y, or ½ for a tied margin. */
export function agreement(d: number, y: number): number {
  if (d > 0) return y;
  if (d < 0) return 1 - y;
  return 0.5;
}
