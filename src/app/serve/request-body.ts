// Reading a request body with a size limit and a deadline (docs/DESIGN.md §11.4). The rule lives here once; the
// Fetch API reader below and node:http's (node-server.ts) feed their chunks through the same BoundedBody.

/** Why a body could not be read: the HTTP status to answer with, and the message. */
export class BodyError extends Error {
  constructor(readonly status: 408 | 413, message: string) {
    super(message);
  }
}

/**
 * A body collected under a byte limit: a Content-Length over the limit is refused before one byte is read, a body
 * without one (chunked) when the chunk that crosses the limit arrives, so it is never buffered whole.
 */
export class BoundedBody {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  /** @throws {BodyError} 413 when the declared Content-Length is over `limit` */
  constructor(private readonly limit: number, declaredLength: string | null) {
    if (declaredLength !== null && Number(declaredLength) > limit) {
      throw new BodyError(413, `request body is ${declaredLength} bytes; the limit is ${limit} (--max-body)`);
    }
  }

  /** @throws {BodyError} 413 once the bytes so far pass the limit */
  add(chunk: Uint8Array): void {
    this.size += chunk.byteLength;
    if (this.size > this.limit) throw new BodyError(413, `request body is over the limit of ${this.limit} bytes (--max-body)`);
    this.chunks.push(chunk);
  }

  /** The bytes in one array (the chunk itself when there was one: no copy). */
  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0];
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) { bytes.set(chunk, at); at += chunk.byteLength; }
    return bytes;
  }
}

/** The 408 for a body that has not arrived whole within `timeoutMs` (a stalled or very slow client). */
export function bodyTimeout(timeoutMs: number): BodyError {
  return new BodyError(408, `request body did not arrive within ${timeoutMs} ms (--client-timeout)`);
}

/** A Fetch API request's body under the limit and the deadline (BoundedBody, bodyTimeout). */
export async function boundedBody(request: Request, limit: number, timeoutMs: number): Promise<Uint8Array> {
  const body = new BoundedBody(limit, request.headers.get("content-length"));
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(bodyTimeout(timeoutMs)), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      body.add(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return body.bytes();
}
