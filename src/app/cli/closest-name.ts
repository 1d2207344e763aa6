// "Did you mean …?": the known name closest to a mistyped one, by edit distance (Damerau's optimal string
// alignment: insertions, deletions, substitutions and swaps of neighbours each cost 1), as git and cargo suggest.

/**
 * The candidate closest to `typed`, or null when none is close: within a third of the longer name's length (at
 * least 1 edit), so `asess` finds `assess` and `--bisn` finds `--bins`, but `foo` does not find `fit`. Ties go to the first
 * candidate. O(Σ |typed| · |candidate|).
 * @example closestName("asess", ["assess", "fit", "apply"]) // => "assess"
 */
export function closestName(typed: string, candidates: readonly string[]): string | null {
  let best: string | null = null, bestDistance = Infinity;
  for (const candidate of candidates) {
    const limit = Math.max(1, Math.floor(Math.max(typed.length, candidate.length) / 3));
    const distance = editDistance(typed.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance between a and b. */
function editDistance(a: string, b: string): number {
  // d[i][j]: the distance between a's first i characters and b's first j; three rows suffice for the swap rule.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}
