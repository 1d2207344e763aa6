// Byte-for-byte comparison that reports where two long texts part, instead of a 100 kB diff.

/** null when the texts are identical; otherwise the first differing line of each, with its number. */
export function firstDifference(actual: string, expected: string): string | null {
  if (actual === expected) return null;
  const a = actual.split("\n");
  const e = expected.split("\n");
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      return `line ${i + 1}: got ${JSON.stringify(a[i])}, golden has ${JSON.stringify(e[i])} (lengths ${actual.length} vs ${expected.length})`;
    }
  }
  return `texts differ only in line endings (lengths ${actual.length} vs ${expected.length})`;
}
