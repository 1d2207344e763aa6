// The kernels' signatures as JavaScript sees them (addresses are byte offsets into linear memory).
// Keep in step with assembly/index.ts.

type Ptr = number;

export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): Ptr;
  free(ptr: Ptr): void;
  sigmoid(z: number): number;
  logSigmoid(z: number): number;
  naturalLog(x: number): number;
  sigmoidOfScaled(margins: Ptr, n: number, temperature: number, out: Ptr): void;
  accumulatePairs(
    margins: Ptr, labels: Ptr, weights: Ptr, n: number, temperature: number, folded: boolean,
    nBins: number, start: number, step: number, innerEdges: Ptr, nInner: number,
    bins: Ptr, totals: Ptr,
  ): void;
  accumulateProbabilities(
    yTrue: Ptr, yProb: Ptr, weights: Ptr, n: number,
    nBins: number, start: number, step: number, innerEdges: Ptr, nInner: number, bins: Ptr,
  ): void;
  binaryScoreSums(yTrue: Ptr, yProb: Ptr, weights: Ptr, n: number, eps: number, out: Ptr): void;
  // calibrators (assembly/temperature.ts)
  temperatureDerivatives(margins: Ptr, labels: Ptr, weights: Ptr, n: number, stride: number, a: number, out: Ptr): void;
  temperatureNll(margins: Ptr, labels: Ptr, weights: Ptr, n: number, temperature: number, out: Ptr): void;
  exponential(x: number): number;
  // sorting and isotonic regression (assembly/radix-sort.ts, assembly/isotonic.ts)
  identityIndex(index: Ptr, n: number): void;
  radixSortIndices(values: Ptr, index: Ptr, n: number, keys: Ptr, keysAlt: Ptr, indexAlt: Ptr): void;
  gatherF64(values: Ptr, index: Ptr, n: number, out: Ptr): void;
  averageRanks(values: Ptr, index: Ptr, n: number, out: Ptr): void;
  poolAdjacentViolators(y: Ptr, w: Ptr, n: number, target: Ptr): void;
  reverseF64(values: Ptr, n: number): void;
  mergeTiedX(x: Ptr, y: Ptr, w: Ptr, n: number, xOut: Ptr, yOut: Ptr, wOut: Ptr): number;
  interpolateLinear(tx: Ptr, ty: Ptr, m: number, xNew: Ptr, n: number, fillBelow: number, fillAbove: number, out: Ptr): void;
  logitClipped(p: Ptr, n: number, lo: number, hi: number, out: Ptr): void;
  // Platt scaling (assembly/platt.ts)
  plattNewtonSums(margins: Ptr, labels: Ptr, weights: Ptr, n: number, scale: number, bias: number, out: Ptr): void;
  // training (assembly/bradley-terry.ts)
  bradleyTerryLoss(
    margins: Ptr, labels: Ptr, offsets: Ptr, weights: Ptr, n: number, smoothing: number, offset: number,
    gradient: Ptr, out: Ptr,
  ): void;
}
