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
import { BODY_BYTES_MAX, readLimitedBody } from "../http/read-limited-body.server";

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

/** Throws the Response to answer when the delivery is not a POST signed with the app's secret. */
export async function verifyWebhook(request: Request, apiSecret = appEnv().SHOPIFY_API_SECRET ?? ""): Promise<VerifiedWebhook> {
  if (request.method !== "POST") throw new Response(undefined, { status: 405, statusText: "Method not allowed" });
  const body = await readLimitedBody(request, BODY_BYTES_MAX.webhook);
  if (!body.ok) throw body.response;
  const signature = Buffer.from(request.headers.get("X-Shopify-Hmac-Sha256") ?? "", "base64");
  const expected = crypto.createHmac("sha256", apiSecret).update(body.bytes).digest();
  if (apiSecret === "" || signature.length !== expected.length || !crypto.timingSafeEqual(signature, expected)) {
    throw new Response(undefined, { status: 401, statusText: "Unauthorized" });
  }
  if (REQUIRED_HEADERS.some((name) => !request.headers.get(name)))
    throw new Response(undefined, { status: 400, statusText: "Bad Request" });
  let payload: unknown;
  try {
    payload = parseJson(body.bytes.toString("utf8"));
  } catch {
    throw new Response("The body is not JSON", { status: 400 });
  }
  return {
    shop: request.headers.get("X-Shopify-Shop-Domain")!,
    payload,
    webhookId: request.headers.get("X-Shopify-Webhook-Id")!,
    eventId: request.headers.get("X-Shopify-Event-Id") ?? undefined,
    triggeredAt: request.headers.get("X-Shopify-Triggered-At") ?? undefined,
  };
}
