// A JSON number read straight from UTF-8 bytes, to the same double JSON.parse gives, without making a string
// (docs/DESIGN.md §12.5).

/** 10^0 … 10^22: every one is a double exactly (5^22 < 2^53), which both fast paths below rely on. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const TWO_53 = 2 ** 53;
// A numeral is ASCII, so any ASCII-compatible decoder gives its text.
const ASCII = new TextDecoder();

/** The value of the number scanJsonNumber last accepted; a variable, not a returned object, so a scan allocates nothing. */
export let scannedNumber = 0;

/**
 * Scans a JSON number (RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?) at bytes[start] and
 * leaves its value in `scannedNumber`: the double JSON.parse gives the same text. Three ways, the first that applies:
 * - Clinger's fast path: the significant digits form an integer w < 2^53 (so exact) and the power of ten 10^e has
 *   |e| ≤ 22 (exact too), so w × 10^e or w ÷ 10^−e is one correctly rounded operation;
 * - 17 to 19 digits (what a shortest round-trip printer writes for most doubles) with |e| ≤ 22: w × 10^e in
 *   double-double arithmetic, to within 2^−98 of its value, which decides the rounding unless the value lies that
 *   close to a midpoint between two doubles;
 * - anything else, and those near-midpoints: Number() on the numeral's text, which rounds correctly at any length.
 * O(length of the numeral).
 * see: W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990; T. J. Dekker, "A floating-point
 * technique for extending the available precision", Numer. Math. 18, 1971 (the exact products and sums).
 * @param bytes UTF-8 text
 * @param start where the numeral should begin
 * @param end the end of the text to look at
 * @returns the index just past the numeral, or -1 when bytes[start..] does not begin a JSON number
 * @example scanJsonNumber(new TextEncoder().encode("-1.5e2,"), 0, 7) // => 6
 */
export function scanJsonNumber(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = i < end && bytes[i] === 0x2d;
  if (negative) i++;
  if (i >= end) return -1;
  // The significant digits (leading zeros dropped) as high × 10^lowDigits + low: high holds the first 15 (exact,
  // < 10^15), low the next 4 at most; `digits` counts them all, and `scale` is the power of ten of the last one.
  let high = 0, low = 0, lowDigits = 0, digits = 0, scale = 0;
  let c = bytes[i];
  if (c === 0x30) {
    i++;
  } else if (c >= 0x31 && c <= 0x39) {
    // d = c − "0" as an unsigned number: one comparison tells a digit.
    for (let d; i < end && (d = bytes[i] - 0x30) >>> 0 <= 9; i++) {
      if (digits < 15) high = high * 10 + d;
      else if (digits < 19) { low = low * 10 + d; lowDigits++; }
      else scale++;
      digits++;
    }
  } else {
    return -1;
  }
  if (i < end && bytes[i] === 0x2e) {
    i++;
    const first = i;
    for (let d; i < end && (d = bytes[i] - 0x30) >>> 0 <= 9; i++) {
      if (digits < 15) {
        high = high * 10 + d;
        scale--;
        if (high !== 0) digits++; // leading zeros are not significant
      } else if (digits < 19) { low = low * 10 + d; lowDigits++; scale--; digits++; }
      else digits++;
    }
    if (i === first) return -1;
  }
  if (i < end && (bytes[i] | 0x20) === 0x65) {
    i++;
    let sign = 1;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) { if (bytes[i] === 0x2d) sign = -1; i++; }
    const first = i;
    let e = 0;
    for (; i < end && (c = bytes[i]) >= 0x30 && c <= 0x39; i++) if (e < 100_000) e = e * 10 + (c - 0x30);
    if (i === first) return -1;
    scale += sign * e;
  }
  // Digits past the 19th were dropped above: the value is exact in high/low only when they were all zeros.
  let x = NaN;
  if (scale < -22 || scale > 22) {
    if (high === 0 && low === 0) x = 0;
  } else if (digits <= 19 || onlyZerosAfter19(bytes, start, i)) {
    const p = POWERS_OF_TEN[scale < 0 ? -scale : scale];
    const w = high * POWERS_OF_TEN[lowDigits] + low;
    // Clinger's path, inline as the common case: high × 10^k + low ≤ w < 2^53 is an exact integer.
    x = w < TWO_53 ? (scale < 0 ? w / p : w * p) : doubleDoubleValue(high, low, lowDigits, scale, p);
  }
  scannedNumber = x === x ? (negative ? -x : x) : Number(ASCII.decode(bytes.subarray(start, i)));
  return i;
}

/**
 * (high × 10^lowDigits + low) × 10^scale, for |scale| ≤ 22 and p = 10^|scale|, rounded to the nearest double; NaN
 * when the value lies too near a midpoint between two doubles for this precision to say which.
 */
function doubleDoubleValue(high: number, low: number, lowDigits: number, scale: number, p: number): number {
  // w exactly as a double-double (wh + wl): high × 10^lowDigits exactly by Dekker's product, plus low.
  twoProduct(high, POWERS_OF_TEN[lowDigits]);
  const ph = productHigh, pl = productLow;
  const sh = ph + low, sl = low - (sh - ph); // two-sum, exact: |ph| ≥ |low|
  const wh = sh + (sl + pl), wl = (sl + pl) - (wh - sh);
  let h: number, l: number;
  if (scale >= 0) {
    twoProduct(wh, p);
    const tail = productLow + wl * p;
    h = productHigh + tail;
    l = tail - (h - productHigh);
  } else {
    const q1 = wh / p;
    twoProduct(q1, p);
    // The remainder wh + wl − q1 × p: wh − productHigh is exact (they are within a factor 2, Sterbenz).
    const q2 = ((wh - productHigh) - productLow + wl) / p;
    h = q1 + q2;
    l = q2 - (h - q1);
  }
  // |l| ≤ ulp(h)/2. The true value lies within 2^-98·|h| of h + l, so it rounds to h unless l is that close to a
  // midpoint: ulp(h)/2, or ulp(h)/4 below a power of two.
  const ulp = ulpOf(h);
  const margin = Math.abs(h) * 2 ** -98, al = Math.abs(l);
  if (Math.abs(al - ulp / 2) <= margin || Math.abs(al - ulp / 4) <= margin) return NaN;
  return h;
}

// Dekker's exact product a × b = productHigh + productLow, without a fused multiply-add (JavaScript has none).
let productHigh = 0, productLow = 0;
const SPLITTER = 134217729; // 2^27 + 1

function twoProduct(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  productHigh = p;
  productLow = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The spacing of doubles at |x|, for a normal x: 2^(exponent − 52), read from its bits. */
function ulpOf(x: number): number {
  bits[0] = x;
  const exponent = (words[HIGH_WORD] >>> 20) & 0x7ff;
  words[HIGH_WORD] = (exponent - 52) << 20;
  words[1 - HIGH_WORD] = 0;
  return bits[0];
}

/** Whether every digit of the numeral bytes[start..end) after its 19th significant one is a zero. */
function onlyZerosAfter19(bytes: Uint8Array, start: number, end: number): boolean {
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if ((c | 0x20) === 0x65) break;
    if (c < 0x30 || c > 0x39) continue;
    if (digits === 0 && c === 0x30) continue;
    if (++digits > 19 && c !== 0x30) return false;
  }
  return true;
}

/**
 * The index just past the JSON number at bytes[start] (the grammar of scanJsonNumber), or -1; its value is not
 * computed, for a number in a field nobody reads. O(length of the numeral).
 * @example skipJsonNumber(new TextEncoder().encode("12.5e3}"), 0, 7) // => 6
 */
export function skipJsonNumber(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  if (i < end && bytes[i] === 0x2d) i++;
  if (i >= end) return -1;
  let c = bytes[i];
  if (c === 0x30) i++;
  else if (c >= 0x31 && c <= 0x39) while (i < end && (c = bytes[i]) >= 0x30 && c <= 0x39) i++;
  else return -1;
  if (i < end && bytes[i] === 0x2e) {
    const first = ++i;
    while (i < end && (c = bytes[i]) >= 0x30 && c <= 0x39) i++;
    if (i === first) return -1;
  }
  if (i < end && (bytes[i] | 0x20) === 0x65) {
    i++;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) i++;
    const first = i;
    while (i < end && (c = bytes[i]) >= 0x30 && c <= 0x39) i++;
    if (i === first) return -1;
  }
  return i;
}
