// GIVEN a store seeded from the real Online Retail data, WHEN the first sync runs, THEN it reads every
// customer and order through bulk operations (rows equal the store's, line items included), tags every
// customer, and a second sync writes nothing; large tag deltas go through one bulk mutation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { pushCustomerTags } from "../../app/jobs/push-customer-tags.server";
import { syncShop } from "../../app/jobs/sync-shop.server";
import { loadOrderProducts } from "../../app/models/order.server";
import { createAdminClient, type AdminClient } from "../../app/shopify/admin-client.server";
import { listBulkOperations, setBulkFaults } from "../emulator/bulk-operations";
import { registerApp } from "../emulator/app-config";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { startEmulator, type Emulator } from "../emulator/server";
import type { EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

const NOW = new Date(STORES["online-retail"].now);
const FAST_POLLING = { firstPollMs: 20, maxPollMs: 100 };
// 365 days before NOW (2011-12-10), at the start of that UTC day.
const LINES_SINCE = new Date("2010-12-10T00:00:00Z");
let emulator: Emulator;
let store: EmulatedShop;

function adminClient(): AdminClient {
  return createAdminClient({
    shop: store.domain,
    accessToken: store.accessToken,
    endpoint: `${emulator.url}/admin/api/2026-10/graphql.json`,
  });
}

const sync = (kind: "initial" | "resync" = "initial") =>
  syncShop({ shop: store.domain, admin: adminClient(), now: () => NOW, kind, bulk: FAST_POLLING });

function storeOrders() {
  const orders = [];
  for (let i = 0; i < store.orderCount(); i++) orders.push(store.getOrder(store.orders.id[i])!);
  return orders;
}

beforeAll(async () => {
  store = await seedOnlineRetail({ limitCustomers: 150, now: NOW, plan: { bucketSize: 1000, restoreRate: 250 } });
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  await prisma.shop.upsert({ where: { shop: store.domain }, create: { shop: store.domain }, update: {} });
}, 120_000);

afterAll(async () => {
  await emulator?.close();
});

describe("bulk backfill", () => {
  it("reads customers, orders and recent orders' products through three bulk query operations running at once", async () => {
    // Each operation runs at least 3 s, as a real one would: long enough to see them overlap.
    setBulkFaults(store, { minRunMs: 3_000 });
    await sync();
    setBulkFaults(store, {});
    const run = await prisma.syncRun.findFirstOrThrow({ where: { shop: store.domain }, orderBy: { id: "desc" } });
    expect(run.status).toBe("completed");
    const all = listBulkOperations(store).filter((op) => op.type === "QUERY");
    // Beside them, the subscription orders' read (docs/decisions/054); not the older orders' products read:
    // Shopify counts at most 100 orders before the window here, and the step reads those by id (057).
    const queries = all.filter((op) => !op.query.includes("sellingPlan"));
    expect(queries).toHaveLength(3);
    expect(all.length - queries.length).toBe(1);
    // The last started before the first finished.
    const [a, , c] = [...queries].sort((x, y) => x.createdAt - y.createdAt);
    expect(c.createdAt).toBeLessThanOrEqual(a.completedAt!);
    // Only the order-lines read is grouped, and it asks for the last 365 days' orders.
    expect(queries.filter((op) => op.groupObjects).map((op) => /orders\(query: "([^"]*)"\)/.exec(op.query)?.[1])).toEqual([
      `processed_at:>='${LINES_SINCE.toISOString()}'`,
    ]);
    expect(run.orderLinesSince?.toISOString()).toBe(LINES_SINCE.toISOString());
    expect(run.customersRead).toBe(store.customerCount());
    expect(run.ordersRead).toBe(store.orderCount());
  }, 120_000);

  it("stores every order as the store has it, with its first fulfilment", async () => {
    const rows = new Map((await prisma.order.findMany({ where: { shop: store.domain } })).map((o) => [o.id, o]));
    const orders = storeOrders();
    expect(rows.size).toBe(orders.length);
    for (const order of orders) {
      const row = rows.get(order.id)!;
      expect(row.customerId).toBe(order.customerId);
      expect(row.processedAt.toISOString()).toBe(new Date(order.processedAt).toISOString());
      expect(row.totalPrice).toBe(Number(order.totalPrice));
      expect(row.totalRefunded).toBe(Number(order.totalRefunded));
      expect(row.cancelled).toBe(order.cancelledAt !== null);
      expect(row.fulfilledAt?.toISOString() ?? null).toBe(order.fulfilledAt && new Date(order.fulfilledAt).toISOString());
    }
  });

  it("stores the products of the orders processed in the last 365 days and of every customer's first and second orders however old, quantities summed per product", async () => {
    // Customers' first and second orders are kept over the whole history (the acquisition report's first products).
    const firstOrders = await prisma.customerFirstOrders.findMany({ where: { shop: store.domain } });
    const firstOrSecond = new Set(firstOrders.flatMap((r) => [r.firstOrderId, r.secondOrderId].filter((id): id is string => id !== null)));
    const expected = new Map<string, number>();
    const { orders, lines } = store;
    let older = 0;
    let olderFirstOrSecond = 0;
    for (let o = 0; o < store.orderCount(); o++) {
      const orderId = `gid://shopify/Order/${orders.id[o]}`;
      if (orders.processedAt[o] < LINES_SINCE.getTime()) {
        older++;
        if (!firstOrSecond.has(orderId)) continue;
        olderFirstOrSecond++;
      }
      for (let l = orders.lineStart[o]; l < orders.lineEnd[o]; l++) {
        // The emulator's product GIDs: gid://shopify/Product/<row + 1> (resolvers.ts).
        const key = `${orderId}|gid://shopify/Product/${lines.product[l] + 1}`;
        expected.set(key, (expected.get(key) ?? 0) + lines.quantity[l]);
      }
    }
    const rows = await prisma.orderProducts.findMany({ where: { shop: store.domain } });
    const stored = await loadOrderProducts(
      store.domain,
      rows.map((r) => r.orderId),
    );
    expect(new Map([...stored].flatMap(([orderId, lines]) => lines.map((l) => [`${orderId}|${l.productId}`, l.quantity])))).toEqual(
      expected,
    );
    // The store's first days (2010-12-01…09) are more than 365 days before NOW: their first and second orders are kept.
    expect(older).toBeGreaterThan(0);
    expect(olderFirstOrSecond).toBeGreaterThan(0);
    expect(expected.size).toBeGreaterThan(1000);
    // Every order of the window has its row, one of custom items only too: it was read, nothing to review.
    expect(rows).toHaveLength(store.orderCount() - older + olderFirstOrSecond);
  });

  it("tags every customer with its stage", async () => {
    const customers = await prisma.customer.findMany({ where: { shop: store.domain }, select: { id: true, stage: true } });
    for (const { id, stage } of customers) {
      expect(store.customerTags(id).filter((t) => t.startsWith("tsunagu:"))).toEqual([`tsunagu:${stage}`]);
    }
  });

  it("a second sync writes nothing: same rows, no tag changed on Shopify", async () => {
    const before = await prisma.order.findMany({ where: { shop: store.domain }, orderBy: { id: "asc" } });
    const updatedAt = [...Array(store.customerCount()).keys()].map((i) => store.customers.updatedAt[i]);
    await sync("resync");
    const run = await prisma.syncRun.findFirstOrThrow({ where: { shop: store.domain }, orderBy: { id: "desc" } });
    expect(run).toMatchObject({ kind: "resync", status: "completed", tagsWritten: 0 });
    expect(await prisma.order.findMany({ where: { shop: store.domain }, orderBy: { id: "asc" } })).toEqual(before);
    expect([...Array(store.customerCount()).keys()].map((i) => store.customers.updatedAt[i])).toEqual(updatedAt);
  }, 120_000);
});

describe("faults during a backfill", () => {
  const latestRun = () => prisma.syncRun.findFirstOrThrow({ where: { shop: store.domain }, orderBy: { id: "desc" } });

  it("retries 503 answers of the Admin API and completes", async () => {
    emulator.failNextAdminRequests(2, 503);
    await sync("resync");
    expect(await latestRun()).toMatchObject({ status: "completed", ordersRead: store.orderCount() });
  }, 120_000);

  it("fetches a download cut mid-file again from the next line, in the same run", async () => {
    setBulkFaults(store, { cutDownloads: { afterBytes: 50_000, times: 2 } });
    await sync("resync");
    setBulkFaults(store, {});
    const run = await latestRun();
    expect(run).toMatchObject({ status: "completed", customersRead: store.customerCount(), ordersRead: store.orderCount() });
  }, 120_000);

  it("fails clearly on a malformed line, naming it, and the retry reads a new file to completion", async () => {
    setBulkFaults(store, { malformedLineNext: { afterLine: 10 } });
    await expect(sync("resync")).rejects.toThrow(/line 11 is not JSON/);
    const failed = await latestRun();
    expect(failed.status).toBe("running");
    const operationsBefore = listBulkOperations(store).length;
    await sync("resync");
    const run = await latestRun();
    expect(run).toMatchObject({ id: failed.id, status: "completed", customersRead: store.customerCount(), ordersRead: store.orderCount() });
    // the failed file's new operation, then the subscription orders' and the older orders' reads
    expect(listBulkOperations(store).length - operationsBefore).toBe(3);
    expect(await prisma.order.count({ where: { shop: store.domain } })).toBe(store.orderCount());
  }, 120_000);
});

describe("tag writes at scale", () => {
  async function forgetTags(count: number) {
    // Shopify loses our tags on `count` customers (as if a merchant removed them): the delta to write.
    const customers = await prisma.customer.findMany({ where: { shop: store.domain }, take: count, orderBy: { id: "asc" } });
    for (const c of customers) {
      const ours = store.customerTags(c.id).filter((t) => t.startsWith("tsunagu:"));
      store.removeCustomerTags(c.id, ours);
      await prisma.customer.update({ where: { shop_id: { shop: store.domain, id: c.id } }, data: { ownedTags: "[]", tagCount: 0 } });
    }
    return customers;
  }

  it("writes a large delta through one bulk tagsAdd operation, and every customer gets its tag", async () => {
    const customers = await forgetTags(120);
    const mutationsBefore = listBulkOperations(store).filter((op) => op.type === "MUTATION").length;
    const result = await pushCustomerTags({ shop: store.domain, admin: adminClient(), bulkMinCustomers: 100, bulk: FAST_POLLING });
    expect(result).toMatchObject({ path: "bulk", written: 120, retried: 0 });
    expect(listBulkOperations(store).filter((op) => op.type === "MUTATION").length - mutationsBefore).toBe(1);
    for (const c of customers) expect(store.customerTags(c.id)).toContain(`tsunagu:${c.stage}`);
  }, 60_000);

  it("retries through the paced client the lines a failed bulk mutation did not apply: nothing is lost", async () => {
    const customers = await forgetTags(120);
    setBulkFaults(store, { failNext: { errorCode: "INTERNAL_SERVER_ERROR", afterObjects: 40 } });
    const result = await pushCustomerTags({ shop: store.domain, admin: adminClient(), bulkMinCustomers: 100, bulk: FAST_POLLING });
    expect(result.path).toBe("bulk");
    expect(result.retried).toBe(80);
    for (const c of customers) expect(store.customerTags(c.id)).toContain(`tsunagu:${c.stage}`);
  }, 60_000);

  it("writes a small delta through the paced client", async () => {
    await forgetTags(5);
    const admin = adminClient();
    const result = await pushCustomerTags({ shop: store.domain, admin, bulkMinCustomers: 100 });
    expect(result).toMatchObject({ path: "paced", written: 5 });
    expect(admin.stats.throttled).toBe(0);
  }, 60_000);
});
