// HTTP side of bulk operations: the signed result-file URLs (GET, with Range support as on Google
// Cloud Storage, where Shopify keeps them), and a control endpoint for the fault switches when the
// emulator runs in another process:
//   POST /__emulator/bulk-faults  {"shop":"x.myshopify.com","faults":{…BulkFaults}}  → 200 {"ok":true}
// Download faults (bulk-operations.ts BulkFaults): `cutDownloads` destroys the connection after N
// bytes (Content-Length still announces the whole file, so the client sees a truncated body) and
// `downloadBytesPerSecond` paces the response.
import fs from "node:fs";
import { bulkFaults, lookupBulkFile, setBulkFaults, type BulkFaults } from "./bulk-operations";
import type { FeatureRoute } from "./feature-routes";

const XML = { "Content-Type": "application/xml; charset=UTF-8" };
const CHUNK_BYTES = 64 * 1024;

function xmlError(code: string, message: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const bulkFileRoute: FeatureRoute = async ({ request, response, url, send, readBody, shopByDomain }) => {
  if (request.method === "POST" && url.pathname === "/__emulator/bulk-faults") {
    let body: { shop?: string; faults?: BulkFaults };
    try {
      body = JSON.parse((await readBody()).toString("utf8"));
    } catch {
      send(400, { errors: "Expected a JSON body {shop, faults}" });
      return true;
    }
    const { shop = "", faults = {} } = body;
    const target = shopByDomain(shop);
    if (!target) {
      send(404, { errors: `No shop ${shop}` });
      return true;
    }
    setBulkFaults(target, faults);
    send(200, { ok: true });
    return true;
  }
  if (request.method !== "GET" || !url.pathname.startsWith("/bulk-operation-outputs/")) return false;

  const file = lookupBulkFile(url);
  if (file === "missing") {
    send(403, xmlError("AccessDenied", "Access denied."), XML);
    return true;
  }
  if (file === "expired") {
    send(400, xmlError("ExpiredToken", "The provided token has expired."), XML);
    return true;
  }
  const size = fs.statSync(file.path).size;
  const range = /^bytes=(\d+)-$/.exec(String(request.headers.range ?? ""));
  const start = range ? Math.min(Number(range[1]), size) : 0;
  response.writeHead(range ? 206 : 200, {
    "Content-Type": "application/jsonl",
    "Content-Length": String(size - start),
    "Accept-Ranges": "bytes",
    ...(range ? { "Content-Range": `bytes ${start}-${size - 1}/${size}` } : {}),
  });

  const faults = bulkFaults(file.shop);
  let cutAfter = Infinity;
  if (faults.cutDownloads && faults.cutDownloads.times > 0) {
    cutAfter = faults.cutDownloads.afterBytes;
    faults.cutDownloads.times--;
  }
  const pace = faults.downloadBytesPerSecond;
  let sent = 0;
  const stream = fs.createReadStream(file.path, {
    start,
    highWaterMark: pace ? Math.min(CHUNK_BYTES, Math.max(1024, pace / 10)) : CHUNK_BYTES,
  });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (response.destroyed) break;
      const room = cutAfter - sent;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      // pace before sending, so the last byte arrives no sooner than size / rate
      if (pace) await sleep((part.length / pace) * 1000);
      sent += part.length;
      if (sent >= cutAfter) {
        // let the headers and the first bytes reach the client, then drop the connection
        await new Promise<void>((resolve) => response.write(part, () => resolve()));
        response.destroy();
        return true;
      }
      if (part.length && !response.write(part)) await new Promise<void>((resolve) => response.once("drain", resolve));
    }
  } finally {
    stream.destroy();
  }
  response.end();
  return true;
};
