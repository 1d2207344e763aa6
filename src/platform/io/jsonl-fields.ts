// The numeric fields of a JSON Lines row, read from its bytes in one pass: no string, no object per row
// (docs/DESIGN.md §12.5). The scan answers only for the plain case; every other row goes to JSON.parse, whose
// rules (and messages) stay the only ones.
import { scanJsonNumber, scannedNumber, skipJsonNumber } from "./json-number";
import { FieldTexts } from "./field-texts";

const encoder = new TextEncoder();
// Nesting beyond this is left to JSON.parse, so the recursive skip cannot exhaust the stack.
const MAX_DEPTH = 64;

/**
 * A reader of given top-level numeric fields from a JSON Lines row's UTF-8 bytes. `scan` accepts a row only when
 * JSON.parse would accept it as an object in which each field occurs once with a number as its value, so whatever
 * `scan` accepts reads as it would through JSON.parse; it declines anything else (invalid JSON, a missing or
 * repeated field, a field that is a string or an array, a key written with an escape, a number too large for a
 * double), and the caller then takes the row through JSON.parse. O(length of the row).
 */
export class JsonlFieldScanner {
  /** The values of the last row scan accepted, in the order of `fields`. */
  readonly values: Float64Array;
  /** The texts of the last row scan accepted, in the order of `textFields`. */
  readonly texts: string[];
  private readonly fieldTexts: FieldTexts;
  private readonly numericCount: number;
  private readonly names: Uint8Array[];
  private found = 0;
  // With ASCII names a key's bytes match a name exactly when its decoded text does (a byte of 0x80 or above, even
  // malformed, decodes to a non-ASCII character). Otherwise a key with such bytes is left to JSON.parse, for
  // malformed UTF-8 decodes to U+FFFD, which a name may contain.
  private readonly asciiNames: boolean;

  /**
   * @param fields the numeric fields
   * @param textFields fields whose value must be a string written without escapes (a group, a cluster); with
   * `fields`, at most 30 distinct names (a bit each): more are refused with a RangeError
   */
  constructor(fields: readonly string[], textFields: readonly string[] = []) {
    if (fields.length + textFields.length > 30) throw new RangeError("JsonlFieldScanner reads at most 30 fields");
    this.numericCount = fields.length;
    this.fieldTexts = new FieldTexts(textFields.length);
    this.texts = this.fieldTexts.texts;
    this.names = [...fields, ...textFields].map((field) => encoder.encode(field));
    this.asciiNames = this.names.every((name) => name.every((c) => c < 0x80));
    this.values = new Float64Array(fields.length);
  }

  /**
   * Reads the fields of the row bytes[start..end) (its line break excluded) into `values`.
   * @returns true when the row is a JSON object holding each field once, as a number; false to leave it to JSON.parse
   * @example new JsonlFieldScanner(["a"]).scan(new TextEncoder().encode('{"a": 1.5}'), 0, 10) // => true
   */
  scan(bytes: Uint8Array, start: number, end: number): boolean {
    this.found = 0;
    let i = skipSpace(bytes, start, end);
    if (i >= end || bytes[i] !== 0x7b) return false;
    i = skipSpace(bytes, i + 1, end);
    if (i < end && bytes[i] === 0x7d) return false; // {}: no field
    // Invariant: i is at the opening quote of the next top-level key.
    for (;;) {
      if (i >= end || bytes[i] !== 0x22) return false;
      const keyStart = i + 1;
      i = keyStart;
      for (let c; i < end && (c = bytes[i]) !== 0x22; i++) if (c === 0x5c || c < 0x20 || (c >= 0x80 && !this.asciiNames)) return false;
      if (i >= end) return false;
      const field = this.fieldAt(bytes, keyStart, i);
      i = skipSpace(bytes, i + 1, end);
      if (i >= end || bytes[i] !== 0x3a) return false;
      i = skipSpace(bytes, i + 1, end);
      if (field >= 0) {
        const bit = 1 << field;
        if ((this.found & bit) !== 0) return false;
        this.found |= bit;
        if (field < this.numericCount) {
          i = scanJsonNumber(bytes, i, end);
          if (i < 0) return false;
          this.values[field] = scannedNumber;
        } else {
          // A text field: a string without escapes (which would need decoding), else the row path reads it.
          if (i >= end || bytes[i] !== 0x22) return false;
          const textStart = i + 1;
          for (i = textStart; i < end && bytes[i] !== 0x22; i++) if (bytes[i] === 0x5c || bytes[i] < 0x20) return false;
          if (i >= end) return false;
          this.fieldTexts.set(field - this.numericCount, bytes, textStart, i);
          i++;
        }
      } else {
        i = skipValue(bytes, i, end, 1);
        if (i < 0) return false;
      }
      i = skipSpace(bytes, i, end);
      if (i >= end) return false;
      if (bytes[i] === 0x7d) break;
      if (bytes[i] !== 0x2c) return false;
      i = skipSpace(bytes, i + 1, end);
    }
    return skipSpace(bytes, i + 1, end) === end && this.found === (1 << this.names.length) - 1;
  }

  /** The index of the field spelt bytes[start..end), or -1. */
  private fieldAt(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    for (let f = 0; f < this.names.length; f++) {
      const name = this.names[f];
      if (name.length !== length) continue;
      let k = 0;
      while (k < length && name[k] === bytes[start + k]) k++;
      if (k === length) return f;
    }
    return -1;
  }
}

/** JSON's whitespace: space, tab, line feed, carriage return (RFC 8259 §2). */
function skipSpace(bytes: Uint8Array, i: number, end: number): number {
  for (let c; i < end && ((c = bytes[i]) === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a); i++);
  return i;
}

/** The index just past the JSON value at bytes[i], or -1 when there is none (or it nests too deep to check here). */
function skipValue(bytes: Uint8Array, i: number, end: number, depth: number): number {
  if (i >= end) return -1;
  const c = bytes[i];
  if (c === 0x22) return skipString(bytes, i, end);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return skipJsonNumber(bytes, i, end);
  if (c === 0x74) return literal(bytes, i, end, TRUE);
  if (c === 0x66) return literal(bytes, i, end, FALSE);
  if (c === 0x6e) return literal(bytes, i, end, NULL);
  if (depth >= MAX_DEPTH || (c !== 0x7b && c !== 0x5b)) return -1;
  const close = c === 0x7b ? 0x7d : 0x5d;
  i = skipSpace(bytes, i + 1, end);
  if (i < end && bytes[i] === close) return i + 1;
  // Invariant: i is at the next member (an object's key, an array's value).
  for (;;) {
    if (close === 0x7d) {
      if (i >= end || bytes[i] !== 0x22) return -1;
      i = skipSpace(bytes, skipString(bytes, i, end), end);
      if (i < 0 || i >= end || bytes[i] !== 0x3a) return -1;
      i = skipSpace(bytes, i + 1, end);
    }
    i = skipValue(bytes, i, end, depth + 1);
    if (i < 0) return -1;
    i = skipSpace(bytes, i, end);
    if (i >= end) return -1;
    if (bytes[i] === close) return i + 1;
    if (bytes[i] !== 0x2c) return -1;
    i = skipSpace(bytes, i + 1, end);
  }
}

/**
 * The index just past the string opened at bytes[i], or -1 when JSON.parse would refuse it (a control character,
 * a bad escape, no closing quote). Bytes of 0x80 and above pass: the text decoder turns even malformed UTF-8 into
 * characters, which JSON allows in strings.
 */
function skipString(bytes: Uint8Array, i: number, end: number): number {
  if (i < 0) return -1;
  for (i++; i < end; i++) {
    const c = bytes[i];
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -1;
    if (c === 0x5c) {
      if (++i >= end) return -1;
      const e = bytes[i];
      if (e === 0x75) {
        if (i + 4 >= end) return -1;
        for (let k = 1; k <= 4; k++) if (!isHex(bytes[i + k])) return -1;
        i += 4;
      } else if (!(e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)) {
        return -1;
      }
    }
  }
  return -1;
}

function isHex(c: number): boolean {
  return ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));
}

const TRUE = encoder.encode("true"), FALSE = encoder.encode("false"), NULL = encoder.encode("null");

function literal(bytes: Uint8Array, i: number, end: number, word: Uint8Array): number {
  if (end - i < word.length) return -1;
  for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word[k]) return -1;
  return i + word.length;
}
