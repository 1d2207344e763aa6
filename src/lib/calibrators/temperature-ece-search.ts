// The ECE objective for temperature scaling. ECE is piecewise smooth with jumps as pairs change bins, so it is
// searched, not differentiated: a geometric grid over [Tmin, Tmax], then golden-section refinement in log T
// around the best grid point. The answer is the best T evaluated, so it never has a higher ECE (on the fitting
// data) than any T the search tried, including the candidates it is given (T = 1 and the NLL optimum).
// see: Kiefer (1953), "Sequential minimax search for a maximum" (golden-section search)
import type { PairColumns } from "../pairs/pairs";
import type { View } from "../metrics/assess";
import { uniformLayout } from "../metrics/bin-edges";
import { accumulatePairSums, calibrationErrors } from "../../core/binning";
import { naturalLog } from "../../core/logistic";
import { exponential } from "../../core/temperature";

export interface EceSearchOptions {
  tLow: number;
  tHigh: number;
  view: View;
  nBins: number;
  /** Temperatures evaluated besides the grid (those outside the bounds are skipped). */
  candidates: number[];
}

export interface EceSearchResult {
  temperature: number;
  ece: number;
  /** ECE at T = 1 (evaluated whether or not 1 is within the bounds, for the report). */
  eceAtOne: number;
  /** Number of ECE evaluations, each one pass over the pairs. */
  iterations: number;
  atBound: "lower" | "upper" | null;
  /**
   * Oriented view only: the best T squeezed every probability to within one bin width of ½ (with 3 bins or more),
   * where the oriented ECE tends to that of the constant ½. The ECE then falls as T grows and has no finite
   * optimum (docs/DESIGN.md §5.2), so the result is reported at the upper bound.
   */
  collapsed: boolean;
}

const GRID_POINTS = 25;
const GOLDEN_ITERATIONS = 30;
const INVERSE_GOLDEN_RATIO = (Math.sqrt(5) - 1) / 2;

/** Minimizes ECE(T) over [tLow, tHigh]; see the file comment. O(n) per evaluation, about 60 evaluations. */
export function searchTemperatureByEce(columns: PairColumns, options: EceSearchOptions): EceSearchResult {
  const { tLow, tHigh, view, nBins } = options;
  const layout = uniformLayout(nBins, view === "folded" ? 0.5 : 0);
  let iterations = 0;
  let best = { temperature: NaN, ece: Infinity };
  const eceAt = (temperature: number): number => {
    iterations++;
    const { bins } = accumulatePairSums(columns.margin, columns.label, columns.weight, temperature, view === "folded", layout);
    const { ece } = calibrationErrors(bins).errors;
    // Ties keep the earlier T, so the result does not depend on floating-point noise in the order of evaluation.
    if (ece < best.ece) best = { temperature, ece };
    return ece;
  };
  const eceAtOne = eceAt(1);
  if (!(1 >= tLow && 1 <= tHigh)) best = { temperature: NaN, ece: Infinity };
  for (const t of options.candidates) if (t >= tLow && t <= tHigh && t !== 1) eceAt(t);

  const uLow = naturalLog(tLow), uHigh = naturalLog(tHigh);
  const grid: number[] = [];
  const gridEce: number[] = [];
  for (let i = 0; i < GRID_POINTS; i++) {
    const u = i === GRID_POINTS - 1 ? uHigh : uLow + (i * (uHigh - uLow)) / (GRID_POINTS - 1);
    const t = i === 0 ? tLow : i === GRID_POINTS - 1 ? tHigh : exponential(u);
    grid.push(u);
    gridEce.push(eceAt(t));
  }
  const eceAtHigh = gridEce[GRID_POINTS - 1];
  let k = 0;
  for (let i = 1; i < GRID_POINTS; i++) if (gridEce[i] < gridEce[k]) k = i;

  // Golden-section search for a local minimum of ECE(e^u) on the grid cell pair around the best grid point.
  let a = grid[Math.max(0, k - 1)], b = grid[Math.min(GRID_POINTS - 1, k + 1)];
  let c = b - INVERSE_GOLDEN_RATIO * (b - a), d = a + INVERSE_GOLDEN_RATIO * (b - a);
  let fc = eceAt(exponential(c)), fd = eceAt(exponential(d));
  // Invariant: a < c < d < b, and fc, fd are the ECE at e^c and e^d.
  for (let i = 0; i < GOLDEN_ITERATIONS; i++) {
    if (fc <= fd) {
      b = d; d = c; fd = fc;
      c = b - INVERSE_GOLDEN_RATIO * (b - a);
      fc = eceAt(exponential(c));
    } else {
      a = c; c = d; fc = fd;
      d = a + INVERSE_GOLDEN_RATIO * (b - a);
      fd = eceAt(exponential(d));
    }
  }
  if (view === "oriented" && collapsesToHalf(columns, best.temperature, nBins)) {
    return { temperature: tHigh, ece: eceAtHigh, eceAtOne, iterations, atBound: "upper", collapsed: true };
  }
  const atBound = best.temperature === tLow ? "lower" : best.temperature === tHigh ? "upper" : null;
  return { temperature: best.temperature, ece: best.ece, eceAtOne, iterations, atBound, collapsed: false };
}

/** Whether every pair with weight has |σ(d/T) − ½| below one bin width, 1/nBins (never with fewer than 3 bins). */
function collapsesToHalf({ margin, weight }: PairColumns, temperature: number, nBins: number): boolean {
  if (nBins < 3) return false;
  let largest = 0;
  for (let i = 0; i < margin.length; i++) if (weight === null || weight[i] > 0) largest = Math.max(largest, Math.abs(margin[i]));
  return 1 / (1 + Math.exp(-largest / temperature)) - 0.5 < 1 / nBins;
}
