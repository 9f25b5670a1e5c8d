import { describe, expect, it } from "vitest";
import { createEmptyShop } from "../../tests/emulator/store";
import { customerWebhookPayload, orderWebhookPayload } from "../../tests/emulator/webhook-payloads";
import { mapWebhookPayload, WebhookPayloadError } from "./map-webhook-payload";

function shopWithOrder() {
  const shop = createEmptyShop({
    domain: "payloads.myshopify.com",
    ianaTimezone: "Asia/Tokyo",
    currencyCode: "JPY",
    now: new Date("2026-11-01T00:00:00Z"),
  });
  const customer = shop.addCustomer({
    firstName: "Hanako",
    lastName: "Yamada",
    email: "hanako@example.com",
    createdAt: "2026-01-05T00:00:00Z",
  });
  const order = shop.addOrder({
    customerId: customer,
    processedAt: "2026-10-30T10:00:00+09:00",
    lineItems: [
      { sku: "TEA", quantity: 2, unitPrice: 1200 },
      { sku: "CUP", quantity: 1, unitPrice: 3000 },
      { sku: "TEA", quantity: 1, unitPrice: 1200 },
    ],
  });
  return { shop, customer, order };
}

describe("order webhook payloads", () => {
  it("keep ids, times, amounts, status and products; drop every personal field", () => {
    const { shop, customer, order } = shopWithOrder();
    const facts = mapWebhookPayload("orders/create", orderWebhookPayload(shop, order));
    expect(facts).toEqual({
      kind: "order",
      id: order,
      customerId: customer,
      customer: { id: customer, shopifyCreatedAt: new Date("2026-01-05T00:00:00.000Z"), shopifyUpdatedAt: expect.any(Date) },
      processedAt: new Date("2026-10-30T01:00:00.000Z"),
      shopifyUpdatedAt: expect.any(Date),
      totalPrice: 6600,
      totalRefunded: 0,
      cancelled: false,
      test: false,
      financialStatus: "PAID",
      fulfilledAt: null,
      lines: [
        { productId: expect.stringMatching(/^gid:\/\/shopify\/Product\/\d+$/), quantity: 3 },
        { productId: expect.stringMatching(/^gid:\/\/shopify\/Product\/\d+$/), quantity: 1 },
      ],
      // the emulator's synthesized visit for order 1: a LINE message (landing_site's UTM values, no URL kept)
      journey: {
        origin: "webhook",
        ready: false,
        customerOrderIndex: null,
        daysToConversion: null,
        momentsCount: null,
        first: {
          source: null,
          sourceType: null,
          utmSource: "line",
          utmMedium: "message",
          utmCampaign: "weekly_line",
          referrerHost: null,
          marketingEventId: null,
          occurredAt: null,
        },
        last: {
          source: null,
          sourceType: null,
          utmSource: "line",
          utmMedium: "message",
          utmCampaign: "weekly_line",
          referrerHost: null,
          marketingEventId: null,
          occurredAt: null,
        },
      },
      // one-off lines (selling_plan_id null), source_name "web"
      subscription: { sellingPlanIds: [], renewal: false },
    });
    expect(JSON.stringify(facts)).not.toMatch(/Hanako|Yamada|example\.com|https?:/);
  });

  it("add up successful refund transactions and read cancellation", () => {
    const { shop, order } = shopWithOrder();
    shop.refundOrder(order, "1000");
    shop.cancelOrder(order);
    const facts = mapWebhookPayload("orders/cancelled", orderWebhookPayload(shop, order));
    expect(facts).toMatchObject({ cancelled: true, financialStatus: "REFUNDED", totalPrice: 6600, totalRefunded: 6600 });
  });
});

describe("subscription facts of order webhook payloads", () => {
  it("read the distinct selling plans of the lines and a subscription app's renewal", () => {
    const { shop, order } = shopWithOrder();
    const payload = orderWebhookPayload(shop, order) as { line_items: Record<string, unknown>[]; source_name: string };
    payload.line_items[0].selling_plan_id = 987654321;
    payload.line_items[1].selling_plan_id = 987654321;
    payload.source_name = "subscription_contract";
    expect(mapWebhookPayload("orders/create", payload)).toMatchObject({
      subscription: { sellingPlanIds: ["gid://shopify/SellingPlan/987654321"], renewal: true },
    });
    payload.line_items[0].selling_plan_id = "plan-a";
    expect(() => mapWebhookPayload("orders/create", payload)).toThrow(/line_items.selling_plan_id must be a numeric id/);
  });
});

describe("customer and refund webhook payloads", () => {
  it("a customer is its GID and its two times", () => {
    const { shop, customer } = shopWithOrder();
    expect(mapWebhookPayload("customers/update", customerWebhookPayload(shop, customer))).toEqual({
      kind: "customer",
      id: customer,
      shopifyCreatedAt: new Date("2026-01-05T00:00:00.000Z"),
      shopifyUpdatedAt: expect.any(Date),
    });
  });

  it("a refund names its order and when it was made", () => {
    expect(mapWebhookPayload("refunds/create", { id: 9, order_id: 4711, created_at: "2026-11-01T09:00:00+09:00" })).toEqual({
      kind: "refund",
      orderId: "gid://shopify/Order/4711",
      createdAt: new Date("2026-11-01T00:00:00.000Z"),
    });
  });

  it("a deleted customer is only its GID", () => {
    expect(mapWebhookPayload("customers/delete", { id: 17, phone: null, addresses: [] })).toEqual({
      kind: "customer-deleted",
      id: "gid://shopify/Customer/17",
    });
  });

  it("a body without the fields the domain needs is rejected with the field named", () => {
    expect(() => mapWebhookPayload("orders/updated", { id: 5, processed_at: "yesterday" })).toThrow(WebhookPayloadError);
    expect(() => mapWebhookPayload("orders/updated", { id: 5, processed_at: "yesterday" })).toThrow(/processed_at must be a time/);
    expect(() => mapWebhookPayload("customers/create", [])).toThrow(/not a JSON object/);
  });

  it("a list of fulfilments, line items or refund transactions holding a non-object is rejected, not a crash", () => {
    const order = { id: 5, processed_at: "2026-11-01T09:00:00+09:00", updated_at: "2026-11-01T09:00:00+09:00", total_price: "100" };
    expect(() => mapWebhookPayload("orders/create", { ...order, fulfillments: [null] })).toThrow(/fulfillments must be a list of objects/);
    expect(() => mapWebhookPayload("orders/create", { ...order, line_items: [7] })).toThrow(/line_items must be a list of objects/);
    expect(() => mapWebhookPayload("orders/create", { ...order, refunds: [{ transactions: [null] }] })).toThrow(
      /transactions must be a list of objects/,
    );
  });
});
