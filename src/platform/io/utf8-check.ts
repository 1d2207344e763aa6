// Invalid UTF-8 is refused, naming the line: a reader decodes it to U+FFFD, so a program that writes rows back
// verbatim (rmcal apply) would otherwise replace the user's bytes silently (docs/DESIGN.md §9.3).
import { InputError } from "./input-error";
import type { TextChunk, TextSource } from "./rows";

/** A byte source whose bytes are checked as UTF-8 on their way through. */
export interface CheckedSource {
  chunks: AsyncGenerator<TextChunk>;
  /** Whether the bytes began with a UTF-8 byte-order mark (which the readers drop); known after the first chunk. */
  startsWithBom(): boolean;
}

/**
 * Passes chunks through unchanged, throwing at the first byte sequence that is not UTF-8 (overlong forms,
 * surrogates and code points beyond U+10FFFF included, as TextDecoder's fatal mode), or at a file that ends
 * inside a character. Strings pass as they are. O(n), one pass, no copies.
 * @throws {InputError} "FILE, line L: holds bytes that are not valid UTF-8 …" (code input-format)
 */
export function checkedUtf8(source: TextSource, fileName: string): CheckedSource {
  let bom = false;
  async function* chunks(): AsyncGenerator<TextChunk> {
    let line = 1, need = 0, low = 0x80, high = 0xbf, first = true;
    const refuse = (byte: number | null): never => {
      const what = byte === null ? "ends inside a UTF-8 character" : `holds the byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")}, which is not valid UTF-8 here`;
      throw new InputError(fileName, line, null, `${what}; rmcal apply writes rows back byte for byte and will not replace it (convert the file to UTF-8)`);
    };
    for await (const chunk of source as AsyncIterable<TextChunk>) {
      if (typeof chunk !== "string") {
        if (first && chunk.length > 0) bom = chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
        // Invariant: `need` continuation bytes are still due, the next one within [low, high].
        for (let i = 0; i < chunk.length; i++) {
          const b = chunk[i];
          if (need > 0) {
            if (b < low || b > high) refuse(b);
            need--, low = 0x80, high = 0xbf;
          } else if (b < 0x80) {
            if (b === 0x0a) line++;
          } else if (b >= 0xc2 && b <= 0xdf) need = 1;
          else if (b >= 0xe0 && b <= 0xef) [need, low, high] = [2, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
          else if (b >= 0xf0 && b <= 0xf4) [need, low, high] = [3, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
          else refuse(b);
        }
      }
      if (chunk.length > 0) first = false;
      yield chunk;
    }
    if (need > 0) refuse(null);
  }
  return { chunks: chunks(), startsWithBom: () => bom };
}
