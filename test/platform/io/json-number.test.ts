// scanJsonNumber against JSON.parse, the oracle: every numeral JSON accepts gives the very same double (bit for
// bit, -0 included), and every text JSON refuses is refused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scanJsonNumber, scannedNumber, skipJsonNumber } from "../../../src/platform/io/json-number";
import { SEED } from "../../properties/arbitraries";

const encoder = new TextEncoder();

/** The value scanJsonNumber reads from the whole of `text`, or null when it refuses or stops short. */
function scan(text: string): number | null {
  const bytes = encoder.encode(text);
  return scanJsonNumber(bytes, 0, bytes.length) === bytes.length ? scannedNumber : null;
}

/** What JSON.parse makes of `text` as a number, or null when it is not a JSON number. */
function oracle(text: string): number | null {
  if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return null;
  return JSON.parse(text) as number;
}

const EDGE_NUMERALS = [
  "0", "-0", "0.0", "-0.0", "0e5", "-0E-5", "1", "-1", "0.1", "0.2", "0.3", "1e22", "1e23", "9007199254740992",
  "9007199254740993", "9007199254740991", "123456789012345678", "0.1234567890123456", "0.12345678901234567",
  "1.7976931348623157e308", "1.7976931348623159e308", "1e309", "-1e400", "5e-324", "2e-324", "3e-324", "1e-400",
  "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324", "1.0000000000000002",
  "0.00000000000000000000000000001", "100000000000000000000000", "1E+2", "1e-22", "1e-23", "4.35e-22",
  "9999999999999999", "99999999999999999", "0.50000000000000000000000", "12345678901234567890e-10", "1e0000000000000000001",
  "8.98846567431158e307", "0.1e-22", "1234567890123456e-22", "1234567890123456e22",
];

describe("scanJsonNumber", () => {
  it("scanJsonNumber(numeral) gives JSON.parse's double for the edge cases of decimal-to-binary conversion", () => {
    for (const text of EDGE_NUMERALS) expect(Object.is(scan(text), oracle(text)), text).toBe(true);
  });

  it("scanJsonNumber(String(x)) and x's exponential and fixed forms give x exactly, for any double", () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }), (x, digits) => {
      const forms = [String(x), x.toExponential(digits), Math.abs(x) < 1e21 ? x.toFixed(digits) : String(x), x.toPrecision(digits + 1)];
      for (const text of forms.filter((t) => oracle(t) !== null)) expect(Object.is(scan(text), oracle(text)), text).toBe(true);
    }), { seed: SEED, numRuns: 3000 });
  });

  it("scanJsonNumber(text) agrees with JSON.parse on random numerals, long ones and malformed ones included", () => {
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
    const numeral = fc.tuple(
      fc.constantFrom("", "-", "+", "--"), digits(0, 25), fc.constantFrom("", "."), digits(0, 25),
      fc.constantFrom("", "e", "E", "e+", "e-", "E-"), digits(0, 4), fc.constantFrom("", "", "", " ", "x", "."),
    ).map((parts) => parts.join(""));
    fc.assert(fc.property(numeral, (text) => {
      expect(Object.is(scan(text), oracle(text)), text).toBe(true);
    }), { seed: SEED, numRuns: 5000 });
  });

  it("scanJsonNumber(bytes, start, end) reads within [start, end) only and returns where the numeral stops", () => {
    const bytes = encoder.encode('{"a":-12.5e1,"b":7}');
    expect(scanJsonNumber(bytes, 5, bytes.length)).toBe(12);
    expect(scannedNumber).toBe(-125);
    expect(scanJsonNumber(bytes, 5, 8)).toBe(8); // the caller's bound ends it at "-12"
    expect(scannedNumber).toBe(-12);
    expect(scanJsonNumber(bytes, 5, 9)).toBe(-1); // "-12." has a point and no digit after it
    expect(scanJsonNumber(bytes, 0, bytes.length)).toBe(-1);
  });
});

describe("skipJsonNumber", () => {
  it("skipJsonNumber(text) stops where scanJsonNumber stops, on any text", () => {
    const text = fc.string({ unit: fc.constantFrom(..."0123456789-+.eE x"), maxLength: 12 });
    fc.assert(fc.property(text, (t) => {
      const bytes = encoder.encode(t);
      expect(skipJsonNumber(bytes, 0, bytes.length)).toBe(scanJsonNumber(bytes, 0, bytes.length));
    }), { seed: SEED, numRuns: 5000 });
  });
});
