// Random K-wise choices for tests: K from 2 to maxK per prompt, scores on a 1/64 grid (so ties happen and
// differences are exact), the chosen response or the ranking drawn from Plackett–Luce at a known temperature.
import { integer, normal, type Random } from "./prng";

export interface RandomChoices {
  scores: number[][];
  best: number[];
  ranking: number[][];
}

/** Gumbel-max sampling: sorting s/T + Gumbel noise gives a Plackett–Luce ranking of softmax(s/T). */
export function randomChoices(random: Random, n: number, options: { minK?: number; maxK?: number; temperature?: number; signal?: boolean } = {}): RandomChoices {
  const { minK = 2, maxK = 6, temperature = 1.5, signal = true } = options;
  const out: RandomChoices = { scores: [], best: [], ranking: [] };
  for (let i = 0; i < n; i++) {
    const k = minK + integer(random, maxK - minK + 1);
    const s = Array.from({ length: k }, () => Math.round(normal(random) * 2 * 64) / 64);
    const keys = s.map((v) => (signal ? v / temperature : 0) - Math.log(-Math.log(1 - random())));
    const ranking = Array.from({ length: k }, (_, j) => j).sort((x, y) => keys[y] - keys[x]);
    out.scores.push(s);
    out.ranking.push(ranking);
    out.best.push(ranking[0]);
  }
  return out;
}
