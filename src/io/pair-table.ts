// Pair tables as the library's input shapes, and their row subsets (groups, splits).
import type { Pairs } from "../pairs/pairs";
import type { PairTable } from "./read-pairs";

/**
 * The table as library pairs: {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, with weight. O(1).
 * @example assess(tablePairs(table))
 */
export function tablePairs(table: PairTable): Pairs {
  const weight = table.weight ?? undefined;
  const withWeight = <T extends object>(p: T) => (weight ? { ...p, weight } : p);
  switch (table.mapping.shape) {
    case "chosen-rejected": return withWeight({ chosen: table.scoreA!, rejected: table.scoreB! });
    case "scores": return withWeight({ scoreA: table.scoreA!, scoreB: table.scoreB!, label: table.label! });
    case "margin": return withWeight({ margin: table.margin!, label: table.label! });
  }
}

/**
 * The rows of `table` at `indices`, as a new table (group codes kept). O(k) for k indices.
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
  };
}

/** Row indices whose group code is `code`. O(n). */
export function rowsOfGroup(table: PairTable, code: number): Uint32Array {
  const codes = table.groupCodes;
  if (codes === null) throw new TypeError("the table has no group field");
  let count = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] === code) count++;
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < codes.length; i++) if (codes[i] === code) out[k++] = i;
  return out;
}
