// The intake's signature check answers as authenticate.webhook does, and reads the shop and event id
// from the headers of a delivery whose body was signed with the app's secret.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyWebhook } from "./verify-webhook.server";

const SECRET = "shpss_test_secret";
// As Shopify sends it: a 64-bit id as a bare number, beyond what a JavaScript number holds exactly.
const BODY = '{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508"}';

function delivery({ body = BODY, secret = SECRET, method = "POST", drop = [] as string[] } = {}): Request {
  const headers = new Headers({
    "Content-Type": "application/json",
    "X-Shopify-Hmac-Sha256": crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64"),
    "X-Shopify-Topic": "orders/create",
    "X-Shopify-Shop-Domain": "tea-house.myshopify.com",
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
    "X-Shopify-Triggered-At": "2026-11-20T03:00:00.123Z",
  });
  for (const name of drop) headers.delete(name);
  return new Request("https://app.example/webhooks/orders/create", { method, headers, ...(method === "POST" ? { body } : {}) });
}

/** The status of the Response verifyWebhook threw, or "accepted". */
async function answer(request: Request): Promise<number | "accepted"> {
  try {
    await verifyWebhook(request, SECRET);
    return "accepted";
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("verifying a webhook delivery", () => {
  it("accepts a body signed with the app's secret and reads the shop, payload (a 64-bit id with all its digits), delivery and event ids", async () => {
    expect(await verifyWebhook(delivery(), SECRET)).toEqual({
      shop: "tea-house.myshopify.com",
      payload: { id: "820982911946154508", admin_graphql_api_id: "gid://shopify/Order/820982911946154508" },
      webhookId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
      eventId: "98880550-7158-44d4-b7cd-2c97c8a091b5",
      triggeredAt: "2026-11-20T03:00:00.123Z",
    });
  });

  it("answers 401 to a body signed with another secret, and to a body changed after signing", async () => {
    expect(await answer(delivery({ secret: "someone-else" }))).toBe(401);
    const signed = delivery();
    const tampered = new Request(signed.url, { method: "POST", headers: signed.headers, body: BODY.replace("154508", "154509") });
    expect(await answer(tampered)).toBe(401);
  });

  it("answers 401 without a signature, and when the app has no secret configured", async () => {
    expect(await answer(delivery({ drop: ["X-Shopify-Hmac-Sha256"] }))).toBe(401);
    expect(await verifyWebhook(delivery({ secret: "" }), "").catch((thrown: Response) => thrown.status)).toBe(401);
  });

  it("answers 405 to anything but a POST", async () => {
    expect(await answer(delivery({ method: "GET" }))).toBe(405);
  });

  it("answers 400 when a header Shopify always sends is missing, or the signed body is not JSON", async () => {
    expect(await answer(delivery({ drop: ["X-Shopify-Shop-Domain"] }))).toBe(400);
    expect(await answer(delivery({ drop: ["X-Shopify-Webhook-Id"] }))).toBe(400);
    expect(await answer(delivery({ body: "{not json" }))).toBe(400);
  });

  it("leaves the event id out for a delivery without one (older API versions): the intake falls back to the delivery id", async () => {
    expect(await verifyWebhook(delivery({ drop: ["X-Shopify-Event-Id", "X-Shopify-Triggered-At"] }), SECRET)).toMatchObject({
      eventId: undefined,
      triggeredAt: undefined,
    });
  });
});
