// Pairs judged in both orders: does the verdict survive the swap, how large is the position bias, and is the
// order-averaged margin better calibrated than either order alone (docs/DESIGN.md §7.5)?
import { RmcalRangeError, RmcalTypeError } from "../../core/errors";
import { toPairColumns, type Pairs } from "../pairs/pairs";
import { ASSESS_OPTION_KEYS, assessColumns, type AssessOptions, type Assessment } from "../metrics/assess";
import { fitPlatt } from "../calibrators/fit-platt";
import type { ParameterInterval } from "../calibrators/parameter-interval";
import { describeValue, numberOption, optionKeys, optionsObject, requireSameLength } from "../validation/columns";

export interface OrderSwapOptions extends AssessOptions {
  /** One id per row: the two rows of a pair (one per order) share it. */
  pairId: ArrayLike<string | number>;
  /** One order flag per row, two distinct values; the smaller (as strings) is the first order. */
  order: ArrayLike<string | number>;
  /** The confidence of the position bias's interval (default 0.95). */
  confidence?: number;
}

const ORDER_SWAP_OPTION_KEYS = optionKeys<OrderSwapOptions>()([...ASSESS_OPTION_KEYS, "pairId", "order", "confidence"]);

export interface OrderSwap {
  /** Pairs seen in both orders, and rows left out because their pair id has only one. */
  pairs: number;
  unpaired: number;
  /** The two order values, first order first. */
  orders: [string, string];
  /**
   * Weighted share of pairs whose verdict (the sign of the margin, read for the same response) survives the swap,
   * a tie in both orders included; the rest split into flips (each order prefers the response it shows first, or
   * second) and half-ties (a tie in one order only).
   */
  swapConsistency: number;
  flipShare: number;
  halfTieShare: number;
  /**
   * Platt's σ(α·d + β) on every row as presented (A = shown first), with the cluster sandwich over pair ids
   * (docs/DESIGN.md §6.7): β > 0 when the response shown first wins more often than its margin says. Null with
   * `note` when Platt cannot be fitted.
   */
  positionBias: { beta: number; alpha: number; interval: ParameterInterval | null; converged: boolean; message: string | null } | null;
  note: string | null;
  /** The first order's rows, the second's, and the order-averaged margin (d₁ − d₂)/2 with the first order's labels and weights. */
  calibration: { first: Assessment; second: Assessment; averaged: Assessment };
}

/**
 * Swap consistency, position bias and calibration of pairs judged in both orders. Rows are read as presented:
 * scoreA (or the margin's first term) belongs to the response shown first, and the label is P(shown first wins);
 * the two rows of a pair share `pairId` and differ in `order`. O(n + assess).
 * Zheng et al., "Judging LLM-as-a-Judge with MT-Bench and Chatbot Arena", NeurIPS 2023 (position consistency).
 * @param pairs the rows, one per pair and order, as presented to the judge
 * @param options pairId and order (required), confidence (0.95), and assess's options for the three assessments
 * @throws {TypeError|RangeError} for missing ids or flags, more than two order values, or a pair id seen twice in one order
 * @example orderSwap({ margin: [2, -1, 1, 1], label: [1, 0, 0, 1] }, { pairId: [1, 1, 2, 2], order: ["ab", "ba", "ab", "ba"] }).swapConsistency // => 0.5
 */
export function orderSwap(pairs: Pairs, options: OrderSwapOptions): OrderSwap {
  const o = optionsObject(options, ORDER_SWAP_OPTION_KEYS);
  const { pairId, order, confidence, ...assessOptions } = o;
  const level = numberOption(confidence ?? 0.95, "options.confidence", (c) => c > 0 && c < 1, "a number in (0, 1)");
  const columns = toPairColumns(pairs);
  const ids = keyColumn(pairId, "options.pairId", columns.n);
  const flags = keyColumn(order, "options.order", columns.n);
  const orders = [...new Set(flags)].sort();
  if (orders.length !== 2) {
    throw new RmcalRangeError("invalid-argument", `options.order has ${orders.length} distinct value${orders.length === 1 ? "" : "s"} (${orders.slice(0, 3).map((v) => JSON.stringify(v)).join(", ")}); pairs judged in both orders need exactly two`, { argument: "options.order" });
  }
  // rows[id] = [row in the first order, row in the second]; -1 where that order is missing.
  const rows = new Map<string, [number, number]>();
  for (let i = 0; i < columns.n; i++) {
    const slot = flags[i] === orders[0] ? 0 : 1;
    const entry = rows.get(ids[i]) ?? [-1, -1];
    if (entry[slot] >= 0) {
      throw new RmcalRangeError("invalid-argument", `options.pairId[${i}] is ${JSON.stringify(ids[i])} in order ${JSON.stringify(flags[i])}, as row ${entry[slot]} is: each pair has one row per order`, { argument: "options.pairId", index: i });
    }
    entry[slot] = i;
    rows.set(ids[i], entry);
  }
  const first: number[] = [], second: number[] = [];
  for (const [a, b] of rows.values()) if (a >= 0 && b >= 0) { first.push(a); second.push(b); }
  if (first.length === 0) throw new RmcalRangeError("invalid-argument", "options.pairId: no pair id has a row in both orders", { argument: "options.pairId" });
  const { margin, label, weight } = columns;
  const w = (i: number) => (weight === null ? 1 : weight[i]);
  const y = (i: number) => (label === null ? 1 : label[i]);
  let total = 0, consistent = 0, flips = 0, halfTies = 0;
  const averaged = new Float64Array(first.length), averagedLabel = new Float64Array(first.length), pairWeight = new Float64Array(first.length);
  first.forEach((i, k) => {
    const j = second[k];
    // The second row shows the responses the other way round, so its margin is read with the opposite sign.
    const v1 = Math.sign(margin[i]), v2 = -Math.sign(margin[j]);
    const pw = (w(i) + w(j)) / 2;
    total += pw;
    if (v1 === v2) consistent += pw;
    else if (v1 !== 0 && v2 !== 0) flips += pw;
    else halfTies += pw;
    averaged[k] = margin[i] / 2 - margin[j] / 2;
    averagedLabel[k] = y(i);
    pairWeight[k] = w(i);
  });
  const subset = (indices: number[]) => toPairColumns({
    margin: Float64Array.from(indices, (i) => margin[i]), label: Float64Array.from(indices, y),
    ...(weight === null ? {} : { weight: Float64Array.from(indices, w) }),
  });
  const calibration = {
    first: assessColumns(subset(first), assessOptions),
    second: assessColumns(subset(second), assessOptions),
    averaged: assessColumns(toPairColumns({ margin: averaged, label: averagedLabel, ...(weight === null ? {} : { weight: pairWeight }) }), assessOptions),
  };
  const both = [...first, ...second];
  let positionBias: OrderSwap["positionBias"] = null, note: string | null = null;
  try {
    const fit = fitPlatt({ ...subsetPairs(margin, label, weight, both), cluster: both.map((i) => ids[i]) }, { confidence: level });
    positionBias = { beta: fit.bias, alpha: fit.scale, interval: fit.betaInterval, converged: fit.converged, message: fit.message };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    note = `no position bias: ${error.message}`;
  }
  return {
    pairs: first.length, unpaired: columns.n - 2 * first.length, orders: [orders[0], orders[1]],
    swapConsistency: consistent / total, flipShare: flips / total, halfTieShare: halfTies / total,
    positionBias, note, calibration,
  };
}

function subsetPairs(margin: Float64Array, label: Float64Array | null, weight: Float64Array | null, rows: number[]) {
  return {
    margin: Float64Array.from(rows, (i) => margin[i]),
    label: Float64Array.from(rows, (i) => (label === null ? 1 : label[i])),
    ...(weight === null ? {} : { weight: Float64Array.from(rows, (i) => weight[i]) }),
  };
}

function keyColumn(values: unknown, name: string, n: number): string[] {
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new RmcalTypeError("invalid-argument", `${name} must be an array with one key per pair, got ${describeValue(values)}`, { argument: name });
  }
  const column = values as ArrayLike<unknown>;
  requireSameLength({ pairs: { length: n }, [name]: column });
  return Array.from(column, (key, i) => {
    if (typeof key !== "string" && !(typeof key === "number" && Number.isFinite(key))) {
      throw new RmcalTypeError("invalid-argument", `${name}[${i}] is ${describeValue(key)}; keys must be strings or finite numbers`, { argument: name, index: i });
    }
    return String(key);
  });
}
