import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { AppRegistration } from "./app-config";
import { createEmptyShop } from "./store";
import { webhookHmac } from "./webhook-delivery";
import { createWebhookAutoDelivery } from "./webhook-auto-delivery";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server | undefined;

/** A stand-in app that records every delivery and answers `statuses` in turn (then 200). */
async function fakeApp(statuses: number[] = []): Promise<{ app: AppRegistration; received: Received[] }> {
  const received: Received[] = [];
  server = http.createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    received.push({ path: request.url!, headers: request.headers, body });
    response.writeHead(statuses.shift() ?? 200).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const app: AppRegistration = {
    apiKey: "key",
    apiSecret: "secret",
    appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handle: "tsunagu",
    scopes: [],
    webhookApiVersion: "2026-10",
    webhookSubscriptions: new Map([
      ["orders/create", "/webhooks/orders/create"],
      ["customers/update", "/webhooks/customers/update"],
    ]),
  };
  return { app, received };
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const newShop = () => createEmptyShop({ domain: "auto.myshopify.com", now: new Date("2026-11-20T00:00:00Z") });

describe("automatic webhook delivery", () => {
  it("sends each subscribed change signed, with a fresh event id and the time of the change", async () => {
    const { app, received } = await fakeApp();
    const delivery = createWebhookAutoDelivery(app, { enabled: true });
    const shop = newShop();
    delivery.watch(shop);
    const customer = shop.addCustomer({ createdAt: "2026-01-01T00:00:00Z" }); // customers/create: not subscribed
    const order = shop.addOrder({ customerId: customer, processedAt: "2026-11-19T00:00:00Z", lineItems: [{ quantity: 1, unitPrice: 10 }] });
    shop.addCustomerTags(customer, ["tsunagu:new"]); // our own write: comes back as customers/update
    await delivery.idle();

    expect(received.map((r) => r.path).sort()).toEqual(["/webhooks/customers/update", "/webhooks/orders/create"]);
    const orderDelivery = received.find((r) => r.path === "/webhooks/orders/create")!;
    expect(JSON.parse(orderDelivery.body).admin_graphql_api_id).toBe(order);
    expect(orderDelivery.headers["x-shopify-hmac-sha256"]).toBe(webhookHmac(orderDelivery.body, "secret"));
    expect(orderDelivery.headers["x-shopify-topic"]).toBe("orders/create");
    expect(orderDelivery.headers["x-shopify-shop-domain"]).toBe("auto.myshopify.com");
    const triggeredAt = Date.parse(String(orderDelivery.headers["x-shopify-triggered-at"]));
    expect(Math.floor(triggeredAt / 1000) * 1000).toBe(Date.parse(shop.getOrder(order)!.updatedAt)); // updatedAt shows whole seconds
    const eventIds = received.map((r) => r.headers["x-shopify-event-id"]);
    expect(new Set(eventIds).size).toBe(2);
    expect(delivery.log.map((d) => [d.topic, d.status, d.attempts])).toEqual(
      expect.arrayContaining([
        ["orders/create", 200, 1],
        ["customers/update", 200, 1],
      ]),
    );
  });

  it("retries a failed delivery with the same event and webhook ids until the app answers 2xx", async () => {
    const { app, received } = await fakeApp([500, 503]);
    const delivery = createWebhookAutoDelivery(app, { enabled: true });
    const shop = newShop();
    delivery.watch(shop);
    shop.addOrder({ processedAt: "2026-11-19T00:00:00Z", lineItems: [{ quantity: 1, unitPrice: 10 }] });
    await delivery.idle();

    expect(received.map((r) => r.headers["x-shopify-topic"])).toEqual(["orders/create", "orders/create", "orders/create"]);
    expect(new Set(received.map((r) => r.headers["x-shopify-event-id"])).size).toBe(1);
    expect(new Set(received.map((r) => r.headers["x-shopify-webhook-id"])).size).toBe(1);
    expect(delivery.log).toMatchObject([{ topic: "orders/create", status: 200, attempts: 3 }]);
  });

  it("sends nothing while switched off (a missed webhook, for reconciliation)", async () => {
    const { app, received } = await fakeApp();
    const delivery = createWebhookAutoDelivery(app);
    const shop = newShop();
    delivery.watch(shop);
    shop.addOrder({ processedAt: "2026-11-19T00:00:00Z", lineItems: [{ quantity: 1, unitPrice: 10 }] });
    await delivery.idle();
    expect(received).toEqual([]);
  });
});
