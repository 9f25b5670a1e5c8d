// Shopify's webhook signature check, for every webhook route (the compliance topics too).
// authenticate.webhook (shopify-app-remix 4.2.1) also loads the shop's offline session from the
// database on every delivery and builds an Admin client from it; the intake needs neither — only the
// shop, named in the delivery's header — and that lookup was the larger half of a delivery's database
// work (bench:webhooks). Same answers as authenticate.webhook: 405 not a POST, 401 bad signature,
// 400 a required header missing; and 400 for a body that is not JSON (it would throw there). A body
// over the limit is answered 413 before any HMAC work (app/http/read-limited-body.server.ts).
import crypto from "node:crypto";
import { appEnv } from "../env.server";
import { parseJson } from "../http/parse-json";
import { BODY_BYTES_MAX, readLimitedBytes, requestBody, type BodySource } from "../http/read-limited-body.server";

/** What the intake reads of a delivery whose signature matched. */
export interface VerifiedWebhook {
  shop: string;
  payload: unknown;
  /** X-Shopify-Webhook-Id: one delivery (and its retries). */
  webhookId: string;
  /** X-Shopify-Event-Id: the same on every delivery of one event. */
  eventId?: string;
  /** X-Shopify-Triggered-At */
  triggeredAt?: string;
}

const REQUIRED_HEADERS = ["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"];

/** Why a delivery is refused: the status (and statusText, body) to answer. */
export interface WebhookRefusal {
  status: 400 | 401 | 405 | 413;
  statusText?: string;
  body?: string;
}

/** A delivery as read by any server: its method, a header by name (case-insensitive), its body. */
export interface WebhookDelivery {
  method: string;
  header(name: string): string | null;
  body: BodySource;
}

/** The delivery's webhook, or why it is refused: the one check behind verifyWebhook and server.mjs's intake. */
export async function checkWebhook(delivery: WebhookDelivery, apiSecret: string): Promise<VerifiedWebhook | WebhookRefusal> {
  if (delivery.method !== "POST") return { status: 405, statusText: "Method not allowed" };
  const body = await readLimitedBytes(delivery.body, BODY_BYTES_MAX.webhook);
  if (!body.ok) return { status: body.status, body: body.json };
  const signature = Buffer.from(delivery.header("X-Shopify-Hmac-Sha256") ?? "", "base64");
  const expected = crypto.createHmac("sha256", apiSecret).update(body.bytes).digest();
  if (apiSecret === "" || signature.length !== expected.length || !crypto.timingSafeEqual(signature, expected)) {
    return { status: 401, statusText: "Unauthorized" };
  }
  if (REQUIRED_HEADERS.some((name) => !delivery.header(name))) return { status: 400, statusText: "Bad Request" };
  let payload: unknown;
  try {
    payload = parseJson(body.bytes.toString("utf8"));
  } catch {
    return { status: 400, body: "The body is not JSON" };
  }
  return {
    shop: delivery.header("X-Shopify-Shop-Domain")!,
    payload,
    webhookId: delivery.header("X-Shopify-Webhook-Id")!,
    eventId: delivery.header("X-Shopify-Event-Id") ?? undefined,
    triggeredAt: delivery.header("X-Shopify-Triggered-At") ?? undefined,
  };
}

export function isRefusal(checked: VerifiedWebhook | WebhookRefusal): checked is WebhookRefusal {
  return "status" in checked;
}

/** Throws the Response to answer when the delivery is not a POST signed with the app's secret. */
export async function verifyWebhook(request: Request, apiSecret = appEnv().SHOPIFY_API_SECRET ?? ""): Promise<VerifiedWebhook> {
  const checked = await checkWebhook(
    { method: request.method, header: (name) => request.headers.get(name), body: requestBody(request) },
    apiSecret,
  );
  if (!isRefusal(checked)) return checked;
  const contentType = checked.status === 413 ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
  throw new Response(checked.body, {
    status: checked.status,
    statusText: checked.statusText,
    headers: checked.body === undefined ? undefined : { "Content-Type": contentType, "Cache-Control": "no-store" },
  });
}
