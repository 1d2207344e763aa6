// The numeric cells of a plain CSV/TSV row, read from its bytes in one pass (docs/DESIGN.md §12.5). As with
// JsonlFieldScanner, the scan answers only for the plain case and leaves every other row to the row path.
import { scanJsonNumber, scannedNumber } from "./json-number";
import { FieldTexts } from "./field-texts";

/**
 * A reader of given cells of an unquoted CSV/TSV row's bytes. `scan` accepts a row only when it has the header's
 * number of cells and each cell read is a numeral in JSON's grammar with nothing around it (no space, no "+", no
 * leading zero), for which Number(cell) gives the value scan gives; anything else is left to the row path, whose
 * rules (trimming, "1.", "+2", messages) stay the only ones. O(length of the row).
 */
export class DelimitedFieldScanner {
  /** The values of the last row scan accepted, in the order of the fields given. */
  readonly values: Float64Array;
  /** The texts of the last row scan accepted, in the order of the text cells given. */
  readonly texts: string[];
  private readonly fieldTexts: FieldTexts;
  // For each cell of a row, the index of the field it holds, or -1 for a cell not read; text cells are numbered
  // after the numeric ones.
  private readonly fieldOfCell: Int32Array;
  private readonly numericCount: number;
  private readonly delimiter: number;

  /**
   * @param cells the field index of each header cell read: cells[f] is the column of field f
   * @param cellCount the header's number of cells
   * @param delimiter "," or "\t"
   * @param textCells the column of each text field read (a group, a cluster), taken as the cell's text
   */
  constructor(cells: readonly number[], cellCount: number, delimiter: "," | "\t", textCells: readonly number[] = []) {
    this.values = new Float64Array(cells.length);
    this.numericCount = cells.length;
    this.fieldTexts = new FieldTexts(textCells.length);
    this.texts = this.fieldTexts.texts;
    this.fieldOfCell = new Int32Array(cellCount).fill(-1);
    cells.forEach((cell, field) => (this.fieldOfCell[cell] = field));
    textCells.forEach((cell, k) => (this.fieldOfCell[cell] = cells.length + k));
    this.delimiter = delimiter.charCodeAt(0);
  }

  /**
   * Reads the cells of the row bytes[start..end) (its line ending excluded) into `values`.
   * @returns true when the row is plain and each cell read a plain numeral; false to leave it to the row path
   * @example new DelimitedFieldScanner([1], 2, ",").scan(new TextEncoder().encode("x,2.5"), 0, 5) // => true
   */
  scan(bytes: Uint8Array, start: number, end: number): boolean {
    const fieldOfCell = this.fieldOfCell, delimiter = this.delimiter, cellCount = fieldOfCell.length;
    let cell = 0, i = start;
    // Invariant: bytes[i] begins cell number `cell` of the row.
    for (;;) {
      if (cell >= cellCount) return false;
      const field = fieldOfCell[cell];
      if (field >= this.numericCount) {
        const cellStart = i;
        while (i < end && bytes[i] !== delimiter) i++;
        this.fieldTexts.set(field - this.numericCount, bytes, cellStart, i);
      } else if (field >= 0) {
        i = scanJsonNumber(bytes, i, end);
        if (i < 0) return false;
        this.values[field] = scannedNumber;
      } else {
        while (i < end && bytes[i] !== delimiter) i++;
      }
      cell++;
      if (i >= end) return cell === cellCount;
      if (bytes[i] !== delimiter) return false;
      i++;
    }
  }
}
