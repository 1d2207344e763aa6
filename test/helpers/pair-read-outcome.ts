// What readPairs makes of some input, as plain data to compare two readers by: the columns (bit patterns, so -0
// and NaN count), what was skipped and filtered, or the error's code and message.
import { readPairs, type ReadPairsOptions } from "../../src/platform/io/index";

type Batches = Parameters<typeof readPairs>[0];

const bits = (column: Float64Array | null) => (column === null ? null : Array.from(column, (x) => (Object.is(x, -0) ? "-0" : x)));

/** readPairs' result or error, comparable with toEqual. */
export async function pairReadOutcome(batches: Batches, options: ReadPairsOptions): Promise<unknown> {
  try {
    const t = await readPairs(batches, options);
    return {
      n: t.n, fieldsUsed: t.fieldsUsed, scoreA: bits(t.scoreA), scoreB: bits(t.scoreB), margin: bits(t.margin), label: bits(t.label),
      weight: bits(t.weight), covariates: t.covariates.map(bits), groups: t.groupNames, groupCodes: t.groupCodes && Array.from(t.groupCodes),
      skipped: t.skipped, filtered: t.filtered,
    };
  } catch (error) {
    return { error: (error as Error).message, code: (error as { code?: string }).code, name: (error as Error).name };
  }
}

/** `bytes` cut at the given fractions of its length (sorted, deduplicated), as chunks a stream could deliver. */
export function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    out.push(bytes.slice(from, to));
    from = to;
  }
  return out;
}
