// The tables of consecutive pieces of one dataset (files, or byte ranges of one file) as the table one read of
// them in turn builds (docs/DESIGN.md §6.10).
import { joinSkipped } from "./input-error";
import type { PairTable } from "./read-pairs";

/**
 * The tables of consecutive pieces as one: columns joined in order, group codes renumbered by first appearance,
 * skipped counts added and their first examples kept in order, filtered counts added. The mapping is the first's
 * (the caller has checked that every piece read by it). O(n); memory the joined columns.
 * @param tables the pieces' tables, in order (at least one)
 * @returns the joined table
 */
export function joinPairTables(tables: readonly PairTable[]): PairTable {
  const [head] = tables;
  const n = tables.reduce((sum, table) => sum + table.n, 0);
  const join = (column: (table: PairTable) => Float64Array | null): Float64Array | null => {
    if (column(head) === null) return null;
    const out = new Float64Array(n);
    let at = 0;
    for (const table of tables) {
      out.set(column(table)!, at);
      at += table.n;
    }
    return out;
  };
  return {
    ...head,
    n,
    scoreA: join((t) => t.scoreA), scoreB: join((t) => t.scoreB), margin: join((t) => t.margin),
    label: join((t) => t.label), weight: join((t) => t.weight),
    covariates: head.covariates.map((_, k) => join((t) => t.covariates[k])!),
    ...joinedGroups(tables, n),
    skipped: joinSkipped(tables.map((t) => t.skipped)),
    filtered: tables.reduce((sum, t) => sum + t.filtered, 0),
  };
}

/** Group names in order of first appearance over the pieces in order, and each row's code among them. O(n). */
function joinedGroups(tables: readonly PairTable[], n: number): Pick<PairTable, "groupCodes" | "groupNames"> {
  if (tables[0].groupCodes === null) return { groupCodes: null, groupNames: [] };
  const codeOf = new Map<string, number>();
  const codes = new Uint32Array(n);
  let at = 0;
  for (const table of tables) {
    const renumbered = table.groupNames.map((name) => {
      let code = codeOf.get(name);
      if (code === undefined) codeOf.set(name, (code = codeOf.size));
      return code;
    });
    for (let i = 0; i < table.n; i++) codes[at++] = renumbered[table.groupCodes![i]];
  }
  return { groupCodes: codes, groupNames: [...codeOf.keys()] };
}
