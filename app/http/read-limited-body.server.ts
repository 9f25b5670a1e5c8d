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

function tooLarge(maxBytes: number, rest: ReadableStreamDefaultReader<Uint8Array> | undefined): LimitedBody {
  if (rest) void discard(rest);
  const response = new Response(JSON.stringify({ ok: false, error: "too_large", maxBytes }), {
    status: 413,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
  return { ok: false, response };
}

async function discard(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let dropped = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      dropped += chunk.value.byteLength;
      if (dropped > DISCARD_BYTES_MAX) return void (await reader.cancel());
    }
  } catch {
    // The client went away: nothing left to drop.
  }
}

export async function readLimitedBody(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= maxBytes)) return tooLarge(maxBytes, request.body?.getReader());
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.byteLength;
      if (size > maxBytes) return tooLarge(maxBytes, reader);
      chunks.push(chunk.value);
    }
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}
