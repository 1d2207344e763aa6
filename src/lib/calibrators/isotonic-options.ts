// Options shared by the isotonic functions, checked the same way everywhere.
import { describeValue } from "../validation/columns";

/** true, false, or (when allowed) "auto". */
export function increasingOption(value: unknown, allowAuto: boolean): boolean | "auto" {
  if (value === true || value === false || (allowAuto && value === "auto")) return value;
  throw new RangeError(`options.increasing is ${describeValue(value)}; it must be true, false${allowAuto ? ' or "auto"' : ""}`);
}

/** [yMin, yMax] with −∞ / +∞ for an absent bound; finite numbers with yMin ≤ yMax. */
export function boundsOptions(yMin: unknown, yMax: unknown): [number, number] {
  const low = yMin === undefined || yMin === null ? -Infinity : finiteBound(yMin, "options.yMin");
  const high = yMax === undefined || yMax === null ? Infinity : finiteBound(yMax, "options.yMax");
  if (low > high) throw new RangeError(`options.yMin is ${low}, above options.yMax = ${high}`);
  return [low, high];
}

function finiteBound(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`${name} is ${describeValue(value)}; it must be a finite number`);
  return value;
}
