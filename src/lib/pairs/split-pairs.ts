// A seeded, reproducible split of preference pairs into a fitting part and an evaluation part.
import { RmcalRangeError } from "../../core/errors";
import { toPairColumns, type Pairs, type PairRow } from "./pairs";
import { integerOption, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { shuffledIndices } from "./shuffle";

export interface SplitPairsOptions {
  /** Share of pairs in `test`, in (0, 1); default 0.2. */
  holdout?: number;
  /** Seed of the shuffle, an integer in [0, 2³²); default 0. The same seed gives the same split everywhere. */
  seed?: number;
}

const SPLIT_PAIRS_OPTION_KEYS = optionKeys<SplitPairsOptions>()(["holdout", "seed"]);

/**
 * Splits pairs into `train` and `test`, e.g. to fit a calibrator on one part and assess it on the other.
 * The shuffle is a Fisher–Yates shuffle of the indices driven by mulberry32 (Tommy Ettinger's 32-bit PRNG,
 * integer arithmetic only, so every engine gives the same split); `test` takes the first round(holdout·n)
 * shuffled indices (at least 1, at most n − 1), and each part keeps the input's order and shape.
 * O(n).
 * @param pairs pairs in any accepted shape (columns or rows)
 * @param options holdout (default 0.2) and seed (default 0)
 * @returns { train, test } in the input's shape: columns as Float64Arrays, or rows as arrays of the same objects
 * @throws {RangeError} for fewer than 2 pairs or an invalid holdout or seed
 * @example splitPairs({ margin: [1, 2, 3, 4, 5], label: [1, 0, 1, 1, 0] }, { seed: 7 }).test.margin.length // => 1
 */
export function splitPairs<P extends Pairs>(pairs: P, options?: SplitPairsOptions): { train: P; test: P } {
  const o = optionsObject(options, SPLIT_PAIRS_OPTION_KEYS);
  const holdout = numberOption(o.holdout ?? 0.2, "options.holdout", (h) => h > 0 && h < 1, "a number in (0, 1)");
  const seed = integerOption(o.seed ?? 0, "options.seed", 0, 2 ** 32 - 1);
  const n = toPairColumns(pairs).n; // validates the whole input before splitting it
  if (n < 2) throw new RmcalRangeError("empty-input", `pairs has ${n} pair; splitting needs at least 2`, { argument: "pairs" });
  const nTest = Math.min(n - 1, Math.max(1, Math.round(holdout * n)));
  const order = shuffledIndices(n, seed);
  const inTest = new Uint8Array(n);
  for (let i = 0; i < nTest; i++) inTest[order[i]] = 1;
  const testIndices: number[] = [], trainIndices: number[] = [];
  for (let i = 0; i < n; i++) (inTest[i] ? testIndices : trainIndices).push(i);
  return { train: take(pairs, trainIndices), test: take(pairs, testIndices) };
}

function take<P extends Pairs>(pairs: P, indices: number[]): P {
  if (Array.isArray(pairs)) return indices.map((i) => (pairs as readonly PairRow[])[i]) as unknown as P;
  const out: Record<string, Float64Array | (string | number)[]> = {};
  for (const [field, column] of Object.entries(pairs as unknown as Record<string, ArrayLike<unknown> | undefined>)) {
    if (column === undefined) continue;
    // Cluster ids may be strings: they are kept as they are, never turned into numbers.
    if (field === "cluster") {
      out[field] = indices.map((i) => column[i] as string | number);
      continue;
    }
    const values = new Float64Array(indices.length);
    indices.forEach((i, k) => (values[k] = Number(column[i])));
    out[field] = values;
  }
  return out as unknown as P;
}

/**
 * Train/held-out indices of the table, from splitPairs on an index column: the same split `rmcal fit` makes. With
 * cluster codes, whole clusters are held out: the clusters in shuffled order go to the held-out part until it holds
 * round(holdout·n) pairs (at least one cluster, never all), so no prompt is on both sides. O(n).
 */
export function splitIndices(
  n: number, holdout: number, seed: number, clusters: { codes: Int32Array; count: number } | null = null,
): { train: Float64Array; test: Float64Array } {
  if (clusters === null) {
    const index = new Float64Array(n);
    for (let i = 0; i < n; i++) index[i] = i;
    const { train, test } = splitPairs({ margin: index, label: new Float64Array(n) }, { holdout, seed });
    return { train: train.margin as Float64Array, test: test.margin as Float64Array };
  }
  const { codes, count } = clusters;
  if (count < 2) throw new RmcalRangeError("empty-input", `the pairs hold ${count} cluster; holding out whole clusters needs at least 2`, { argument: "pairs" });
  const sizes = new Float64Array(count);
  for (let i = 0; i < n; i++) sizes[codes[i]]++;
  const target = Math.max(1, Math.round(holdout * n));
  const heldOut = new Uint8Array(count);
  let taken = 0;
  const order = shuffledIndices(count, seed);
  for (let k = 0; k < count - 1 && taken < target; k++) {
    heldOut[order[k]] = 1;
    taken += sizes[order[k]];
  }
  const test: number[] = [], train: number[] = [];
  for (let i = 0; i < n; i++) (heldOut[codes[i]] ? test : train).push(i);
  return { train: Float64Array.from(train), test: Float64Array.from(test) };
}
