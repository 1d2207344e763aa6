// The Markdown table of the coverage study, made from its JSON (docs/coverage-study.json). One function, used by the
// study to print it and by test/docs/coverage-study.test.ts to check that README.md shows exactly this table.

/**
 * @typedef {{ n: number, data: "independent" | "clustered", bootstrap: "pairs" | "clusters", units: number,
 *   metric: string, sims: number, covered: number, below: number, above: number, coverage: number, se: number,
 *   meanWidth: number, percentileFallbacks: number }} CoverageCell
 * @typedef {{ confidence: number, resamples: number, smeceResamples: number, metrics: string[],
 *   promptEffect: "orientation" | "difficulty" }} CoverageSettings
 * @typedef {{ command: string, runSeconds: number, workers: number, machine: string, settings: CoverageSettings,
 *   truth: Record<string, number>, cells: CoverageCell[] }} CoverageStudy
 */

/** Column titles, and the key of each metric's true value in study.truth. */
export const METRIC_COLUMNS = {
  nll: { title: "NLL", truth: "nll" },
  brier: { title: "Brier", truth: "brier" },
  accuracy: { title: "accuracy", truth: "accuracy" },
  ece: { title: "ECE", truth: "ece" },
  rmsceDebiased: { title: "debiased RMSCE", truth: "rmsce" },
  smece: { title: "smooth ECE", truth: "smece" },
};

/**
 * The study's results as Markdown: the true values, then one row per (n, data, bootstrap) with, per metric, the
 * coverage in % ± its Monte Carlo standard error and the mean interval width.
 * @param {CoverageStudy} study
 * @returns {string}
 */
export function coverageTable(study) {
  const metrics = study.settings.metrics;
  const column = (/** @type {string} */ m) => METRIC_COLUMNS[/** @type {keyof typeof METRIC_COLUMNS} */ (m)];
  const pct = Math.round(study.settings.confidence * 100);
  const truth = metrics.map((m) => `${column(m).title} ${study.truth[column(m).truth].toFixed(5)}`).join(", ");
  /** @type {Map<string, CoverageCell[]>} */
  const rows = new Map();
  for (const cell of study.cells) {
    const key = `${cell.n}|${cell.data}|${cell.bootstrap}`;
    rows.set(key, [...(rows.get(key) ?? []), cell]);
  }
  const lines = [
    `Prompt effect: ${study.settings.promptEffect === "difficulty" ? "difficulty, σ(d/1.5 + sign(d)·u)" : "orientation, σ(d/1.5 + u)"}. ` +
      `True values (folded view, 15 uniform bins): ${truth}.`,
    "",
    `| n | data | bootstrap draws | sims | ${metrics.map((m) => column(m).title).join(" | ")} |`,
    `|---|---|---|---|${metrics.map(() => "---|").join("")}`,
  ];
  for (const cells of rows.values()) {
    const first = cells[0];
    const data = first.data === "clustered" ? "10 per prompt" : "independent";
    const draws = first.bootstrap === "clusters" ? `clusters (${first.units})` : first.data === "clustered" ? "pairs (ignores prompts)" : "pairs";
    const sims = first.sims;
    const entries = metrics.map((m) => {
      const c = cells.find((cell) => cell.metric === m);
      if (!c) return "–";
      const mark = c.sims === sims ? "" : ` [${c.sims}]`;
      return `${(100 * c.coverage).toFixed(1)} ± ${(100 * c.se).toFixed(1)} (${c.meanWidth.toPrecision(2)})${mark}`;
    });
    lines.push(`| ${first.n.toLocaleString("en-US")} | ${data} | ${draws} | ${sims} | ${entries.join(" | ")} |`);
  }
  lines.push(
    "",
    `Each entry: how often the ${pct}% BCa interval covered the true value, in % ± its Monte Carlo standard error ` +
      `√(p(1 − p)/sims), and (in parentheses) the mean interval width; ${study.settings.resamples} resamples, ` +
      `${study.settings.smeceResamples} for smooth ECE. [k]: the cell ran on the first k simulations only.`,
    "",
    `\`${study.command}\`: ${study.runSeconds} s on ${study.workers} worker thread(s), ${study.machine}.`,
  );
  return lines.join("\n");
}
