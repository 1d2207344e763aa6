// Text input for the reader tests: byte chunks that split wherever they happen to, and a CSV with every awkward
// feature at once.
const encoder = new TextEncoder();

/** The text as byte chunks of `size` bytes (splitting multi-byte characters and CRLF pairs on purpose). */
export function chunked(text: string, size: number): Uint8Array[] {
  const bytes = encoder.encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}

/** A BOM, CRLF line ends, quoted fields with commas, doubled quotes and a newline, a blank line and non-ASCII text. */
export const AWKWARD_CSV =
  '\ufeffid,score_a,score_b,label,note\r\n' +
  '1,0.5,-1,1,"plain"\r\n' +
  '2,1e-3,2,0,"comma, ""quote"" and\r\nnewline"\r\n' +
  '\r\n' +
  '3,-4.25,0,0.5,"é ü 日本"\r\n' +
  '4,7,8,1,last';
