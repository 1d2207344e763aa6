// Options shared by the isotonic functions, checked the same way everywhere.
import { RmcalRangeError } from "../../core/errors";
import { describeValue, numberOption } from "../validation/columns";

/** true, false, or (when allowed) "auto". */
export function increasingOption(value: unknown, allowAuto: boolean): boolean | "auto" {
  if (value === true || value === false || (allowAuto && value === "auto")) return value;
  throw new RmcalRangeError("invalid-option", `options.increasing is ${describeValue(value)}; it must be true, false${allowAuto ? ' or "auto"' : ""}`, { argument: "options.increasing" });
}

/** [yMin, yMax] with −∞ / +∞ for an absent bound; finite numbers with yMin ≤ yMax. */
export function boundsOptions(yMin: unknown, yMax: unknown): [number, number] {
  const low = yMin === undefined || yMin === null ? -Infinity : finiteBound(yMin, "options.yMin");
  const high = yMax === undefined || yMax === null ? Infinity : finiteBound(yMax, "options.yMax");
  if (low > high) throw new RmcalRangeError("invalid-option", `options.yMin is ${low}, above options.yMax = ${high}`, { argument: "options.yMin" });
  return [low, high];
}

function finiteBound(value: unknown, name: string): number {
  return numberOption(value, name, () => true, "a finite number");
}
