// Reading a request body with a size limit and a deadline (docs/DESIGN.md §11.4), over the Fetch API's streams so
// the same code runs under node:http and workerd.

/** Why a body could not be read: the HTTP status to answer with, and the message. */
export class BodyError extends Error {
  constructor(readonly status: 408 | 413, message: string) {
    super(message);
  }
}

/**
 * The body's bytes, refused with 413 as soon as it passes `limit` bytes (a Content-Length over the limit is refused
 * before one byte is read, a chunked body when the chunk that crosses it arrives: it is never buffered whole), and
 * with 408 when it has not arrived whole within `timeoutMs` (a stalled or very slow client).
 */
export async function boundedBody(request: Request, limit: number, timeoutMs: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    throw new BodyError(413, `request body is ${declared} bytes; the limit is ${limit} (--max-body)`);
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyError(408, `request body did not arrive within ${timeoutMs} ms (--client-timeout)`)), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw new BodyError(413, `request body is over the limit of ${limit} bytes (--max-body)`);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) { bytes.set(chunk, at); at += chunk.byteLength; }
  return bytes;
}
