// Webhook deliveries as Shopify sends them: a JSON POST to the subscription's URI on the app,
// signed with HMAC-SHA256 of the raw body (base64) keyed by the app's secret, with Shopify's headers.
import crypto from "node:crypto";
import type { AppRegistration } from "./app-config";

export interface WebhookDelivery {
  shop: string;
  topic: string;
  payload: unknown;
  /** Same value on every delivery of one event: what apps de-duplicate on. */
  eventId?: string;
  /** Same value on every retry of one delivery. */
  webhookId?: string;
  triggeredAt?: Date;
  /** Tests: send a signature that does not match the body. */
  tamper?: boolean;
}

export interface WebhookResult {
  status: number;
  eventId: string;
  webhookId: string;
  body: string;
}

export function webhookHmac(body: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export async function deliverWebhook(app: AppRegistration, delivery: WebhookDelivery): Promise<WebhookResult> {
  const uri = app.webhookSubscriptions.get(delivery.topic);
  if (!uri) throw new Error(`The app has no subscription for ${delivery.topic} in shopify.app.toml`);
  const body = JSON.stringify(delivery.payload);
  const eventId = delivery.eventId ?? crypto.randomUUID();
  const webhookId = delivery.webhookId ?? crypto.randomUUID();
  const signature = webhookHmac(delivery.tamper ? `${body} ` : body, app.apiSecret);
  const response = await fetch(new URL(uri, app.appUrl), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": delivery.topic,
      "X-Shopify-Hmac-Sha256": signature,
      "X-Shopify-Shop-Domain": delivery.shop,
      "X-Shopify-API-Version": app.webhookApiVersion,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": eventId,
      "X-Shopify-Triggered-At": (delivery.triggeredAt ?? new Date()).toISOString(),
    },
    body,
    signal: AbortSignal.timeout(5_000), // Shopify gives an app 5 s to answer
  });
  return { status: response.status, eventId, webhookId, body: await response.text() };
}
