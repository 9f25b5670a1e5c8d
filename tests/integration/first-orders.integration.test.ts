// GIVEN hand-built histories whose first orders are years old (outside the 365 days whose products the
// backfill reads), WHEN the first sync's records are in and the first orders are refreshed, THEN each
// customer's first and second qualifying orders carry their products and product types over the whole
// history; WHEN the first order is cancelled (webhook), THEN the next qualifying orders take its place.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { refreshFirstOrders } from "../../app/jobs/first-orders.server";
import { applyChanges } from "../../app/jobs/process-webhooks.server";
import { backfillRecords } from "../../app/jobs/sync-shop.server";
import { loadFirstOrderProducts } from "../../app/models/first-orders.server";
import { createAdminClient, type AdminClient } from "../../app/shopify/admin-client.server";
import { mapWebhookPayload } from "../../app/shopify/map-webhook-payload";
import { registerApp } from "../emulator/app-config";
import { listBulkOperations } from "../emulator/bulk-operations";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { orderWebhookPayload } from "../emulator/webhook-payloads";
import { TEST_APP } from "../helpers/test-app";

const NOW = new Date("2026-04-20T00:00:00Z");
let emulator: Emulator;
let store: EmulatedShop;
const product = (store: EmulatedShop, sku: string) => `gid://shopify/Product/${store.products.bySku.get(sku)! + 1}`;

function adminClient(): AdminClient {
  return createAdminClient({
    shop: store.domain,
    accessToken: store.accessToken,
    endpoint: `${emulator.url}/admin/api/2026-10/graphql.json`,
  });
}

beforeAll(async () => {
  store = createEmptyShop({ domain: "first-orders.myshopify.com", now: NOW, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" });
  for (const id of [1, 2, 3]) store.addCustomer({ id, createdAt: "2022-01-01T00:00:00Z" });
  const line = (title: string, sku: string) => ({ title, sku, quantity: 1, unitPrice: "3000" });
  // Customer 1: a test order first, then a tea set and a mug three years ago, a candle last month.
  store.addOrder({ id: 101, customerId: 1, processedAt: "2023-01-05T01:00:00Z", lineItems: [line("TEA CUP", "CUP")], test: true });
  store.addOrder({
    id: 102,
    customerId: 1,
    processedAt: "2023-02-05T01:00:00Z",
    lineItems: [line("TEA CUP", "CUP"), line("SMALL JUTE BAG", "BAG")],
  });
  store.addOrder({ id: 103, customerId: 1, processedAt: "2023-03-05T01:00:00Z", lineItems: [line("ENAMEL MUG", "MUG")] });
  store.addOrder({ id: 104, customerId: 1, processedAt: "2026-03-05T01:00:00Z", lineItems: [line("VANILLA T-LIGHT", "LIGHT")] });
  // Customer 2: one order, two years ago. Customer 3: a cancelled order only.
  store.addOrder({ id: 201, customerId: 2, processedAt: "2024-06-01T01:00:00Z", lineItems: [line("GREETING CARD", "CARD")] });
  store.addOrder({
    id: 301,
    customerId: 3,
    processedAt: "2025-06-01T01:00:00Z",
    lineItems: [line("GREETING CARD", "CARD")],
    cancelledAt: "2025-06-02T01:00:00Z",
  });
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  await prisma.shop.upsert({ where: { shop: store.domain }, create: { shop: store.domain }, update: {} });
}, 120_000);

afterAll(async () => {
  await emulator?.close();
});

describe("first and second orders over the whole history", () => {
  it("keeps each customer's first two qualifying orders with their products and types, however old", async () => {
    const admin = adminClient();
    await backfillRecords({ shop: store.domain, admin, now: () => NOW, bulk: { firstPollMs: 20, maxPollMs: 100 } });
    // The backfill read the products of the last 365 days' orders only: 104's and the cancelled 301's.
    expect(await prisma.orderProducts.count({ where: { shop: store.domain } })).toBe(2);
    expect(await refreshFirstOrders({ shop: store.domain, admin })).toEqual({ customers: 2, ordersRead: 3, typesRead: 4, readBy: "id" });

    const stored = await loadFirstOrderProducts(store.domain);
    expect([...stored.keys()]).toEqual(["gid://shopify/Customer/1", "gid://shopify/Customer/2"]);
    expect(stored.get("gid://shopify/Customer/1")).toEqual({
      first: {
        orderId: "gid://shopify/Order/102",
        processedAt: new Date("2023-02-05T01:00:00Z"),
        products: [
          { productId: product(store, "CUP"), productType: "Kitchen and dining [Derived]" },
          { productId: product(store, "BAG"), productType: "Bags [Derived]" },
        ].sort((a, b) => (a.productId < b.productId ? -1 : 1)),
      },
      second: {
        orderId: "gid://shopify/Order/103",
        processedAt: new Date("2023-03-05T01:00:00Z"),
        products: [{ productId: product(store, "MUG"), productType: "Kitchen and dining [Derived]" }],
      },
    });
    expect(stored.get("gid://shopify/Customer/2")).toEqual({
      first: {
        orderId: "gid://shopify/Order/201",
        processedAt: new Date("2024-06-01T01:00:00Z"),
        products: [{ productId: product(store, "CARD"), productType: "Stationery and gift wrap [Derived]" }],
      },
      second: null,
    });

    // Again: nothing more to read from Shopify, the same rows.
    expect(await refreshFirstOrders({ shop: store.domain, admin })).toEqual({ customers: 2, ordersRead: 0, typesRead: 0, readBy: null });
    expect(await loadFirstOrderProducts(store.domain)).toEqual(stored);
    // In slices of about two orders (customer 1's four stay in one slice), the same rows.
    expect(await refreshFirstOrders({ shop: store.domain, admin, ordersPerSlice: 2 })).toEqual({
      customers: 2,
      ordersRead: 0,
      typesRead: 0,
      readBy: null,
    });
    expect(await loadFirstOrderProducts(store.domain)).toEqual(stored);
  }, 120_000);

  it("reads the older orders' products by one bulk query when there are more than a few, keeping only those orders'", async () => {
    const admin = adminClient();
    const older = ["gid://shopify/Order/102", "gid://shopify/Order/103", "gid://shopify/Order/201"];
    const stored = await loadFirstOrderProducts(store.domain);
    await prisma.orderProducts.deleteMany({ where: { shop: store.domain, orderId: { in: older } } });
    // An order between them in time that is nobody's first or second (placed since the backfill: not in our rows).
    store.addOrder({
      id: 105,
      customerId: 2,
      processedAt: "2023-09-01T01:00:00Z",
      lineItems: [{ title: "TEA CUP", sku: "CUP", quantity: 2, unitPrice: "3000" }],
    });
    const requests = admin.stats.requests;
    const bulk = { firstPollMs: 20, maxPollMs: 100 };
    expect(await refreshFirstOrders({ shop: store.domain, admin, byIdAtMost: 0, bulk, ordersPerSlice: 1 })).toEqual({
      customers: 2,
      ordersRead: 3,
      typesRead: 0,
      readBy: "bulk",
    });
    // the operation's start and polls, no read by id
    expect(admin.stats.requests - requests).toBeLessThan(10);
    expect(await loadFirstOrderProducts(store.domain)).toEqual(stored);
    // 105 is in the file (between 102 and 201) and passed over
    expect(await prisma.orderProducts.count({ where: { shop: store.domain, orderId: "gid://shopify/Order/105" } })).toBe(0);
  }, 120_000);

  it("after a backfill, reads the older orders from one bulk read started before the candidates are ranked", async () => {
    const admin = adminClient();
    const older = ["gid://shopify/Order/102", "gid://shopify/Order/103", "gid://shopify/Order/201"];
    const stored = await loadFirstOrderProducts(store.domain);
    const { orderLinesSince } = await prisma.syncRun.findFirstOrThrow({ where: { shop: store.domain } });
    await prisma.orderProducts.deleteMany({ where: { shop: store.domain, orderId: { in: older } } });
    const bulk = { firstPollMs: 20, maxPollMs: 100 };
    const requests = admin.stats.requests;
    expect(await refreshFirstOrders({ shop: store.domain, admin, bulk, byIdAtMost: 2, productsHeldSince: orderLinesSince })).toEqual({
      customers: 2,
      ordersRead: 3,
      typesRead: 0,
      readBy: "bulk",
    });
    // the operation's start and polls, no read by id; one read, of every order before the window
    expect(admin.stats.requests - requests).toBeLessThan(10);
    expect(listBulkOperations(store).at(-1)!.query).toContain(`orders(query: "processed_at:<'${orderLinesSince!.toISOString()}'")`);
    expect(await loadFirstOrderProducts(store.domain)).toEqual(stored);
    // 105, older than the window and nobody's first or second order, is in the file and passed over
    expect(await prisma.orderProducts.count({ where: { shop: store.domain, orderId: "gid://shopify/Order/105" } })).toBe(0);

    // A shop with as few orders before the window as byIdAtMost: no bulk read, the missing ones by id.
    await prisma.orderProducts.deleteMany({ where: { shop: store.domain, orderId: { in: older } } });
    const operations = listBulkOperations(store).length;
    expect(await refreshFirstOrders({ shop: store.domain, admin, bulk, productsHeldSince: orderLinesSince })).toEqual({
      customers: 2,
      ordersRead: 3,
      typesRead: 0,
      readBy: "id",
    });
    expect(listBulkOperations(store)).toHaveLength(operations);
    expect(await loadFirstOrderProducts(store.domain)).toEqual(stored);

    // The bulk read started (more orders before the window than byIdAtMost), but only one first order of
    // them misses its products: that one is read by id, the file is not waited for.
    await prisma.orderProducts.deleteMany({ where: { shop: store.domain, orderId: "gid://shopify/Order/201" } });
    expect(await refreshFirstOrders({ shop: store.domain, admin, bulk, byIdAtMost: 2, productsHeldSince: orderLinesSince })).toEqual({
      customers: 2,
      ordersRead: 1,
      typesRead: 0,
      readBy: "id",
    });
    expect(listBulkOperations(store)).toHaveLength(operations + 1);
    expect(await loadFirstOrderProducts(store.domain)).toEqual(stored);
  }, 120_000);

  it("moves on to the next qualifying orders when the first is cancelled (webhook)", async () => {
    const admin = adminClient();
    store.cancelOrder("gid://shopify/Order/102", { at: new Date("2026-04-19T00:00:00Z") });
    const changes = await applyChanges(store.domain, admin, [mapWebhookPayload("orders/cancelled", orderWebhookPayload(store, 102))]);
    expect([...changes.customersToRecompute]).toEqual(["gid://shopify/Customer/1"]);
    expect(await refreshFirstOrders({ shop: store.domain, admin, customerIds: [...changes.customersToRecompute] })).toEqual({
      customers: 1,
      ordersRead: 0,
      // 104's candle was nobody's first or second order yet: its type is read now.
      typesRead: 1,
      readBy: null,
    });
    const customer1 = (await loadFirstOrderProducts(store.domain, ["gid://shopify/Customer/1"])).get("gid://shopify/Customer/1")!;
    expect(customer1.first.orderId).toBe("gid://shopify/Order/103");
    expect(customer1.second).toEqual({
      orderId: "gid://shopify/Order/104",
      processedAt: new Date("2026-03-05T01:00:00Z"),
      products: [{ productId: product(store, "LIGHT"), productType: "Candles and lights [Derived]" }],
    });
  }, 60_000);
});
