// Byte-for-byte comparison that reports where two long texts part, instead of a 500 kB diff.

/** null when the texts are identical; otherwise the line and a window of each text around the first difference. */
export function firstDifference(actual: string, expected: string): string | null {
  if (actual === expected) return null;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const line = expected.slice(0, i).split("\n").length;
  const window = (text: string) => JSON.stringify(text.slice(Math.max(0, i - 80), i + 80));
  return `first difference at character ${i} (line ${line}): got ${window(actual)}, golden has ${window(expected)} ` +
    `(lengths ${actual.length} vs ${expected.length})`;
}
