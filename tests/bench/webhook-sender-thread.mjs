// bench:webhooks' Shopify: sends the planned deliveries at a steady rate (open loop: a slow answer does
// not slow the sender) from a thread of its own, so that the emulator's work in the bench's main thread
// (a load shop's bulk files are built there, hundreds of milliseconds at a time) never delays a send
// and is never counted as the app's latency. Each delivery's signature is computed beforehand.
import crypto from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";

/** @type {{ url: string; shop: string; rate: number; timeoutMs: number; deliveries: { eventId: string; body: string; hmac: string }[] }} */
const { url, shop, rate, timeoutMs, deliveries } = workerData;

async function deliver({ eventId, body, hmac }) {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Hmac-Sha256": hmac,
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": crypto.randomUUID(),
        "X-Shopify-Event-Id": eventId,
        "X-Shopify-Triggered-At": new Date().toISOString(),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

const started = performance.now();
const intervalMs = 1000 / rate;
const pending = [];
let lateMsMax = 0;
for (let i = 0; i < deliveries.length; i++) {
  const due = started + i * intervalMs;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  lateMsMax = Math.max(lateMsMax, performance.now() - due);
  pending.push(deliver(deliveries[i]));
}
const results = await Promise.all(pending);
parentPort.postMessage({ results, sendSeconds: (performance.now() - started) / 1000, lateMsMax });
