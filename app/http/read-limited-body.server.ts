// Every public endpoint (webhooks, the app proxy, the post-purchase API) reads its body through here,
// before any signature or parsing work: a declared Content-Length over the limit is refused without
// reading a byte, and a body without one is counted as it streams in and the read stops at the limit.
// So a 200 MB body costs at most the limit in memory, signed or not, and is answered 413 at once.
// The rest of a refused body is read and dropped, not left unread: a server that closes a socket with
// unread bytes resets it, and the client may lose the 413 (and a client that reads the answer only
// after sending would never get it). Past DISCARD_BYTES_MAX the connection is cut instead.

import { REVIEW_LIMITS } from "../domain/reviews";

/** Bytes each public endpoint accepts. Shopify's largest order payloads are a few hundred kB. */
export const BODY_BYTES_MAX = {
  webhook: 4 * 1024 * 1024,
  review: REVIEW_LIMITS.requestBytesMax,
  npsAnswer: 4 * 1024,
} as const;

const DISCARD_BYTES_MAX = 1024 * 1024 * 1024;

export type LimitedBody = { ok: true; bytes: Buffer<ArrayBuffer> } | { ok: false; response: Response };

/** A body's bytes, or the 413 to answer (its rest is being read and dropped). */
export type LimitedBytes = { ok: true; bytes: Buffer<ArrayBuffer> } | { ok: false; status: 413; json: string };

/** Where a body comes from: a fetch Request's stream, or Node's IncomingMessage (server.mjs's intake). */
export interface BodySource {
  declaredLength: string | null;
  chunks: AsyncIterator<Uint8Array> | undefined;
  /** Stop reading: the connection is cut. */
  cancel(): void;
}

function tooLarge(maxBytes: number, rest: BodySource["chunks"], cancel: () => void): LimitedBytes {
  if (rest) void discard(rest, cancel);
  return { ok: false, status: 413, json: JSON.stringify({ ok: false, error: "too_large", maxBytes }) };
}

async function discard(rest: AsyncIterator<Uint8Array>, cancel: () => void): Promise<void> {
  let dropped = 0;
  try {
    for (let chunk = await rest.next(); !chunk.done; chunk = await rest.next()) {
      dropped += chunk.value.byteLength;
      if (dropped > DISCARD_BYTES_MAX) return cancel();
    }
  } catch {
    // The client went away: nothing left to drop.
  }
}

export async function readLimitedBytes({ declaredLength, chunks, cancel }: BodySource, maxBytes: number): Promise<LimitedBytes> {
  if (declaredLength !== null && !(Number(declaredLength) <= maxBytes)) return tooLarge(maxBytes, chunks, cancel);
  const read: Uint8Array[] = [];
  let size = 0;
  if (chunks) {
    for (let chunk = await chunks.next(); !chunk.done; chunk = await chunks.next()) {
      size += chunk.value.byteLength;
      if (size > maxBytes) return tooLarge(maxBytes, chunks, cancel);
      read.push(chunk.value);
    }
  }
  return { ok: true, bytes: Buffer.concat(read) };
}

/** A fetch Request's body as a BodySource. */
export function requestBody(request: Request): BodySource {
  const reader = request.body?.getReader();
  return {
    declaredLength: request.headers.get("content-length"),
    chunks: reader && { next: () => reader.read() as Promise<IteratorResult<Uint8Array>> },
    cancel: () => void reader?.cancel(),
  };
}

export async function readLimitedBody(request: Request, maxBytes: number): Promise<LimitedBody> {
  const body = await readLimitedBytes(requestBody(request), maxBytes);
  if (body.ok) return body;
  const response = new Response(body.json, {
    status: body.status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
  return { ok: false, response };
}
