// Types for compute-golden.mjs, which stays plain JavaScript so every runtime can load it unchanged.
import type * as Rmcal from "rmcal";

/** The parsed test/golden/inputs.json. */
export interface GoldenInputs {
  about: string;
  pairSets: { name: string; pairs: Rmcal.Pairs }[];
  binary: { yTrue: number[]; yProb: number[]; sampleWeight: number[] };
}

/** Runs every public numeric function on the inputs and returns the golden JSON text. */
export function computeGolden(rmcal: typeof Rmcal, inputs: GoldenInputs): string;

/** JSON with every double exact (−0 and non-finite numbers as strings, typed arrays as arrays). */
export function serializeGolden(value: unknown): string;
