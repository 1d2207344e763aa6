// Where a CSV/TSV file may be cut into byte ranges read apart (docs/DESIGN.md §6.10): only at a row's end, which
// papaparse's quoting decides. RFC 4180 escapes a quote by doubling it, so the parity of the quotes before a line
// feed says whether it is inside a quoted field, provided every quote is where RFC 4180 puts it; QuoteCheck checks
// that, so a file whose quotes papaparse might read otherwise is read in one piece.

const QUOTE = 0x22, LF = 0x0a, CR = 0x0d;

/**
 * The first place at or after `from` where a byte range may start: just past a line feed (in a CRLF file, a
 * "\r\n") that lies outside quotes, when the quote parity before `from` is `odd`, and not before a byte-order mark
 * (which a range would drop as a file's first bytes, DESIGN §12.5). Only candidates p ≤ `limit` are looked at, and
 * bytes[p−2 .. p+2] must lie in `bytes`; quotes are counted over bytes[from .. limit).
 * @param bytes a piece of the file
 * @param from where the search starts (≥ 1, so the byte before a candidate is in the piece)
 * @param limit the last candidate looked at (≤ bytes.length − 3)
 * @param odd whether an odd number of quotes precedes `from` in the file (JSON Lines: always false)
 * @param quoted whether quotes count (CSV/TSV; JSON Lines has no line feed inside a value)
 * @param crlf whether rows end in "\r\n"
 * @returns the cut, or the parity at `limit` when there is none
 * @example nextCut(new TextEncoder().encode('ab"x\ny"\nz\n...'), 2, 10, false, true, false) // => { cut: 8 }
 */
export function nextCut(bytes: Uint8Array, from: number, limit: number, odd: boolean, quoted: boolean, crlf: boolean): { cut: number } | { odd: boolean } {
  for (let i = from; i < limit; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      if (quoted) odd = !odd;
    } else if (c === LF && !odd && (!crlf || bytes[i - 1] === CR) && !(bytes[i + 1] === 0xef && bytes[i + 2] === 0xbb && bytes[i + 3] === 0xbf)) {
      return { cut: i + 1 };
    }
  }
  return { odd };
}

/**
 * The quotes of a CSV/TSV byte range that starts at a row's start, fed chunk by chunk: how many, and whether each is
 * where RFC 4180 puts it, so that their parity is papaparse's reading. A quote opens a field only right after a
 * delimiter or a row's end; inside, a quote is doubled or closes the field right before a delimiter, the row's end
 * or the end of the file. Anything else (a quote inside an unquoted field, `"a"b`, an unclosed field) makes
 * `finish()` false. O(bytes), with one indexOf per quote.
 */
export class QuoteCheck {
  /** The quotes seen. */
  quotes = 0;
  private placed = true;
  private inside = false;
  // 1: a quote inside a quoted field whose next byte is not seen yet; 2: a closing quote and "\r", the "\n" unseen.
  private pending: 0 | 1 | 2 = 0;
  private last = LF;
  private beforeLast = CR;
  private readonly delimiter: number;

  constructor(delimiter: "," | "\t", private readonly crlf: boolean) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Reads the next bytes of the range. */
  feed(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n === 0 || !this.placed) return;
    let i = this.settle(bytes, 0);
    for (let q = bytes.indexOf(QUOTE, i); q >= 0 && this.placed; q = bytes.indexOf(QUOTE, i)) {
      this.quotes++;
      if (!this.inside) {
        const before = q >= 1 ? bytes[q - 1] : this.last;
        const twoBefore = q >= 2 ? bytes[q - 2] : q === 1 ? this.last : this.beforeLast;
        if (!(before === this.delimiter || (before === LF && (!this.crlf || twoBefore === CR)))) this.placed = false;
        this.inside = true;
        i = q + 1;
      } else {
        this.pending = 1;
        i = this.settle(bytes, q + 1);
      }
    }
    this.beforeLast = n >= 2 ? bytes[n - 2] : this.last;
    this.last = bytes[n - 1];
  }

  /** Whether every quote of the range was well placed and the range ends outside quotes (a quote may end the file). */
  finish(): boolean {
    if (this.pending === 1) this.inside = false;
    return this.placed && !this.inside && this.pending !== 2;
  }

  /** Reads bytes from `i` on while a quote's meaning waits on them; returns where the pending bytes end. */
  private settle(bytes: Uint8Array, i: number): number {
    while (this.pending !== 0 && i < bytes.length) this.resolve(bytes[i++]);
    return i;
  }

  private resolve(c: number): void {
    if (this.pending === 1) {
      this.pending = 0;
      if (c === QUOTE) this.quotes++;
      else if (c === this.delimiter || (c === LF && !this.crlf)) this.inside = false;
      else if (c === CR && this.crlf) this.pending = 2;
      else this.placed = false;
    } else {
      this.pending = 0;
      if (c === LF) this.inside = false;
      else this.placed = false;
    }
  }
}
