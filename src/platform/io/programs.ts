// What the CLI uses of the readers beyond rmcal/node's public API: rewriting rows verbatim with new fields, the
// per-row margin check and the bookkeeping of skipped rows. Programs reach the platform through the entries,
// src/platform/node/index.ts, src/platform/io/index.ts and this file only (docs/DESIGN.md §9.3).
export { appendJsonFields, csvLines } from "./append-fields";
export { rowMargin } from "./read-pairs";
export { noteSkipped } from "./input-error";
export { repeatedKeyCheck } from "./json-keys";
