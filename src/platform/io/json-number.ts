// A JSON number read straight from UTF-8 bytes, to the same double JSON.parse gives, without making a string
// (docs/DESIGN.md §12.5).

/** 10^0 … 10^22: every one is a double exactly (5^22 < 2^53), which the fast path below relies on. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const TWO_53 = 2 ** 53;
// A numeral is ASCII, so any ASCII-compatible decoder gives its text.
const ASCII = new TextDecoder();

/** The value of the number scanJsonNumber last accepted; a variable, not a returned object, so a scan allocates nothing. */
export let scannedNumber = 0;

/**
 * Scans a JSON number (RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?) at bytes[start] and
 * leaves its value in `scannedNumber`: the double JSON.parse gives the same text. Most numbers take Clinger's
 * fast path: at most 15–16 significant digits w (< 2^53, so exact) and a power of ten 10^e with |e| ≤ 22 (exact
 * too), so w × 10^e or w ÷ 10^−e is one correctly rounded operation. Any other numeral is handed to Number(),
 * which rounds correctly at any length. O(length of the numeral).
 * see: W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990.
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
  // w gathers the significant digits (leading zeros dropped) while it stays exact; `scale` is the power of ten
  // that the digits after the decimal point contribute; `exact` turns false once a digit would not fit.
  let w = 0, digits = 0, scale = 0, exact = true;
  let c = bytes[i];
  if (c === 0x30) {
    i++;
  } else if (c >= 0x31 && c <= 0x39) {
    // Invariant: w is the integer of the significant digits read so far, exact while digits ≤ 16 and w < 2^53.
    for (; i < end && (c = bytes[i]) >= 0x30 && c <= 0x39; i++) {
      if (digits < 16) { w = w * 10 + (c - 0x30); digits++; } else { exact = false; }
    }
  } else {
    return -1;
  }
  if (i < end && bytes[i] === 0x2e) {
    i++;
    const first = i;
    for (; i < end && (c = bytes[i]) >= 0x30 && c <= 0x39; i++) {
      if (digits === 0 && c === 0x30) { scale--; continue; }
      if (digits < 16) { w = w * 10 + (c - 0x30); digits++; scale--; } else if (c !== 0x30) { exact = false; }
      // A trailing zero past 16 digits changes nothing, so the number stays exact.
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
  if (w === 0 && exact) {
    scannedNumber = negative ? -0 : 0;
  } else if (exact && w < TWO_53 && scale >= -22 && scale <= 22) {
    const x = scale < 0 ? w / POWERS_OF_TEN[-scale] : w * POWERS_OF_TEN[scale];
    scannedNumber = negative ? -x : x;
  } else {
    scannedNumber = Number(ASCII.decode(bytes.subarray(start, i)));
  }
  return i;
}
