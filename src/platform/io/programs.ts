// What the CLI uses of the readers beyond rmcal/node's public API: rewriting rows verbatim with new fields, the
// UTF-8 check that lets it, the per-row margin check and the bookkeeping of skipped rows. Programs reach the
// platform through the entries, src/platform/node/index.ts, src/platform/io/index.ts and this file only
// (docs/DESIGN.md §9.3).
export { appendJsonFields, appendCells } from "./append-fields";
export { checkedUtf8 } from "./utf8-check";
export { rowMargin } from "./read-pairs";
export { noteSkipped, SourceError } from "./input-error";
export { repeatedKeyCheck } from "./json-keys";
export { groupField } from "./field-values";
