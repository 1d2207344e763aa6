// Valid base files for the reader fuzz corpus and the CLI sample (seeded, so every run sees the same files).

export type Format = "jsonl" | "csv" | "tsv";

/** Valid base files: the shapes rmcal detects, with a group field. */
export function baseFile(format: Format, rows: number, seed: number): string {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const num = () => Math.round((next() * 8 - 4) * 1000) / 1000;
  const lines: string[] = [];
  if (format === "jsonl") {
    for (let i = 0; i < rows; i++) {
      lines.push(i % 2 === 0
        ? JSON.stringify({ chosen: num(), rejected: num(), subset: `s${i % 3}` })
        : JSON.stringify({ chosen: num(), rejected: num(), subset: `s${i % 3}`, note: "ok" }));
    }
  } else {
    const sep = format === "csv" ? "," : "\t";
    lines.push(["score_a", "score_b", "label", "subset"].join(sep));
    for (let i = 0; i < rows; i++) lines.push([num(), num(), [0, 1, 0.5][i % 3], `s${i % 3}`].join(sep));
  }
  return lines.join("\n") + "\n";
}

