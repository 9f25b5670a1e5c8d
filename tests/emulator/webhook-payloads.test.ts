import { beforeAll, describe, expect, it } from "vitest";
import { seedOnlineRetail } from "./seed-online-retail";
import type { EmulatedShop } from "./store";
import { customerWebhookPayload, orderWebhookPayload } from "./webhook-payloads";

let shop: EmulatedShop;
beforeAll(async () => {
  shop = await seedOnlineRetail();
});

describe("webhook payloads in Shopify's REST shape (API 2026-10)", () => {
  it("prints an order with numeric id, admin_graphql_api_id, shop-zone times and two-decimal money", () => {
    const payload = orderWebhookPayload(shop, "gid://shopify/Order/536365");
    expect(payload).toMatchObject({
      id: 536365,
      admin_graphql_api_id: "gid://shopify/Order/536365",
      name: "#536365",
      created_at: "2010-12-01T08:26:00+00:00",
      processed_at: "2010-12-01T08:26:00+00:00",
      // fulfilled two days after it was processed (the seeds' shipping rule), which updates the order
      updated_at: "2010-12-03T08:26:00+00:00",
      fulfillment_status: "fulfilled",
      fulfillments: [
        { admin_graphql_api_id: "gid://shopify/Fulfillment/536365", created_at: "2010-12-03T08:26:00+00:00", status: "success" },
      ],
      cancelled_at: null,
      test: false,
      currency: "GBP",
      total_price: "139.12",
      current_total_price: "139.12",
      total_price_set: {
        shop_money: { amount: "139.12", currency_code: "GBP" },
        presentment_money: { amount: "139.12", currency_code: "GBP" },
      },
      financial_status: "paid",
      customer: { id: 17850, admin_graphql_api_id: "gid://shopify/Customer/17850", email: "customer-17850@example.com" },
      refunds: [],
    });
    expect((payload.line_items as unknown[])[0]).toMatchObject({
      quantity: 6,
      price: "2.55",
      sku: "85123A",
      title: "WHITE HANGING HEART T-LIGHT HOLDER",
    });
  });

  it("prints an order refunded in full by an Online Retail credit note as refunded, with its lines", () => {
    const payload = orderWebhookPayload(shop, "gid://shopify/Order/581483");
    expect(payload).toMatchObject({
      name: "#581483",
      cancelled_at: null,
      financial_status: "refunded",
      total_price: "168469.60",
      current_total_price: "0.00",
    });
    const [refund] = payload.refunds as {
      processed_at: string;
      transactions: { amount: string; kind: string }[];
      refund_line_items: unknown[];
    }[];
    expect(refund.processed_at).toBe("2011-12-09T09:27:00+00:00");
    expect(refund.transactions[0]).toMatchObject({ amount: "168469.60", kind: "refund", status: "success" });
    expect(refund.refund_line_items).toHaveLength(1);
  });

  it("prints an order partly refunded by credit notes as partially_refunded, money only", () => {
    const payload = orderWebhookPayload(shop, "gid://shopify/Order/536381");
    expect(payload).toMatchObject({
      financial_status: "partially_refunded",
      current_total_price: (Number(payload.total_price) - 7.83).toFixed(2),
    });
    const [refund] = payload.refunds as { transactions: { amount: string }[]; refund_line_items: unknown[] }[];
    expect(refund.transactions[0].amount).toBe("7.83");
    expect(refund.refund_line_items).toHaveLength(0);
  });

  it("uses British Summer Time offsets in summer", () => {
    const o = shop.orders;
    const summer = Array.from({ length: o.length }, (_, j) => j).find((j) => new Date(o.processedAt[j]).getUTCMonth() === 6)!;
    const payload = orderWebhookPayload(shop, o.id[summer]);
    expect(payload.processed_at).toMatch(/\+01:00$/);
  });

  it("prints a customer without the fields removed in 2025-01 (tags, marketing consents)", async () => {
    shop.addCustomerTags("gid://shopify/Customer/12347", ["vip"]);
    const payload = customerWebhookPayload(shop, "gid://shopify/Customer/12347");
    expect(payload).toMatchObject({
      id: 12347,
      admin_graphql_api_id: "gid://shopify/Customer/12347",
      email: "customer-12347@example.com",
      created_at: "2010-12-07T14:57:00+00:00",
      state: "disabled",
      currency: "GBP",
    });
    expect(payload).not.toHaveProperty("tags");
    expect(payload).not.toHaveProperty("email_marketing_consent");
    expect(payload).not.toHaveProperty("sms_marketing_consent");
    expect(typeof payload.updated_at).toBe("string");
  });
});
