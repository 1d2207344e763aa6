// Pair tables as the library's input shapes, and their row subsets (groups, splits).
import type { PairColumns, Pairs } from "../../lib/pairs/pairs";
import type { PairTable } from "./read-pairs";
import { isTotalWeight, marginColumn } from "../../lib/validation/columns";
import { RmcalRangeError, RmcalTypeError } from "../../core/errors";

/**
 * The table as library pairs: {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, with weight and
 * cluster. The cluster column is the table's codes, which are in order of first appearance, so toPairColumns codes
 * them to themselves: the same codes as tableColumns (docs/DESIGN.md §6.5). O(1).
 * @example assess(tablePairs(table))
 */
export function tablePairs(table: PairTable): Pairs {
  if (table.mapping.shape !== "margin" && table.scoreA === null) {
    throw new RmcalTypeError("invalid-argument", "the table was read with marginsOnly; use tableColumns to assess it", { argument: "table" });
  }
  const weight = table.weight ?? undefined, cluster = table.clusterCodes ?? undefined;
  const withWeight = <T extends object>(p: T) => ({ ...p, ...(weight ? { weight } : {}), ...(cluster ? { cluster } : {}) });
  switch (table.mapping.shape) {
    case "chosen-rejected": return withWeight({ chosen: table.scoreA!, rejected: table.scoreB! });
    case "scores": return withWeight({ scoreA: table.scoreA!, scoreB: table.scoreB!, label: table.label! });
    case "margin": return withWeight({ margin: table.margin!, label: table.label! });
  }
}

/**
 * The rows of `table` at `indices`, as a new table. Group codes are kept; cluster codes are renumbered in order of
 * first appearance among the chosen rows (only the clusters present count), so a subset read through tablePairs or
 * tableColumns resamples the same units in the same order. O(k + clusters) for k indices.
 * @example subsetTable(table, rowsOfGroup(table, 0))
 */
export function subsetTable(table: PairTable, indices: ArrayLike<number>): PairTable {
  const pick = <T extends Float64Array | Uint32Array>(c: T | null): T | null => {
    if (c === null) return null;
    const out = new (c.constructor as { new (n: number): T })(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = c[indices[i]];
    return out;
  };
  return {
    ...table,
    n: indices.length,
    scoreA: pick(table.scoreA), scoreB: pick(table.scoreB), margin: pick(table.margin),
    label: pick(table.label), weight: pick(table.weight), groupCodes: pick(table.groupCodes),
    covariates: table.covariates.map((c) => pick(c)!),
    ...renumberedClusters(table, indices),
  };
}

function renumberedClusters(table: PairTable, indices: ArrayLike<number>): Pick<PairTable, "clusterCodes" | "clusterCount"> {
  const codes = table.clusterCodes;
  if (codes === null) return { clusterCodes: null, clusterCount: 0 };
  const renumbered = new Int32Array(table.clusterCount).fill(-1);
  const out = new Int32Array(indices.length);
  let count = 0;
  for (let i = 0; i < indices.length; i++) {
    const code = codes[indices[i]];
    if (renumbered[code] < 0) renumbered[code] = count++;
    out[i] = renumbered[code];
  }
  return { clusterCodes: out, clusterCount: count };
}

/** Row indices whose group code is `code`. O(n). */
export function rowsOfGroup(table: PairTable, code: number): Uint32Array {
  const codes = table.groupCodes;
  if (codes === null) throw new RmcalTypeError("invalid-argument", "the table has no group field", { argument: "table" });
  let count = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] === code) count++;
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < codes.length; i++) if (codes[i] === code) out[k++] = i;
  return out;
}

/**
 * The table as validated pair columns, without copying: what `assess` builds from pairs, for callers (the CLI) that
 * read and validated the values already. The reader checked every value; this adds the checks that need all rows.
 * O(n) for the margins when the table kept two score columns, else O(1) plus the weight sum.
 * @throws {RangeError} if the weights sum to 0, or a difference of scores overflows
 * @example assessColumns(tableColumns(table), { bins: 15 })
 */
export function tableColumns(table: PairTable): PairColumns {
  const shape = table.mapping.shape;
  const a = table.scoreA!, b = table.scoreB!;
  // The same subtraction and rule as toPairColumns, so results match assess(tablePairs(table)) bit for bit.
  const margin = table.margin ?? marginColumn(a, b, (i) =>
    new RmcalRangeError("invalid-argument", `row ${i}: the score difference overflows (${a[i]} − ${b[i]}); rescale the scores`, { argument: "table", index: i }));
  if (table.weight !== null) {
    let sum = 0;
    for (let i = 0; i < table.n; i++) sum += table.weight[i];
    if (!isTotalWeight(sum)) throw new RmcalRangeError("invalid-argument", `the weights sum to ${sum}; the total weight must be positive and finite`, { argument: "table.weight" });
  }
  return {
    shape, n: table.n, margin,
    label: shape === "chosen-rejected" ? null : table.label,
    weight: table.weight, scoreA: table.scoreA, scoreB: table.scoreB,
    cluster: table.clusterCodes, clusterCount: table.clusterCount,
  };
}
