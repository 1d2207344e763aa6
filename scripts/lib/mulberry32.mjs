// The one copy of mulberry32 shared by tests (test/helpers/prng.ts), data scripts (scripts/) and benchmarks (bench/),
// so every generated file and simulated test set comes from the same generator. Plain JavaScript so the .mjs scripts
// run it without a build; its JSDoc types are what TypeScript sees (and checks). The library keeps its own copy in
// src/lib/pairs/shuffle.ts, because the published package cannot import from scripts/.
// see: mulberry32 by Tommy Ettinger (public domain), https://gist.github.com/tommyettinger/46a874533244883189143505d203312c

/**
 * mulberry32: a small 32-bit pseudo-random generator, identical in every JavaScript engine (only 32-bit integer ops).
 * O(1) per draw.
 * @param {number} seed any number; its low 32 bits (as unsigned) are the state
 * @returns {() => number} a function returning uniform numbers in [0, 1), 32 random bits each
 * @example const random = mulberry32(1); random(); // => 0.6270739405881613
 */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
