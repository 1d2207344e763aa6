// Stable logistic math. Every exp and log the user sees is computed here, not in JavaScript, because
// JavaScript engines round Math.exp differently while WebAssembly code computes it identically everywhere.

/** e^(−|z|), the one transcendental shared by σ(z), σ(|z|) and the NLL terms of a pair. */
// @ts-ignore: decorator
@inline export function expNegAbs(z: f64): f64 {
  return Math.exp(-Math.abs(z));
}

/** σ(z) = 1 / (1 + e^−z) from e = e^(−|z|), without overflow for any z. */
/**
 * [1/(1 + e), e/(1 + e)] in one f64x2 division: σ(|z|) and σ(−|z|), each the same IEEE quotient as its own
 * scalar division. sigmoidFrom(z, e) is lane 0 for z ≥ 0 and lane 1 otherwise.
 */
// @ts-ignore: decorator
@inline export function sigmoidPair(e: f64): v128 {
  return f64x2.div(f64x2.replace_lane(f64x2.splat(1.0), 1, e), f64x2.splat(1.0 + e));
}

// @ts-ignore: decorator
@inline export function sigmoidFrom(z: f64, e: f64): f64 {
  // select, not a branch: the sign of z is unpredictable, and both quotients are cheaper than a mispredict.
  return select<f64>(1.0 / (1.0 + e), e / (1.0 + e), z >= 0);
}

/**
 * log1p(x) for x in [0, 1], bit for bit Math.log1p's value (AssemblyScript's port of musl's log1p), without its
 * branches: on [0, 1] musl takes one of two paths depending on x < 0.4142, which for e^(−|z|) is a coin flip,
 * so both paths are computed and the right one selected. Only the values on [0, 1] are promised.
 * see: musl/src/math/log1p.c (the same constants and the same operations in the same order)
 */
// @ts-ignore: decorator
@inline export function log1pUnit(x: f64): f64 {
  const
    ln2_hi = reinterpret<f64>(0x3FE62E42FEE00000),
    ln2_lo = reinterpret<f64>(0x3DEA39EF35793C76),
    Lg1 = reinterpret<f64>(0x3FE5555555555593),
    Lg2 = reinterpret<f64>(0x3FD999999997FA04),
    Lg3 = reinterpret<f64>(0x3FD2492494229359),
    Lg4 = reinterpret<f64>(0x3FCC71C51D8E78AF),
    Lg5 = reinterpret<f64>(0x3FC7466496CB03DE),
    Lg6 = reinterpret<f64>(0x3FC39A09D078C69F),
    Lg7 = reinterpret<f64>(0x3FC2F112DF3E5244);
  const hx = <u32>(reinterpret<u64>(x) >> 32);
  // musl's path for 1 + x ≥ √2: reduce 1 + x = 2^k·(1 + f). On [0.4142, 1], k is 0 or 1, so c is x − (u − 1), over u.
  const u = 1.0 + x;
  const ubits = reinterpret<u64>(u);
  const hu = <u32>(ubits >> 32) + (0x3FF00000 - 0x3FE6A09E);
  const kReduced = <i32>(hu >> 20) - 0x3FF;
  const fReduced = reinterpret<f64>((<u64>((hu & 0x000FFFFF) + 0x3FE6A09E) << 32) | (ubits & 0xFFFFFFFF)) - 1.0;
  // musl's path for x < 0.4142 (hx < 0x3FDA827A): k = 0, c = 0, f = x.
  const small = hx < 0x3FDA827A;
  const f = select<f64>(x, fReduced, small);
  // The two divisions, c = (x − (u − 1))/u and s = f/(2 + f), share one f64x2 division: each lane is the
  // same IEEE quotient, at the cost of one.
  const quotients = f64x2.div(
    f64x2.replace_lane(f64x2.splat(x - (u - 1.0)), 1, f),
    f64x2.replace_lane(f64x2.splat(u), 1, 2.0 + f),
  );
  const c = select<f64>(0.0, f64x2.extract_lane(quotients, 0), small);
  const dk = select<f64>(0.0, <f64>kReduced, small);
  const hfsq = 0.5 * f * f;
  const s = f64x2.extract_lane(quotients, 1);
  const z = s * s;
  const w = z * z;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const r = t2 + t1;
  const result = s * (hfsq + r) + (dk * ln2_lo + c) - hfsq + f + dk * ln2_hi;
  // musl returns x itself below 2^-53 (hx < 0x3CA00000), where log1p(x) rounds to x.
  return select<f64>(x, result, hx < 0x3CA00000);
}

/**
 * Binary cross-entropy of σ(z) against a soft label y, from e = e^(−|z|):
 * y·softplus(−z) + (1 − y)·softplus(z), where softplus(±z) = max(±z, 0) + log1p(e^−|z|).
 * Written this way it is exact for y ∈ {0, 1} (no cancellation) and never NaN, even for z = ±∞.
 */
// @ts-ignore: decorator
@inline export function crossEntropyFrom(z: f64, e: f64, y: f64): f64 {
  const shared = log1pUnit(e);
  // A term whose label share is 0 is skipped, not multiplied: z = d/T can overflow to ±∞ for a tiny T,
  // and 0·∞ would make the loss NaN where the true value is finite. Selects, not branches (the signs are
  // unpredictable); max(±z, 0) as a select is Math.max's value, +0 for z = ±0, without its NaN/−0 branches.
  const positive = select<f64>(y * select<f64>(-z, 0.0, -z > 0), 0.0, y != 0.0);
  const negative = select<f64>((1.0 - y) * select<f64>(z, 0.0, z > 0), 0.0, y != 1.0);
  return shared + positive + negative;
}

/** ln(x), exported so the facade never uses Math.log for a number the user sees. */
export function naturalLog(x: f64): f64 {
  return Math.log(x);
}

/** out[i] = σ(margins[i] / temperature). A division, not a multiplication by 1/T: see docs/DESIGN.md §5.1. */
export function sigmoidOfScaled(margins: usize, n: i32, temperature: f64, out: usize): void {
  // Invariant: out[0..i) holds σ(margins[j] / temperature) for j < i.
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const z = load<f64>(margins + offset) / temperature;
    store<f64>(out + offset, sigmoidFrom(z, expNegAbs(z)));
  }
}

/** log1pUnit, exported for the test that checks it against Math.log1p bit for bit on [0, 1]. */
export function log1pOnUnitInterval(x: f64): f64 {
  return log1pUnit(x);
}

/**
 * log1pUnit in both lanes of an f64x2: the same constants and operations in the same order, lane by lane, so each
 * lane is log1pUnit's (musl's log1p's) value bit for bit on [0, 1]. For the two-lane passes of assess.
 * see: musl/src/math/log1p.c
 */
// @ts-ignore: decorator
@inline export function log1pUnitLanes(x: v128): v128 {
  const
    ln2_hi = f64x2.splat(reinterpret<f64>(0x3FE62E42FEE00000)),
    ln2_lo = f64x2.splat(reinterpret<f64>(0x3DEA39EF35793C76)),
    Lg1 = f64x2.splat(reinterpret<f64>(0x3FE5555555555593)),
    Lg2 = f64x2.splat(reinterpret<f64>(0x3FD999999997FA04)),
    Lg3 = f64x2.splat(reinterpret<f64>(0x3FD2492494229359)),
    Lg4 = f64x2.splat(reinterpret<f64>(0x3FCC71C51D8E78AF)),
    Lg5 = f64x2.splat(reinterpret<f64>(0x3FC7466496CB03DE)),
    Lg6 = f64x2.splat(reinterpret<f64>(0x3FC39A09D078C69F)),
    Lg7 = f64x2.splat(reinterpret<f64>(0x3FC2F112DF3E5244));
  const one = f64x2.splat(1.0), zero = f64x2.splat(0.0);
  const hx = i64x2.shr_u(x, 32);
  const u = f64x2.add(one, x);
  // Upper words of u plus the offset: below 2^32 for u in [1, 2], so the 64-bit lanes never carry past bit 31.
  const hu = i64x2.add(i64x2.shr_u(u, 32), i64x2.splat(0x3FF00000 - 0x3FE6A09E));
  const kLanes = i64x2.sub(i64x2.shr_u(hu, 20), i64x2.splat(0x3FF));
  const fReduced = f64x2.sub(
    v128.or(i64x2.shl(i64x2.add(v128.and(hu, i64x2.splat(0x000FFFFF)), i64x2.splat(0x3FE6A09E)), 32), v128.and(u, i64x2.splat(0xFFFFFFFF))),
    one,
  );
  const small = i64x2.lt_s(hx, i64x2.splat(0x3FDA827A));
  const f = v128.bitselect(x, fReduced, small);
  const c = v128.andnot(f64x2.div(f64x2.sub(x, f64x2.sub(u, one)), u), small);
  // k is a small integer (0 or 1 on [0, 1]): its low 32-bit word converts exactly.
  const dk = v128.andnot(f64x2.convert_low_i32x4_s(i32x4.shuffle(kLanes, kLanes, 0, 2, 0, 2)), small);
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(Lg2, f64x2.mul(w, f64x2.add(Lg4, f64x2.mul(w, Lg6)))));
  const t2 = f64x2.mul(z, f64x2.add(Lg1, f64x2.mul(w, f64x2.add(Lg3, f64x2.mul(w, f64x2.add(Lg5, f64x2.mul(w, Lg7)))))));
  const r = f64x2.add(t2, t1);
  const result = f64x2.add(
    f64x2.add(f64x2.sub(f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), f64x2.add(f64x2.mul(dk, ln2_lo), c)), hfsq), f),
    f64x2.mul(dk, ln2_hi),
  );
  return v128.bitselect(x, result, i64x2.lt_s(hx, i64x2.splat(0x3CA00000)));
}

/** log1pUnitLanes on two numbers, exported for the test that checks it against log1pUnit bit for bit. */
export function log1pTwoLanes(x0: f64, x1: f64, out: usize): void {
  v128.store(out, log1pUnitLanes(f64x2.replace_lane(f64x2.splat(x0), 1, x1)));
}
