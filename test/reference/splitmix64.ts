// Plain-TypeScript reference of assembly/random.ts with BigInt arithmetic (mod 2^64), to check the
// WebAssembly resampling stream bit for bit.
const MASK = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}

/** The n indices of resample r for seed, as resampleIndices draws them (Lemire's method on the high 32 bits). */
export function referenceResampleIndices(n: number, seed: number, r: number): number[] {
  let state = mix64(BigInt(seed) ^ mix64(((BigInt(r) + 1n) * GOLDEN) & MASK));
  const next32 = () => {
    state = (state + GOLDEN) & MASK;
    return mix64(state) >> 32n;
  };
  const bound = BigInt(n);
  const threshold = ((1n << 32n) - bound) % bound;
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    let m = next32() * bound;
    while ((m & 0xffffffffn) < threshold) m = next32() * bound;
    out.push(Number(m >> 32n));
  }
  return out;
}
