// Plain-TypeScript reference for best-of-N and Plackett–Luce (docs/DESIGN.md §5.12), written from the definitions:
// a log-sum-exp per stage, the softmax mean and variance for the derivatives, and a bisection for the fit. Rows are
// each prompt's scores in rank order (the chosen response first).

/** Stages of one prompt: the suffixes s[t:] for t < K − 1 (ranked), or s itself (best-of-N). */
function stages(row: readonly number[], ranked: boolean): number[][] {
  return Array.from({ length: ranked ? row.length - 1 : 1 }, (_, t) => row.slice(t));
}

function logSumExp(x: number[]): number {
  const top = Math.max(...x);
  return top + Math.log(x.reduce((s, v) => s + Math.exp(v - top), 0));
}

/** −log P(the observed choices) of one prompt at temperature T. */
export function referencePromptNll(row: readonly number[], ranked: boolean, temperature: number): number {
  return stages(row, ranked).reduce((sum, s) => sum + logSumExp(s.map((v) => v / temperature)) - s[0] / temperature, 0);
}

/** Mean NLL over prompts. */
export function referenceChoiceNll(rows: readonly (readonly number[])[], ranked: boolean, temperature: number): number {
  return rows.reduce((sum, row) => sum + referencePromptNll(row, ranked, temperature), 0) / rows.length;
}

/** d/da and d²/da² of one prompt's NLL at inverse temperature a: Σ over stages of E[s] − s_0 and Var[s]. */
export function referencePromptDerivatives(row: readonly number[], ranked: boolean, a: number): [number, number] {
  let g = 0, h = 0;
  for (const s of stages(row, ranked)) {
    const lse = logSumExp(s.map((v) => a * v));
    const p = s.map((v) => Math.exp(a * v - lse));
    const mean = p.reduce((m, pj, j) => m + pj * s[j], 0);
    g += mean - s[0];
    h += p.reduce((v, pj, j) => v + pj * (s[j] - mean) ** 2, 0);
  }
  return [g, h];
}

/**
 * The first five derivatives in a of one prompt's NLL at inverse temperature a, from the definition: each stage's
 * NLL is log Σ_j e^(a·s_j) − a·s_0, whose derivatives are the cumulants κ_1 … κ_5 of s under p = softmax(a·s)
 * (less s_0 in the first), taken from the raw moments E[s^r] by the moment–cumulant formulas.
 */
export function referencePromptExpansion(row: readonly number[], ranked: boolean, a: number): number[] {
  const total = [0, 0, 0, 0, 0];
  for (const s of stages(row, ranked)) {
    const lse = logSumExp(s.map((v) => a * v));
    const p = s.map((v) => Math.exp(a * v - lse));
    // Central moments about the mean (the raw-moment formulas cancel badly); κ from them.
    const mean = p.reduce((m, pj, j) => m + pj * s[j], 0);
    const c = (r: number) => p.reduce((m, pj, j) => m + pj * (s[j] - mean) ** r, 0);
    const [c2, c3, c4, c5] = [c(2), c(3), c(4), c(5)];
    [mean - s[0], c2, c3, c4 - 3 * c2 * c2, c5 - 10 * c3 * c2].forEach((v, r) => (total[r] += v));
  }
  return total;
}

/** The predicted winner's probability max softmax(s/T) and the chosen response's share of the top. */
export function referenceTopChoice(row: readonly number[], temperature: number): { confidence: number; correct: number } {
  const top = Math.max(...row);
  const lse = logSumExp(row.map((v) => v / temperature));
  const ties = row.filter((v) => v === top).length;
  return { confidence: Math.exp(top / temperature - lse), correct: row[0] === top ? 1 / ties : 0 };
}

/** The NLL-optimal T by bisection on the mean derivative in a ∈ [1e-3, 1e3] (assumes an interior optimum). */
export function referenceChoiceTemperature(rows: readonly (readonly number[])[], ranked: boolean): number {
  const g = (a: number) => rows.reduce((sum, row) => sum + referencePromptDerivatives(row, ranked, a)[0], 0);
  let lo = 1e-3, hi = 1e3;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (g(mid) < 0) lo = mid;
    else hi = mid;
  }
  return 2 / (lo + hi);
}

/** Rows in rank order from scores and the chosen index (the others in their order) or a ranking. */
export function rowsInRankOrder(scores: readonly (readonly number[])[], order: readonly (number | readonly number[])[]): number[][] {
  return scores.map((s, i) => {
    const o = order[i];
    if (typeof o !== "number") return o.map((j) => s[j]);
    return [s[o], ...s.filter((_, j) => j !== o)];
  });
}

/**
 * The sums of the fitted range and the reward normalization over rows in rank order, from the definitions: the
 * chosen score less each other one, every score, Σ K·w, Σ w·s and Σ w·(s − mean)² with mean their weighted mean.
 */
export function referenceScoreSums(rows: readonly (readonly number[])[], weight: ArrayLike<number> | null) {
  const margins = rows.flatMap((r) => r.slice(1).map((s) => r[0] - s));
  const all = rows.flat();
  const w = (i: number) => (weight ? weight[i] : 1);
  const sumW = rows.reduce((t, r, i) => t + r.length * w(i), 0);
  const sum = rows.reduce((t, r, i) => t + w(i) * r.reduce((a, b) => a + b, 0), 0);
  const mean = sum / sumW;
  const squares = rows.reduce((t, r, i) => t + w(i) * r.reduce((a, s) => a + (s - mean) ** 2, 0), 0);
  return {
    margins: [Math.min(...margins), Math.max(...margins)], scores: [Math.min(...all), Math.max(...all)],
    weight: sumW, sum, squares,
  };
}
