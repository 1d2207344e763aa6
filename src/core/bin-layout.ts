// The bins the kernels take (docs/DESIGN.md §2.3); lib/metrics/bin-edges.ts builds them.
/**
 * Bins as the kernels take them: uniform bins are (start, step) with edges e_i = i·step + start;
 * other bins are their sorted edges, of which the kernels read only the inner ones.
 */
export type BinLayout =
  | { readonly kind: "uniform"; readonly nBins: number; readonly start: number; readonly step: number }
  | { readonly kind: "edges"; readonly nBins: number; readonly edges: Float64Array };
