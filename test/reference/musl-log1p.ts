// musl's log1p transcribed operation by operation (only + − × ÷ and bit moves, which JavaScript computes exactly
// as WebAssembly does), so it gives AssemblyScript's Math.log1p bit for bit. JavaScript's own Math.log1p does not
// (V8 uses another port). The kernels' branch-free log1p on [0, 1] is checked against it.
// see: musl/src/math/log1p.c

const buffer = new DataView(new ArrayBuffer(8));
const high = (x: number): number => (buffer.setFloat64(0, x), buffer.getUint32(0));
const low = (x: number): number => (buffer.setFloat64(0, x), buffer.getUint32(4));
const fromWords = (hi: number, lo: number): number => (buffer.setUint32(0, hi >>> 0), buffer.setUint32(4, lo >>> 0), buffer.getFloat64(0));

const ln2Hi = 6.93147180369123816490e-1, ln2Lo = 1.90821492927058770002e-10;
const Lg1 = 6.666666666666735130e-1, Lg2 = 3.999999999940941908e-1, Lg3 = 2.857142874366239149e-1;
const Lg4 = 2.222219843214978396e-1, Lg5 = 1.818357216161805012e-1, Lg6 = 1.531383769920937332e-1;
const Lg7 = 1.479819860511658591e-1;

/** log(1 + x) for x ≥ 0 (the branches for x < 0 and non-finite x are left out: the kernels never take them). */
export function muslLog1p(x: number): number {
  const hx = high(x);
  let k = 1, c = 0, f = 0;
  if (hx < 0x3fda827a) {
    if (hx < 0x3ca00000) return x;
    k = 0; c = 0; f = x;
  }
  if (k) {
    const u = 1 + x;
    let hu = high(u) + (0x3ff00000 - 0x3fe6a09e);
    k = (hu >>> 20) - 0x3ff;
    if (k < 54) c = (k >= 2 ? 1 - (u - x) : x - (u - 1)) / u;
    else c = 0;
    hu = (hu & 0x000fffff) + 0x3fe6a09e;
    f = fromWords(hu, low(u)) - 1;
  }
  const hfsq = 0.5 * f * f;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const r = t2 + t1;
  const dk = k;
  return s * (hfsq + r) + (dk * ln2Lo + c) - hfsq + f + dk * ln2Hi;
}
