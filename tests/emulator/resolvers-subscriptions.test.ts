// The emulator's subscriptions, derived from the store's orders (resolvers-subscriptions.ts), served
// through the schema-validated Admin GraphQL endpoint and bulk queries.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createAdminGraphql } from "./admin-graphql";
import { findBulkOperation, bulkFilePath } from "./bulk-operations";
import { derivedSubscriptionOf, subscriberStatus } from "./resolvers-subscriptions";
import { seedStore } from "./seed";
import { createEmptyShop, type EmulatedShop } from "./store";
import { orderWebhookPayload } from "./webhook-payloads";

const graphql = createAdminGraphql();

async function run(shop: EmulatedShop, query: string, variables?: Record<string, unknown>): Promise<any> {
  const { status, body } = await graphql(shop, { query, variables });
  expect(status).toBe(200);
  return body;
}

/** Customer 1 buys tea every 30 days (a cup once); customer 2 twice, 5 months apart; customer 3 coffee every 14 days, then stops. */
function subscriptionShop(now = "2026-04-20T00:00:00Z"): EmulatedShop {
  const shop = createEmptyShop({ domain: "teikI.myshopify.com", now: new Date(now), currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" });
  for (const id of [1, 2, 3]) shop.addCustomer({ id, createdAt: "2025-12-01T00:00:00Z" });
  const tea = { sku: "TEA", quantity: 1, unitPrice: "3000" };
  shop.addOrder({
    id: 11,
    customerId: 1,
    processedAt: "2026-01-05T01:00:00Z",
    lineItems: [tea, { sku: "CUP", quantity: 1, unitPrice: "1500" }],
  });
  shop.addOrder({ id: 12, customerId: 1, processedAt: "2026-02-04T01:00:00Z", lineItems: [tea] });
  shop.addOrder({ id: 13, customerId: 1, processedAt: "2026-03-06T01:00:00Z", lineItems: [tea] });
  shop.addOrder({ id: 14, customerId: 1, processedAt: "2026-04-05T01:00:00Z", lineItems: [tea] });
  shop.addOrder({ id: 21, customerId: 2, processedAt: "2026-01-01T01:00:00Z", lineItems: [tea] });
  shop.addOrder({ id: 22, customerId: 2, processedAt: "2026-06-01T01:00:00Z", lineItems: [tea] });
  const coffee = { sku: "COFFEE", quantity: 2, unitPrice: "1800" };
  shop.addOrder({ id: 31, customerId: 3, processedAt: "2026-01-04T01:00:00Z", lineItems: [coffee] });
  shop.addOrder({ id: 32, customerId: 3, processedAt: "2026-01-18T01:00:00Z", lineItems: [coffee] });
  shop.addOrder({ id: 33, customerId: 3, processedAt: "2026-02-01T01:00:00Z", lineItems: [coffee] });
  return shop;
}

const ORDERS = `{ orders(first: 20, sortKey: ID) { nodes { id sourceName customer { id productSubscriberStatus }
  lineItems(first: 5) { nodes { sku sellingPlan { sellingPlanId name } } } } } }`;

describe("subscriptions derived from re-orders of the same product at a regular interval", () => {
  it("puts the plan on the re-ordered product's lines, marks the later orders as renewals and gives each customer a status", async () => {
    const body = await run(subscriptionShop(), ORDERS);
    expect(body.errors).toBeUndefined();
    const rows = body.data.orders.nodes.map((o: any) => [
      o.id.split("/").pop(),
      o.sourceName,
      o.customer.productSubscriberStatus,
      o.lineItems.nodes.map((l: any) => `${l.sku}:${l.sellingPlan?.name ?? "-"}`).join(" "),
    ]);
    expect(rows).toEqual([
      ["11", "web", "ACTIVE", "TEA:Delivered every month [Derived] CUP:-"],
      ["12", "subscription_contract", "ACTIVE", "TEA:Delivered every month [Derived]"],
      ["13", "subscription_contract", "ACTIVE", "TEA:Delivered every month [Derived]"],
      ["14", "subscription_contract", "ACTIVE", "TEA:Delivered every month [Derived]"],
      // five months apart is no interval a plan has
      ["21", "web", "NEVER_SUBSCRIBED", "TEA:-"],
      ["22", "web", "NEVER_SUBSCRIBED", "TEA:-"],
      // every 2 weeks, last delivery 1 Feb: overdue after 14 + 7 days, so ended (the hash of id 3 says failed billing)
      ["31", "web", "FAILED", "COFFEE:Delivered every 2 weeks [Derived]"],
      ["32", "subscription_contract", "FAILED", "COFFEE:Delivered every 2 weeks [Derived]"],
      ["33", "subscription_contract", "FAILED", "COFFEE:Delivered every 2 weeks [Derived]"],
    ]);
    expect(body.data.orders.nodes[0].lineItems.nodes[0].sellingPlan.sellingPlanId).toBe("gid://shopify/SellingPlan/2");
  });

  it("ends the monthly subscription once its next delivery is past the interval and the grace (30 + 15 days)", () => {
    const lastDelivery = Date.parse("2026-04-05T01:00:00Z");
    const day = 86_400_000;
    expect(subscriberStatus(subscriptionShop(new Date(lastDelivery + 45 * day).toISOString()), 0)).toBe("ACTIVE");
    expect(subscriberStatus(subscriptionShop(new Date(lastDelivery + 45 * day + 1).toISOString()), 0)).toBe("CANCELLED");
  });

  it("sends the renewal's source name in the order webhook's REST payload", () => {
    const shop = subscriptionShop();
    expect(orderWebhookPayload(shop, 11).source_name).toBe("web");
    expect(orderWebhookPayload(shop, 12).source_name).toBe("subscription_contract");
  });

  it("a new order of the product a month later extends the subscription", () => {
    const shop = subscriptionShop();
    expect(derivedSubscriptionOf(shop, 0)?.deliveries).toBe(4);
    shop.addOrder({
      id: 15,
      customerId: 1,
      processedAt: "2026-04-19T01:00:00Z",
      lineItems: [{ sku: "TEA", quantity: 1, unitPrice: "3000" }],
    });
    expect(derivedSubscriptionOf(shop, 0)?.deliveries).toBe(5);
  });

  it("serves the three fields in a bulk query, as the detection reads them", async () => {
    const shop = subscriptionShop();
    const query = `{ orders { edges { node { id sourceName customer { id productSubscriberStatus }
      lineItems { edges { node { sellingPlan { sellingPlanId } } } } } } } }`;
    const started = await run(
      shop,
      `mutation Run($query: String!) { bulkOperationRunQuery(query: $query, groupObjects: true) { bulkOperation { id } userErrors { message } } }`,
      { query },
    );
    expect(started.data.bulkOperationRunQuery.userErrors).toEqual([]);
    const operation = findBulkOperation(shop, started.data.bulkOperationRunQuery.bulkOperation.id)!;
    await operation.finished;
    const polled = await run(shop, `query Poll($id: ID!) { bulkOperation(id: $id) { status url } }`, {
      id: started.data.bulkOperationRunQuery.bulkOperation.id,
    });
    expect(polled.data.bulkOperation.status).toBe("COMPLETED");
    const lines = fs
      .readFileSync(bulkFilePath(polled.data.bulkOperation.url), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const order11 = lines.filter((l) => l.id === "gid://shopify/Order/11" || l.__parentId === "gid://shopify/Order/11");
    expect(order11).toEqual([
      { id: "gid://shopify/Order/11", sourceName: "web", customer: { id: "gid://shopify/Customer/1", productSubscriberStatus: "ACTIVE" } },
      { sellingPlan: { sellingPlanId: "gid://shopify/SellingPlan/2" }, __parentId: "gid://shopify/Order/11" },
      { sellingPlan: null, __parentId: "gid://shopify/Order/11" },
    ]);
  });
});

describe("the demo store's derived subscriptions (Online Retail, now 2011-12-10)", () => {
  it("has 1,902 subscribers with 4,744 renewals; 827 still subscribed (752 active, 75 paused)", async () => {
    const shop = await seedStore("online-retail");
    const statuses: Record<string, number> = {};
    const deliveries: number[] = [];
    let renewals = 0;
    for (let c = 0; c < shop.customers.length; c++) {
      const subscription = derivedSubscriptionOf(shop, c);
      if (!subscription) continue;
      const status = subscriberStatus(shop, c);
      statuses[status] = (statuses[status] ?? 0) + 1;
      deliveries.push(subscription.deliveries);
      renewals += subscription.renewals.size;
    }
    expect(deliveries.length).toBe(1902);
    expect(renewals).toBe(4744);
    expect(statuses).toEqual({ ACTIVE: 752, PAUSED: 75, CANCELLED: 869, FAILED: 206 });
    expect(deliveries.filter((d) => d === 2).length).toBe(929);
  }, 120_000);
});
