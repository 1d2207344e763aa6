// The kernels' signatures as JavaScript sees them (addresses are byte offsets into linear memory).
// Keep in step with assembly/index.ts.

type Ptr = number;

/**
 * The part of `WebAssembly.Memory` rmcal reads, declared structurally: the emitted declarations must type-check
 * without the DOM lib's `WebAssembly` namespace, which `@types/node` 20 lacks (docs/DESIGN.md §4.4).
 */
interface LinearMemory {
  readonly buffer: ArrayBuffer;
}

export interface KernelExports {
  readonly memory: LinearMemory;
  alloc(bytes: number): Ptr;
  free(ptr: Ptr): void;
  naturalLog(x: number): number;
  sigmoidOfScaled(margins: Ptr, n: number, temperature: number, out: Ptr): void;
  accumulatePairs(
    margins: Ptr, labels: Ptr, weights: Ptr, n: number, temperature: number, folded: boolean,
    nBins: number, start: number, step: number, innerEdges: Ptr, nInner: number,
    bins: Ptr, totals: Ptr,
  ): void;
  addPairs(
    margins: Ptr, labels: Ptr, weights: Ptr, n: number, temperature: number, folded: boolean,
    nBins: number, start: number, step: number, innerEdges: Ptr, nInner: number,
    bins: Ptr, totals: Ptr,
  ): void;
  accumulateProbabilities(
    yTrue: Ptr, yProb: Ptr, weights: Ptr, n: number,
    nBins: number, start: number, step: number, innerEdges: Ptr, nInner: number, bins: Ptr,
  ): number;
  addProbabilities(
    yTrue: Ptr, yProb: Ptr, weights: Ptr, n: number,
    nBins: number, start: number, step: number, innerEdges: Ptr, nInner: number, bins: Ptr,
  ): number;
  completeProbabilityBins(bins: Ptr, nBins: number): void;
  binaryScoreSums(yTrue: Ptr, yProb: Ptr, weights: Ptr, n: number, eps: number, out: Ptr): void;
  calibrationErrors(bins: Ptr, nBins: number, effectiveSizes: Ptr, out: Ptr, mceMinCount: number): void;
  resampleIndices(n: number, seed: number, resample: number, out: Ptr): void;
  bootstrapScratchBytes(n: number, nBins: number): number;
  bootstrapBinnedMetric(
    margins: Ptr, labels: Ptr, weights: Ptr, n: number, temperature: number, folded: boolean,
    nBins: number, start: number, step: number, innerEdges: Ptr, nInner: number,
    metric: number, mceMinCount: number, first: number, resamples: number, prepared: boolean, seed: number,
    unitOfPair: Ptr, units: number,
    scratch: Ptr, out: Ptr,
  ): void;
  jackknifeScratchBytes(n: number, nBins: number): number;
  jackknifeBinnedMetric(
    margins: Ptr, labels: Ptr, weights: Ptr, n: number, temperature: number, folded: boolean,
    nBins: number, start: number, step: number, unitStart: Ptr, unitMembers: Ptr, units: number,
    metric: number, mceMinCount: number, scratch: Ptr, out: Ptr,
  ): void;
  regularizedIncompleteBeta(x: number, a: number, b: number): number;
  normalCdf(x: number): number;
  normalQuantile(p: number): number;
  betaQuantile(p: number, a: number, b: number): number;
  clopperPearsonBounds(successes: Ptr, trials: Ptr, m: number, alpha: number, low: Ptr, high: Ptr): void;
  depositOnGrid(
    values: Ptr, outcomes: Ptr, weights: Ptr, n: number, totalWeight: number,
    lower: number, upper: number, m: number, residual: Ptr, density: Ptr, outcome: Ptr,
  ): void;
  reflectedGaussianSmooth(mass: Ptr, m: number, h: number, sigma: number, scratch: Ptr, out: Ptr): void;
  smoothEceAt(residual: Ptr, m: number, lower: number, upper: number, sigma: number, scratch: Ptr, smoothed: Ptr): number;
  smoothingScratchLength(sigma: number, h: number, m: number): number;
  // calibrators (assembly/temperature.ts)
  temperatureDerivatives(margins: Ptr, labels: Ptr, weights: Ptr, n: number, stride: number, a: number, out: Ptr): void;
  temperatureNll(margins: Ptr, labels: Ptr, weights: Ptr, n: number, temperature: number, out: Ptr): void;
  temperatureExpansion(margins: Ptr, labels: Ptr, weights: Ptr, start: number, end: number, stride: number, a: number, withLoss: boolean, out: Ptr): void;
  exponential(x: number): number;
  // best-of-N and rankings (assembly/plackett-luce.ts)
  choiceDerivatives(offsets: Ptr, scores: Ptr, weights: Ptr, n: number, ranked: boolean, stride: number, a: number, scratch: Ptr, out: Ptr): void;
  choiceTerms(
    offsets: Ptr, scores: Ptr, weights: Ptr, n: number, ranked: boolean, temperature: number,
    confidence: Ptr, correct: Ptr, nll: Ptr, totals: Ptr,
  ): void;
  choiceProfile(
    offsets: Ptr, scores: Ptr, weights: Ptr, n: number, ranked: boolean, temperature: number, a: number, scratch: Ptr, out: Ptr,
  ): void;
  bestFirstScores(flat: Ptr, offsets: Ptr, best: Ptr, n: number, total: number, out: Ptr): number;
  choiceScoreSums(offsets: Ptr, scores: Ptr, weights: Ptr, n: number, out: Ptr): void;
  choiceScoreSquares(offsets: Ptr, scores: Ptr, weights: Ptr, n: number, center: number): number;
  choiceExpansion(
    offsets: Ptr, scores: Ptr, weights: Ptr, n: number, ranked: boolean, stride: number, a: number, withLoss: boolean,
    scratch: Ptr, out: Ptr,
  ): void;
  // sorting and isotonic regression (assembly/radix-sort.ts, assembly/isotonic.ts)
  identityIndex(index: Ptr, n: number): void;
  radixSortIndices(values: Ptr, index: Ptr, n: number, keys: Ptr, keysAlt: Ptr, indexAlt: Ptr): void;
  gatherF64(values: Ptr, index: Ptr, n: number, out: Ptr): void;
  averageRanks(values: Ptr, index: Ptr, n: number, out: Ptr): void;
  poolAdjacentViolators(y: Ptr, w: Ptr, n: number, target: Ptr): void;
  poolAdjacentBlocks(y: Ptr, w: Ptr, n: number, target: Ptr): void;
  pruneBlocks(x: Ptr, y: Ptr, m: number, target: Ptr, lo: number, hi: number, xOut: Ptr, yOut: Ptr): number;
  reverseF64(values: Ptr, n: number): void;
  mergeTiedX(x: Ptr, y: Ptr, w: Ptr, n: number, xOut: Ptr, yOut: Ptr, wOut: Ptr): number;
  interpolateLinear(tx: Ptr, ty: Ptr, m: number, xNew: Ptr, n: number, fillBelow: number, fillAbove: number, out: Ptr): void;
  logitClipped(p: Ptr, n: number, lo: number, hi: number, out: Ptr): void;
  // records sorted with their payloads, the antisymmetric isotonic step (assembly/record-radix-sort.ts,
  // assembly/antisymmetric-isotonic.ts)
  sortRecordsByX(a: Ptr, n: number, weighted: boolean, b: Ptr): number;
  mirrorPairs(margin: Ptr, label: Ptr, weight: Ptr, n: number, x: Ptr, y: Ptr, w: Ptr): void;
  mirroredUnion(t: Ptr, m: number, out: Ptr): number;
  interpolateAscending(tx: Ptr, ty: Ptr, m: number, xs: Ptr, n: number, out: Ptr): void;
  antisymmetrize(g: Ptr, m: number): void;
  pruneThresholds(x: Ptr, y: Ptr, m: number, xOut: Ptr, yOut: Ptr): number;
  // Venn–Abers (assembly/venn-abers.ts)
  vennAbersUpper(w: Ptr, y: Ptr, m: number, mirrored: boolean, cw: Ptr, cv: Ptr, prev: Ptr, next: Ptr, upper: Ptr): void;
  vennAbersLower(lower: Ptr, m: number): void;
  pruneVennAbers(x: Ptr, lower: Ptr, upper: Ptr, m: number): number;
  vennAbersPredict(x: Ptr, lower: Ptr, upper: Ptr, k: number, s: Ptr, n: number, p0: Ptr, p1: Ptr, p: Ptr): void;
  // Platt scaling (assembly/platt.ts)
  plattNewtonSums(margins: Ptr, labels: Ptr, weights: Ptr, n: number, scale: number, bias: number, out: Ptr): void;
  // the Davidson tie model (assembly/davidson.ts)
  davidsonNewtonSums(margins: Ptr, labels: Ptr, weights: Ptr, n: number, a: number, lambda: number, out: Ptr): void;
  davidsonProbabilities(margins: Ptr, n: number, a: number, lambda: number, outA: Ptr, outTie: Ptr, outB: Ptr): void;
  // training (assembly/bradley-terry.ts)
  bradleyTerryLoss(
    margins: Ptr, labels: Ptr, offsets: Ptr, weights: Ptr, n: number, smoothing: number, offset: number,
    gradient: Ptr, out: Ptr,
  ): void;
  /** The memory-streaming floor, used only by bench/. */
  streamSum(values: Ptr, n: number): number;
  sortFloat64(values: Ptr, n: number, scratch: Ptr): void;
  selectRanksCount(values: Ptr, n: number, ranks: Ptr, m: number, tables: Ptr): number;
  selectRanksGather(values: Ptr, n: number, ranks: Ptr, m: number, tables: Ptr, gathered: Ptr, sortScratch: Ptr, out: Ptr): void;
  selectRanksTableBytes(n: number): number;
  pairConfidences(margins: Ptr, weights: Ptr, n: number, temperature: number, folded: boolean, out: Ptr): number;
}
