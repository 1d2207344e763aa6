// Plain-TypeScript reference of assembly/smooth-ece.ts and the bandwidth search of src/lib/metrics/smooth-ece.ts:
// the same grid algorithm written without memory layout, to cross-check the WebAssembly kernels.
// Also the direct definition (every data point, every reflected image, no grid), used by the benchmark.
export function referenceValuesOutcomes(margin: number[], label: number[], folded: boolean, temperature = 1) {
  const sig = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
  const v = margin.map((d) => sig((folded ? Math.abs(d) : d) / temperature));
  const k = margin.map((d, i) => (!folded ? label[i] : d > 0 ? label[i] : d < 0 ? 1 - label[i] : 0.5));
  return { v, k };
}

/** smECE_σ on an M-point grid: linear spreading, reflected Gaussian truncated at 8σ, trapezoid rule. */
function referenceSmoothEceAt(v: number[], k: number[], w: number[] | null, lower: number, upper: number, sigma: number, m: number): number {
  const h = (upper - lower) / (m - 1);
  const total = w ? w.reduce((a, b) => a + b, 0) : v.length;
  const mass = new Array<number>(m).fill(0);
  v.forEach((x, i) => {
    const share = (w ? w[i] : 1) / total;
    const u = (x - lower) * ((m - 1) / (upper - lower));
    const j = Math.min(Math.max(Math.floor(u), 0), m - 2);
    mass[j] += (1 - (u - j)) * share * (x - k[i]);
    mass[j + 1] += (u - j) * share * (x - k[i]);
  });
  const period = 2 * (m - 1);
  const reflect = (p: number) => {
    const q = ((p % period) + period) % period;
    return q < m ? q : period - q;
  };
  const half = Math.ceil((8 * sigma) / h);
  let integral = 0;
  for (let i = 0; i < m; i++) {
    let r = 0;
    for (let e = -half; e <= half; e++) {
      const q = reflect(i + e);
      const z = (Math.abs(e) * h) / sigma;
      r += (Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * sigma)) * mass[q] * (q === 0 || q === m - 1 ? 2 : 1);
    }
    integral += Math.abs(r) * (i === 0 || i === m - 1 ? 0.5 : 1);
  }
  return integral * h;
}

/** The fixed-point search of src/lib/metrics/smooth-ece.ts over referenceSmoothEceAt. */
export function referenceSmoothEce(v: number[], k: number[], w: number[] | null, lower: number) {
  const range = 1 - lower;
  const gridSize = (s: number) => Math.max(100, Math.ceil((16 * range) / s)) + 1;
  const f = (s: number) => referenceSmoothEceAt(v, k, w, lower, 1, s, gridSize(s));
  let lo = 1e-3 * range, hi = range;
  if (!(hi >= f(hi))) return { smece: f(hi), bandwidth: hi };
  for (let step = 0; step < 40; step++) {
    const mid = 0.5 * (lo + hi);
    if (mid >= f(mid)) hi = mid;
    else lo = mid;
  }
  return { smece: f(hi), bandwidth: hi };
}
