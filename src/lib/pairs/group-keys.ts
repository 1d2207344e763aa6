// The group column (a subset, task or domain per pair) as text keys: one rule for diagnose's slices and the grouped
// temperatures (docs/DESIGN.md §5.14, §7.4).
import { RmcalTypeError } from "../../core/errors";
import { describeValue, requireSameLength } from "../validation/columns";

/**
 * One key per pair as text: strings stay, numbers become their text, so 1 and "1" name one group (as in a CSV file
 * read by the CLI). O(n).
 * @param group the caller's column
 * @param n the number of pairs
 * @param pairsName how the pairs argument is named in messages
 * @param name how the group column is named in messages
 * @throws {TypeError|RangeError} when group is not a column of n strings or numbers, naming the first bad index
 */
export function groupKeys(group: unknown, n: number, pairsName: string, name = "options.group"): string[] {
  const isColumn = Array.isArray(group) || (ArrayBuffer.isView(group) && !(group instanceof DataView));
  if (!isColumn) throw new RmcalTypeError("invalid-argument", `${name} must be an array with one key per pair, got ${describeValue(group)}`, { argument: name });
  const column = group as ArrayLike<unknown>;
  requireSameLength({ [pairsName]: { length: n }, [name]: column });
  return Array.from(column, (key, i) => {
    if (typeof key !== "string" && !(typeof key === "number" && Number.isFinite(key))) {
      throw new RmcalTypeError("invalid-argument", `${name}[${i}] is ${describeValue(key)}; group keys must be strings or finite numbers`, { argument: name, index: i });
    }
    return String(key);
  });
}
