// rmcal's readers for pair files: isomorphic (no node: imports), fed with chunks by a runtime adapter.
export { jsonlRows } from "./jsonl-rows";
export { lineBlocks, type LineBlock } from "./line-blocks";
export { delimitedLineBlocks, type DelimitedLineBlock } from "./delimited-line-blocks";
export { delimitedRows } from "./delimited-rows";
export {
  decodeText, formatFromFileName, sniffTextFormat, type InputFormat, type RowBatch, type RowFormat, type SourceRow, type TextChunk, type TextSource,
} from "./rows";
export { readPairs, columnsToRead, type PairTable, type ReadPairsOptions } from "./read-pairs";
export { readChoices, hasChoiceFields, detectChoiceFields, detectInputFields, type ChoiceFields, type ChoiceTable, type ReadChoicesOptions } from "./read-choices";
export { parquetRows, isParquet, type ParquetSource, type ParquetRowsOptions } from "./parquet-rows";
export { tablePairs, tableColumns, subsetTable, rowsOfGroup } from "./pair-table";
export { resolveFieldMapping, describeMapping, DETECTED_FIELDS, type FieldFlags, type FieldMapping } from "./pair-fields";
export { InputError, describeSkipped, type SkippedRows } from "./input-error";
export { fieldValue, numericField, parseLabelMap } from "./field-values";

import { jsonlRows } from "./jsonl-rows";
import { delimitedRows } from "./delimited-rows";
import { lineBlocks, type LineBlock } from "./line-blocks";
import { delimitedLineBlocks, type DelimitedLineBlock } from "./delimited-line-blocks";
import type { RowBatch, RowFormat, TextSource } from "./rows";

/**
 * Rows of a JSONL, CSV or TSV source.
 * @example rowsOf(chunks, "csv")
 */
export function rowsOf(source: TextSource, format: RowFormat): AsyncGenerator<RowBatch> {
  return format === "jsonl" ? jsonlRows(source) : delimitedRows(source, format === "tsv" ? "\t" : ",");
}

/**
 * What readPairs reads best from a text source: JSON Lines as blocks of lines kept as bytes (scanned for the fields
 * read, docs/DESIGN.md §12.5), CSV and TSV as rows. Only for readPairs: other readers take rowsOf.
 * `tally.lines` follows the number of lines cut (a byte range read apart, DESIGN §6.10).
 * @example readPairs(pairBatchesOf(chunks, "jsonl"), { fileName: "pairs.jsonl" })
 */
export function pairBatchesOf(source: TextSource, format: RowFormat, tally?: { lines: number }): AsyncGenerator<RowBatch | LineBlock | DelimitedLineBlock> {
  return format === "jsonl" ? lineBlocks(source, false, true, tally) : delimitedLineBlocks(source, format === "tsv" ? "\t" : ",", tally);
}
