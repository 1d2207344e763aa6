// The text fields of a scanned row (a group, a cluster), decoded from its bytes. Such fields repeat from row to
// row (a subset name, a prompt id over a few rows), so each slot keeps its last bytes and decodes only on a change
// (docs/DESIGN.md §12.5).

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** The decoded texts of a row's text fields, slot by slot, as TextDecoder decodes them in the whole line. */
export class FieldTexts {
  /** The text of each slot, from the last `set`. */
  readonly texts: string[];
  private readonly last: Uint8Array[];

  constructor(slots: number) {
    this.texts = new Array<string>(slots).fill("");
    this.last = Array.from({ length: slots }, () => new Uint8Array(0));
  }

  /**
   * Sets slot `slot` to the text of bytes[start..end). O(end − start).
   * @example const t = new FieldTexts(1); t.set(0, new TextEncoder().encode("abc"), 1, 3); t.texts[0] // => "bc"
   */
  set(slot: number, bytes: Uint8Array, start: number, end: number): void {
    const last = this.last[slot];
    const length = end - start;
    if (last.length === length) {
      let k = 0;
      while (k < length && last[k] === bytes[start + k]) k++;
      if (k === length) return;
    }
    const value = bytes.slice(start, end);
    this.last[slot] = value;
    this.texts[slot] = decoder.decode(value);
  }
}
