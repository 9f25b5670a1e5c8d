// Payloads as Shopify sends them (tests/fixtures/webhooks/, provenance in its README): raw bodies
// parsed as the intake parses them, mapped to exactly the facts each row needs.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson } from "../http/parse-json";
import { mapWebhookPayload, type WebhookTopic } from "./map-webhook-payload";

const FIXTURES = path.resolve(__dirname, "../../tests/fixtures/webhooks");
const facts = (topic: WebhookTopic, file: string) =>
  mapWebhookPayload(topic, parseJson(fs.readFileSync(path.join(FIXTURES, file), "utf8")));

const direct = {
  source: "direct",
  sourceType: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  referrerHost: null,
  marketingEventId: null,
  occurredAt: null,
};

describe("Shopify's documentation samples", () => {
  it("orders/create: the 64-bit order and customer ids keep every digit; the buyer's null times do not refuse the order", () => {
    expect(facts("orders/create", "docs-orders-create.json")).toEqual({
      kind: "order",
      id: "gid://shopify/Order/820982911946154508",
      customerId: "gid://shopify/Customer/115310627314723954",
      customer: null,
      processedAt: new Date("2024-06-26T16:33:21.000Z"),
      shopifyUpdatedAt: new Date("2024-06-26T16:33:21.000Z"),
      totalPrice: 1575.9,
      totalRefunded: 0,
      cancelled: true,
      test: true,
      financialStatus: "VOIDED",
      fulfilledAt: null,
      lines: [
        { productId: "gid://shopify/Product/9313716535612", quantity: 1 },
        { productId: "gid://shopify/Product/9313716601148", quantity: 1 },
      ],
      // source_name "web" without landing_site or referring_site: a direct visit, until the summary is read.
      journey: {
        origin: "webhook",
        ready: false,
        customerOrderIndex: null,
        daysToConversion: null,
        momentsCount: null,
        first: direct,
        last: direct,
      },
      // the docs' example predates selling_plan_id (2026-10): no plan read, source_name "web"
      subscription: { sellingPlanIds: [], renewal: false },
    });
  });

  it("refunds/create: the order id above 2^53 is exact", () => {
    expect(facts("refunds/create", "docs-refunds-create.json")).toEqual({
      kind: "refund",
      orderId: "gid://shopify/Order/820982911946154508",
      createdAt: new Date("2022-01-01T00:00:00.000Z"),
    });
  });
});

describe("real-store-shaped captures", () => {
  it("an HKD order: the buyer with times, products as bought after an edit (current_quantity), the first fulfilment", () => {
    expect(facts("orders/updated", "hkd-order-with-customer.json")).toMatchObject({
      customerId: "gid://shopify/Customer/7112830451867",
      customer: {
        id: "gid://shopify/Customer/7112830451867",
        shopifyCreatedAt: new Date("2023-03-02T10:44:10.000Z"),
        shopifyUpdatedAt: new Date("2024-11-05T01:12:33.000Z"),
      },
      totalPrice: 500,
      fulfilledAt: new Date("2024-11-05T01:12:38.000Z"),
      lines: [
        { productId: "gid://shopify/Product/8123456716955", quantity: 1 },
        { productId: "gid://shopify/Product/8123456749723", quantity: 1 },
      ],
    });
  });

  it("a JPY shop's order paid in USD: the USD refund is not subtracted from yen — the order is re-read; the pending refund is not counted", () => {
    const order = facts("orders/updated", "usd-presentment-refunded-order.json");
    expect(order).toMatchObject({ totalPrice: 15000, totalRefunded: 0, refundsNeedReread: true, financialStatus: "PARTIALLY_REFUNDED" });
  });

  it("an EUR shop's order paid in GBP: the refund counts in euros (amount_set.shop_money 30.00, not the GBP 25.50)", () => {
    const order = facts("orders/updated", "eur-refund-with-shop-money.json");
    expect(order).toMatchObject({
      totalPrice: 90,
      totalRefunded: 30,
      lines: [{ productId: "gid://shopify/Product/7712345678901", quantity: 2 }],
    });
    expect(order).not.toHaveProperty("refundsNeedReread");
  });

  it("a guest draft order: no buyer, the custom line has no product, the line edited away is not bought", () => {
    expect(facts("orders/create", "guest-draft-order.json")).toMatchObject({
      customerId: null,
      customer: null,
      totalPrice: 3500,
      lines: [{ productId: "gid://shopify/Product/8812345678902", quantity: 1 }],
    });
  });

  it("no fixture carries personal data", () => {
    for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json"))) {
      const text = fs.readFileSync(path.join(FIXTURES, file), "utf8");
      expect(text, file).not.toMatch(/@(?!example\.invalid)[a-z0-9-]+\.[a-z]/i);
      expect(text, file).not.toMatch(
        /"(first_name|last_name|address1|city|zip|name)": "(?!REDACTED|#|The |REDACTED item|Aviator|Mid-century|Generic Shipping|United States|Canada)/,
      );
    }
  });
});

describe("ids that are not ids are refused, never stored", () => {
  it("a buyer GID holding a lone surrogate falls back to the numeric id; without one the order is refused", () => {
    const body = JSON.parse(fs.readFileSync(path.join(FIXTURES, "hkd-order-with-customer.json"), "utf8"));
    body.customer.admin_graphql_api_id = "gid://shopify/Customer/\uFFFD";
    expect(mapWebhookPayload("orders/create", body)).toMatchObject({ customerId: "gid://shopify/Customer/7112830451867" });
    body.customer.id = "\uFFFD";
    expect(() => mapWebhookPayload("orders/create", body)).toThrow(/customer\.id must be a numeric id/);
  });

  it("a product id above 2^53 as digits is exact; a rounded float is refused", () => {
    const body = parseJson(
      '{"id":1,"processed_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z","total_price":"1","line_items":[{"product_id":9007199254740993,"quantity":1}]}',
    );
    expect(mapWebhookPayload("orders/create", body)).toMatchObject({
      lines: [{ productId: "gid://shopify/Product/9007199254740993", quantity: 1 }],
    });
    expect(() => mapWebhookPayload("orders/create", { ...(body as object), line_items: [{ product_id: 1.5e300, quantity: 1 }] })).toThrow(
      /product_id must be a numeric id/,
    );
  });
});
