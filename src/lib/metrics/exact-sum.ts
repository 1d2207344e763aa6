// Exact sums of float64 values, for merging partial assessments (docs/DESIGN.md §3.8). Float addition is not
// associative, so shard sums added as floats would give bits that depend on how the merge tree is shaped. Every
// finite float64 is a dyadic rational m·2^e, and so is any sum of them: kept as a BigInt m and an integer e, sums
// add exactly, in any order and grouping, and are rounded to float64 once, at the end (round half to even, IEEE
// 754's default). BigInt arithmetic is exact integer arithmetic in every engine, so the bits are the same
// everywhere (docs/DESIGN.md §2.7).
import { RmcalError } from "../../core/errors";

/** m·2^e with m ≥ 0, m odd or zero (e = 0 then): one value has one representation. Or +∞, absorbing. */
export type ExactSum = { readonly m: bigint; readonly e: number } | "inf";

export const EXACT_ZERO: ExactSum = { m: 0n, e: 0 };

/** Scratch for reading a float's bits (one per module: the functions here are synchronous). */
const BITS = new DataView(new ArrayBuffer(8));

/**
 * The exact value of a float64 x ≥ 0 (or +∞). O(1).
 * @throws {RmcalError} code "internal" for a negative or NaN x: every summed quantity is ≥ 0
 * @example exactText(exactOfFloat(1.5)) // => "0x3p-1"
 */
export function exactOfFloat(x: number): ExactSum {
  if (x === Infinity) return "inf";
  if (!(x >= 0)) throw new RmcalError("internal", `a partial sum is ${x}; every summed quantity is ≥ 0 (please report this)`);
  if (x === 0) return EXACT_ZERO;
  BITS.setFloat64(0, x);
  const bits = BITS.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  // Subnormals have no hidden bit and the exponent of the smallest normal.
  return normalized(biased === 0 ? fraction : fraction | (1n << 52n), (biased === 0 ? 1 : biased) - 1075);
}

/**
 * a + b, exactly. O(size of the operands in bits).
 * @example exactText(addExact(exactOfFloat(0.1), exactOfFloat(0.2))) // => "0x4ccccccccccccdp-54"
 */
export function addExact(a: ExactSum, b: ExactSum): ExactSum {
  if (a === "inf" || b === "inf") return "inf";
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  return normalized((a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e)), e);
}

/**
 * Whether a ≤ b, exactly. O(bits).
 * @example exactAtMost(exactOfFloat(0.1), exactOfFloat(0.2)) // => true
 */
export function exactAtMost(a: ExactSum, b: ExactSum): boolean {
  if (b === "inf") return true;
  if (a === "inf") return false;
  const e = Math.min(a.e, b.e);
  return a.m << BigInt(a.e - e) <= b.m << BigInt(b.e - e);
}

/** x·2^k, exactly. */
export function timesPowerOfTwoExact(x: ExactSum, k: number): ExactSum {
  return x === "inf" || x.m === 0n ? x : { m: x.m, e: x.e + k };
}

/**
 * The float64 nearest to x·2^k, ties to even (+∞ beyond the largest float). Exactly one rounding, so the result
 * depends only on the value, never on the order in which it was summed. O(bits of x).
 * @example roundExact(addExact(exactOfFloat(0.1), exactOfFloat(0.2)), 0) // => 0.30000000000000004
 */
export function roundExact(x: ExactSum, k = 0): number {
  if (x === "inf") return Infinity;
  if (x.m === 0n) return 0;
  const e = x.e + k;
  const top = bitLength(x.m) - 1 + e; // the value lies in [2^top, 2^(top+1))
  if (top > 1023) return Infinity;
  // The quantum of the result: 53 significant bits for normal numbers, 2^-1074 for subnormal ones.
  const quantum = Math.max(top - 52, -1074);
  let n: bigint;
  if (e >= quantum) {
    n = x.m << BigInt(e - quantum);
  } else {
    const shift = BigInt(quantum - e);
    n = x.m >> shift;
    const rest = x.m - (n << shift), half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (n & 1n) === 1n)) n += 1n;
  }
  // n ≤ 2^53 is exact as a Number, and n·2^quantum is representable (or overflows to +∞ when the rounding carried
  // past the largest float): the product is exact.
  return Number(n) * powerOfTwo(quantum);
}

/**
 * The text of x in a partial: a C99/Python hexadecimal float "0x<m>p<e>" (m in hex, odd), "0x0p+0" or "inf".
 * Canonical, so equal values have equal text; float.fromhex reads it (rounding long mantissas).
 * @example exactText(exactOfFloat(3)) // => "0x3p+0"
 */
export function exactText(x: ExactSum): string {
  if (x === "inf") return "inf";
  return `0x${x.m.toString(16)}p${x.e < 0 ? "-" : "+"}${Math.abs(x.e)}`;
}

/** The longest mantissa a partial may hold, in hex digits: far beyond any sum of float64 values (about 2,100 bits). */
const MAX_HEX_DIGITS = 1024;

/**
 * The value of exactText's text, or null when `text` is not one (not canonical, negative, too long). O(length).
 * @example parseExactText("0x3p-1") // => { m: 3n, e: -1 }
 */
export function parseExactText(text: string): ExactSum | null {
  if (text === "inf") return "inf";
  const match = /^0x([0-9a-f]+)p([+-])(\d{1,6})$/.exec(text);
  if (match === null || match[1].length > MAX_HEX_DIGITS) return null;
  const m = BigInt(`0x${match[1]}`);
  const e = (match[2] === "-" ? -1 : 1) * Number(match[3]);
  const value = normalized(m, e);
  // Only the canonical text is accepted, so that a partial has one text per value (merges compare as text).
  return exactText(value) === text ? value : null;
}

/** m·2^e with the trailing zero bits of m moved into e. */
function normalized(m: bigint, e: number): ExactSum {
  if (m === 0n) return EXACT_ZERO;
  while ((m & 0xffffffffn) === 0n) { m >>= 32n; e += 32; }
  while ((m & 1n) === 0n) { m >>= 1n; e += 1; }
  return { m, e };
}

function bitLength(m: bigint): number {
  return m.toString(2).length;
}

/** 2^k for −1074 ≤ k ≤ 1023, every step exact (2^k is representable there). */
function powerOfTwo(k: number): number {
  let p = 1;
  for (let i = 0; i < k; i++) p *= 2;
  for (let i = 0; i > k; i--) p /= 2;
  return p;
}
