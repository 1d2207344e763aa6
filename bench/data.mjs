// Synthetic preference pairs for the benchmark, identical in every process that asks for the same n and seed.
// A reward model that is overconfident by a factor 1.6: the true log-odds is s, the model reports d = 1.6·s + noise,
// and the label is drawn from σ(s). So the fitted temperature is near 1.6 and the ECE is far from 0, like real RMs.

/**
 * xoshiro128** (Blackman & Vigna): a fast seeded generator; uniform() returns doubles in [0, 1).
 * @param {number} seed
 */
function generator(seed) {
  let a = 0x9e3779b9 ^ seed, b = 0x243f6a88, c = 0xb7e15162, d = 0x5851f42d;
  const next = () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = rotl(d, 11);
    return result;
  };
  for (let i = 0; i < 16; i++) next();
  const uniform = () => (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53;
  const normal = () => {
    const u = 1 - uniform(); // (0, 1]
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
}
/** @param {number} x @param {number} k */
function rotl(x, k) { return (x << k) | (x >>> (32 - k)); }

/**
 * n pairs: margin d, binary label y ∈ {0, 1}, and the oriented probability p = σ(d) for the binary helpers.
 * @param {number} n
 * @returns {{ margin: Float64Array, label: Float64Array, prob: Float64Array }}
 */
export function makePairs(n, seed = 20261127) {
  const g = generator(seed);
  const margin = new Float64Array(n), label = new Float64Array(n), prob = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = 1.5 * g.normal();
    const d = 1.6 * s + 0.3 * g.normal();
    margin[i] = d;
    label[i] = g.uniform() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
    prob[i] = 1 / (1 + Math.exp(-d));
  }
  return { margin, label, prob };
}

/** Responses per prompt of the K-wise rows. */
export const CHOICE_K = 4;

/**
 * n prompts of K = 4 responses made from the pair columns, as bench/anchors.py makes them (same bytes, same rule):
 * response j of prompt i scores margin[(i + j·⌊n/4⌋) mod n], and the chosen one is the first argmax of
 * score + 4·label over the same indices, so that the reward model's scores predict the choice only in part.
 * @param {{ margin: Float64Array, label: Float64Array }} data @param {number} n
 * @returns {{ scores: Float64Array[], best: Int32Array }}
 */
export function makeChoices(data, n) {
  const quarter = Math.floor(n / CHOICE_K);
  const scores = new Array(n), best = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = new Float64Array(CHOICE_K);
    let top = -Infinity;
    for (let j = 0; j < CHOICE_K; j++) {
      const at = (i + j * quarter) % n;
      s[j] = data.margin[at];
      const key = s[j] + 4 * data.label[at];
      if (key > top) {
        top = key;
        best[i] = j;
      }
    }
    scores[i] = s;
  }
  return { scores, best };
}
