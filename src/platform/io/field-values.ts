// Turning one field of a row into a number, with the reason when it cannot be one.
import { isUnitValue } from "../../lib/validation/columns";
import { RmcalRangeError } from "../../core/errors";

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The number a field holds: a JSON number, a decimal string ("0.5", "-1e3", " 2 "), or a one-element array of
 * those (RewardBench stores scores as [x]). Returns a string describing the problem when it is not a finite number.
 * O(length of the text).
 * @param value the field's raw value
 * @returns the number, or the reason as a string
 * @example numericField("1.5") // => 1.5
 */
export function numericField(value: unknown): number | string {
  if (typeof value === "number") return Number.isFinite(value) ? value : `is ${value}; it must be a finite number`;
  if (typeof value === "string") {
    const text = value.trim();
    if (!DECIMAL.test(text)) return `is ${show(value)}; it must be a number`;
    const x = Number(text);
    return Number.isFinite(x) ? x : `is ${show(value)}; it must be a finite number`;
  }
  if (Array.isArray(value) && value.length === 1) return numericField(value[0]);
  if (value === undefined) return "is missing";
  return `is ${show(value)}; it must be a number`;
}

/**
 * The value of a row's own field, undefined when the row has no such field. A plain `values[field]` would find
 * Object.prototype's members: `--weight constructor` would read a function and `__proto__` an object, and report
 * them as the field's value. O(1).
 * @example fieldValue({ chosen: 1 }, "constructor") // => undefined
 */
export function fieldValue(values: Readonly<Record<string, unknown>>, field: string): unknown {
  return Object.hasOwn(values, field) ? values[field] : undefined;
}

/** The problem of a row without `field`: which fields it has instead, so a misspelt field flag shows. */
export function missingField(values: Readonly<Record<string, unknown>>): string {
  const names = Object.keys(values);
  const listed = names.slice(0, 10).map((name) => JSON.stringify(name)).join(", ");
  return names.length === 0 ? "does not exist; the row has no fields"
    : `does not exist; the row has ${listed}${names.length > 10 ? `, … (${names.length} fields)` : ""}`;
}

/** How a raw value looks in a message: quoted and cut to 40 characters. */
export function show(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  return String(value);
}

/**
 * A field whose value names something (a group, a cluster) as text: strings, numbers and booleans are read as their
 * text, so 1 and "1" name the same thing, as they would in a CSV file; anything else is a problem. One rule for
 * every naming field. O(1).
 * @param what how the problem names the value, e.g. "a group value"
 */
function nameField(value: unknown, what: string): string | { problem: string } {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === undefined) return { problem: "is missing" };
  return { problem: `is ${show(value)}; ${what} must be text or a number` };
}

/** A group (slice) value as text (nameField); an empty value is a group of its own. */
export function groupField(value: unknown): string | { problem: string } {
  return nameField(value, "a group value");
}

/**
 * A cluster id as text (nameField). An empty id is refused: it is how a CSV cell says "missing", and lumping every
 * such pair into one cluster would make one huge unit of the bootstrap (docs/DESIGN.md §6.5).
 */
export function clusterField(value: unknown): string | { problem: string } {
  const id = nameField(value, "a cluster id");
  return id === "" ? { problem: "is empty; every pair needs a cluster id" } : id;
}

/**
 * Parses a label mapping such as "1=1,2=0" or "A=1,B=0,tie=0.5": raw label text → label in [0, 1].
 * @throws {RangeError} naming the entry that is not KEY=NUMBER or whose number lies outside [0, 1]
 * @example parseLabelMap("1=1,2=0").get("2") // => 0
 */
export function parseLabelMap(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const entry of text.split(",")) {
    const at = entry.lastIndexOf("=");
    const key = entry.slice(0, at).trim();
    const value = at < 0 ? NaN : Number(entry.slice(at + 1).trim());
    if (at < 0 || key === "" || !isUnitValue(value)) {
      throw new RmcalRangeError("invalid-option", `--label-map entry ${show(entry)} must look like RAW=LABEL with LABEL in [0, 1], e.g. --label-map 1=1,2=0`, { argument: "--label-map" });
    }
    map.set(key, value);
  }
  return map;
}
