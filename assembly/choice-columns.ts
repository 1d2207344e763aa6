// Reading and summing K-wise choices in their CSR layout (docs/DESIGN.md §5.12): the flat input put best first with
// its rules checked in the same pass, and the sums of the fitted range and the reward normalization. Plain loops
// over 10^6 prompts that JavaScript ran several times slower.

/**
 * Copies prompt i's scores flat[offsets[i] … offsets[i + 1]) to out at the same place, the one at index best[i]
 * first and the others after it in their order (lib/rankings/choices.ts bestFirst, operation for operation).
 * Returns −1, or the first prompt that breaks a rule the facade checks again to name it: offsets not 0 first and
 * `total` (the score count) last, a prompt of fewer than 2 scores or ending past `total`, best[i] not an integer
 * index into the prompt, a score not finite (x − x ≠ 0), or two scores whose difference is not finite.
 * offsets holds n + 1 int32 starts; best holds n float64 values. No score past `total` is read.
 */
export function bestFirstScores(flat: usize, offsets: usize, best: usize, n: i32, total: i32, out: usize): i32 {
  if (load<i32>(offsets) != 0) return 0;
  if (load<i32>(offsets + (<usize>n << 2)) != total) return n - 1;
  // Invariant: prompts [0, i) are copied and keep every rule.
  for (let i = 0; i < n; i++) {
    const start = load<i32>(offsets + (<usize>i << 2));
    const end = load<i32>(offsets + (<usize>(i + 1) << 2));
    const k = end - start;
    if (k < 2 || end > total) return i;
    const b = load<f64>(best + (<usize>i << 3));
    if (!(b >= 0 && b < <f64>k && Math.floor(b) == b)) return i;
    const chosen = <i32>b;
    const from = flat + (<usize>start << 3), to = out + (<usize>start << 3);
    let low = load<f64>(from), high = low, slot: usize = to + 8;
    store<f64>(to, load<f64>(from + (<usize>chosen << 3)));
    for (let j = 0; j < k; j++) {
      const x = load<f64>(from + (<usize>j << 3));
      if (x - x != 0) return i;
      low = select<f64>(x, low, x < low);
      high = select<f64>(x, high, x > high);
      if (j == chosen) continue;
      store<f64>(slot, x);
      slot += 8;
    }
    if ((high - low) - (high - low) != 0) return i;
  }
  return -1;
}

/**
 * The fitted range's and the reward normalization's first sums over choices stored best first:
 * out = [min and max of s_0 − s_j (j ≥ 1), min and max of every score, Σ K·w, Σ w·(Σ_j s_j)], the per-prompt sum
 * taken first, in prompt order (least and most are Math.min and Math.max on the finite scores).
 * weights == 0: every weight is 1.
 */
export function choiceScoreSums(offsets: usize, scores: usize, weights: usize, n: i32, out: usize): void {
  let low = Infinity, high = -Infinity, sLow = Infinity, sHigh = -Infinity, sumW = 0.0, sum = 0.0;
  // Invariant: the sums cover prompts [0, i).
  for (let i = 0; i < n; i++) {
    const start = load<i32>(offsets + (<usize>i << 2));
    const k = load<i32>(offsets + (<usize>(i + 1) << 2)) - start;
    const w = weights == 0 ? 1.0 : load<f64>(weights + (<usize>i << 3));
    const at = scores + (<usize>start << 3);
    const s0 = load<f64>(at);
    sLow = least(sLow, s0);
    sHigh = most(sHigh, s0);
    let s = s0;
    for (let j = 1; j < k; j++) {
      const x = load<f64>(at + (<usize>j << 3));
      const d = s0 - x;
      sLow = least(sLow, x);
      sHigh = most(sHigh, x);
      low = least(low, d);
      high = most(high, d);
      s += x;
    }
    sumW += <f64>k * w;
    sum += w * s;
  }
  store<f64>(out, low);
  store<f64>(out + 8, high);
  store<f64>(out + 16, sLow);
  store<f64>(out + 24, sHigh);
  store<f64>(out + 32, sumW);
  store<f64>(out + 40, sum);
}

/** Σ_i w_i·Σ_j (s_j − center)², the per-prompt sum taken first, in prompt order. weights == 0: every weight is 1. */
export function choiceScoreSquares(offsets: usize, scores: usize, weights: usize, n: i32, center: f64): f64 {
  let squares = 0.0;
  // Invariant: squares covers prompts [0, i).
  for (let i = 0; i < n; i++) {
    const start = load<i32>(offsets + (<usize>i << 2));
    const k = load<i32>(offsets + (<usize>(i + 1) << 2)) - start;
    const w = weights == 0 ? 1.0 : load<f64>(weights + (<usize>i << 3));
    const at = scores + (<usize>start << 3);
    let s = 0.0;
    for (let j = 0; j < k; j++) {
      const c = load<f64>(at + (<usize>j << 3)) - center;
      s += c * c;
    }
    squares += w * s;
  }
  return squares;
}

/**
 * Math.min(a, b) for numbers that are not NaN, as selects: WebAssembly's f64.min also handles NaN, which V8 pays
 * for with branches on every call. −0 counts below +0, as for Math.min.
 */
// @ts-ignore: decorator
@inline function least(a: f64, b: f64): f64 {
  return select<f64>(b, a, (b < a) | ((b == a) & Math.signbit(b)));
}

/** Math.max(a, b) for numbers that are not NaN: +0 counts above −0. */
// @ts-ignore: decorator
@inline function most(a: f64, b: f64): f64 {
  return select<f64>(b, a, (b > a) | ((b == a) & !Math.signbit(b)));
}
