// GIVEN stores whose customers' first orders are two years old (before the 365 days whose products the
// backfill reads) and more than the step reads by id, WHEN the first sync runs, THEN the older orders'
// products query is started beside the records' reads (docs/decisions/057) and the first/second-order
// step reads its file; whether it starts beside or after the records, fails or cannot start, the sync
// stores the same first and second orders with the same products. A shop whose orders all lie inside the
// window does not start it: Shopify counts the orders before the window when the run starts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { ORDERS_READ_BY_ID_AT_MOST } from "../../app/jobs/first-orders.server";
import { syncShop } from "../../app/jobs/sync-shop.server";
import { registerShop } from "../../app/models/shop.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { BulkOperationRunQuery } from "../../app/shopify/graphql/bulk-operation-run-query.mutation";
import { BulkSubscriptionOrders } from "../../app/shopify/graphql/bulk-subscription-orders.query";
import { registerApp } from "../emulator/app-config";
import { bulkFaults, listBulkOperations, setBulkFaults } from "../emulator/bulk-operations";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { hookedAdmin, refuseFirst, type BeforeRequest } from "../helpers/hooked-admin";
import { TEST_APP } from "../helpers/test-app";
import { waitFor } from "../helpers/wait-for";

const NOW = new Date("2026-04-20T00:00:00Z");
// 365 days before NOW, at the start of that UTC day.
const LINES_SINCE = new Date("2025-04-20T00:00:00Z");
const BULK = { firstPollMs: 5, maxPollMs: 20 };
const CUSTOMERS = ORDERS_READ_BY_ID_AT_MOST + 20;

let emulator: Emulator;
const stores = new Map<string, EmulatedShop>();
const cases = ["beside", "after", "failed", "refused"] as const;
type Case = (typeof cases)[number];

/** Each customer: a first order two years ago (a cup, or a bag for every third), a second last month (a mug). */
function historyStore(name: Case): EmulatedShop {
  const store = createEmptyShop({ domain: `older-${name}.myshopify.com`, now: NOW, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" });
  const line = (title: string, sku: string) => ({ title, sku, quantity: 1, unitPrice: "3000" });
  for (let id = 1; id <= CUSTOMERS; id++) {
    store.addCustomer({ id, createdAt: "2024-01-01T00:00:00Z" });
    const first = id % 3 === 0 ? line("SMALL JUTE BAG", "BAG") : line("TEA CUP", "CUP");
    store.addOrder({
      id: 1000 + id,
      customerId: id,
      processedAt: `2024-04-${String((id % 28) + 1).padStart(2, "0")}T01:00:00Z`,
      lineItems: [first],
    });
    store.addOrder({ id: 2000 + id, customerId: id, processedAt: "2026-03-05T01:00:00Z", lineItems: [line("ENAMEL MUG", "MUG")] });
  }
  return store;
}

/** The same customers and orders, every order inside the 365 days: their first orders a month earlier than their second. */
function recentStore(): EmulatedShop {
  const store = createEmptyShop({ domain: "older-none.myshopify.com", now: NOW, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" });
  const lineItems = [{ title: "TEA CUP", sku: "CUP", quantity: 1, unitPrice: "3000" }];
  for (let id = 1; id <= CUSTOMERS; id++) {
    store.addCustomer({ id, createdAt: "2025-06-01T00:00:00Z" });
    store.addOrder({ id: 1000 + id, customerId: id, processedAt: "2026-02-05T01:00:00Z", lineItems });
    store.addOrder({ id: 2000 + id, customerId: id, processedAt: "2026-03-05T01:00:00Z", lineItems });
  }
  return store;
}
const recent = recentStore();

const isOlderOrdersQuery = (op: { query: string }) => op.query.includes(`orders(query: "processed_at:<'${LINES_SINCE.toISOString()}'")`);
const olderOrdersOperations = (store: EmulatedShop) => listBulkOperations(store).filter(isOlderOrdersQuery);
const isOlderOrdersStart = (document: string, variables: Record<string, unknown>) =>
  document === BulkOperationRunQuery && isOlderOrdersQuery({ query: String(variables.query) });

const runOf = (store: EmulatedShop) => prisma.syncRun.findFirst({ where: { shop: store.domain } });
/** Whether the records' three files were all applied when the older orders' query was sent. */
const recordsAppliedAtStart = new Map<Case, boolean>();

const refusal = refuseFirst(isOlderOrdersStart);

const hooks: Record<Case, (store: EmulatedShop) => BeforeRequest> = {
  beside: (store) => async (document, variables) => {
    if (isOlderOrdersStart(document, variables) && !recordsAppliedAtStart.has("beside")) {
      const run = await runOf(store);
      recordsAppliedAtStart.set("beside", Boolean(run?.customersReadAt && run.ordersReadAt && run.orderLinesReadAt));
    }
  },
  // The older orders' query reaches Shopify only once every record is applied.
  after: (store) => async (document, variables) => {
    if (isOlderOrdersStart(document, variables))
      await waitFor(async () => (await runOf(store))?.phase === "segments", { intervalMs: 5, what: "the records applied" });
  },
  // The fault goes to the next operation started: the subscription orders' is started just before.
  failed: (store) => async (document, variables) => {
    if (!isOlderOrdersStart(document, variables) || olderOrdersOperations(store).length > 0) return;
    await waitFor(async () => listBulkOperations(store).some((op) => op.query === BulkSubscriptionOrders), {
      intervalMs: 5,
      what: "the subscription orders' read started",
    });
    bulkFaults(store).failNext = { afterObjects: 2, errorCode: "INTERNAL_SERVER_ERROR" };
  },
  refused: () => refusal,
};

beforeAll(async () => {
  for (const name of cases) stores.set(name, historyStore(name));
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [...stores.values(), recent] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  for (const name of cases) {
    const store = stores.get(name)!;
    await registerShop(store.domain);
    // Each operation runs at least 1 s, as a real one would: the records' reads are still under way
    // when a query started beside them reaches Shopify.
    if (name === "beside") setBulkFaults(store, { minRunMs: 1_000 });
    await syncShop({ shop: store.domain, admin: hookedAdmin(store, hooks[name](store)), now: () => NOW, bulk: BULK });
  }
  await registerShop(recent.domain);
  await syncShop({
    shop: recent.domain,
    admin: createAdminClient({ shop: recent.domain, accessToken: recent.accessToken }),
    now: () => NOW,
    bulk: BULK,
  });
}, 120_000);

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await emulator?.close();
});

/** A case's first and second orders and every stored order's products, customers and orders named by their number. */
async function stored(name: Case) {
  const shop = stores.get(name)!.domain;
  const number = (gid: string | null) => gid && Number(gid.slice(gid.lastIndexOf("/") + 1));
  const [pairs, products] = await Promise.all([
    prisma.customerFirstOrders.findMany({ where: { shop } }),
    prisma.orderProducts.findMany({ where: { shop } }),
  ]);
  const byNumber = (a: (number | string | null)[], b: (number | string | null)[]) => Number(a[0]) - Number(b[0]);
  return {
    pairs: pairs.map((p) => [number(p.customerId), number(p.firstOrderId), number(p.secondOrderId)]).sort(byNumber),
    products: products.map((p) => [number(p.orderId), p.products]).sort(byNumber),
  };
}

describe("the older orders' products query beside the backfill", () => {
  it("is started after the records' three reads and the subscription orders' read, before the records are applied, and its file is read by the step", async () => {
    const store = stores.get("beside")!;
    const operations = listBulkOperations(store);
    expect(
      operations.map((op) => (isOlderOrdersQuery(op) ? "older" : op.query === BulkSubscriptionOrders ? "subscriptions" : "records")),
    ).toEqual(["records", "records", "records", "subscriptions", "older"]);
    const older = operations[4];
    for (const records of operations.slice(0, 3)) expect(older.createdAt).toBeLessThan(records.completedAt!);
    expect(recordsAppliedAtStart.get("beside")).toBe(false);
    expect(older.status).toBe("COMPLETED");
    const { pairs, products } = await stored("beside");
    expect(pairs).toHaveLength(CUSTOMERS);
    expect(pairs[2]).toEqual([3, 1003, 2003]);
    // Every order has its products: the older first orders from the file, the last month's from the records.
    expect(products).toHaveLength(2 * CUSTOMERS);
  });

  it("stores the same first and second orders with the same products as when it starts after the records", async () => {
    expect(olderOrdersOperations(stores.get("after")!).map((op) => op.status)).toEqual(["COMPLETED"]);
    expect(await stored("after")).toEqual(await stored("beside"));
  });

  it("when it fails, the step starts it again and the sync completes with the same rows", async () => {
    const store = stores.get("failed")!;
    expect(olderOrdersOperations(store).map((op) => op.status)).toEqual(["FAILED", "COMPLETED"]);
    expect(await runOf(store)).toMatchObject({ status: "completed", customersRead: CUSTOMERS, ordersRead: 2 * CUSTOMERS });
    expect(await stored("failed")).toEqual(await stored("beside"));
  });

  it("when it cannot start, the step starts it and the sync completes with the same rows", async () => {
    const store = stores.get("refused")!;
    expect(refusal.refused()).toBe(true);
    expect(olderOrdersOperations(store).map((op) => op.status)).toEqual(["COMPLETED"]);
    expect(await runOf(store)).toMatchObject({ status: "completed", customersRead: CUSTOMERS, ordersRead: 2 * CUSTOMERS });
    expect(await stored("refused")).toEqual(await stored("beside"));
  });

  it("is not started for a shop whose orders all lie inside the 365 days, however many (Shopify counts none before them)", async () => {
    expect(listBulkOperations(recent).map((op) => (op.query === BulkSubscriptionOrders ? "subscriptions" : "records"))).toEqual([
      "records",
      "records",
      "records",
      "subscriptions",
    ]);
    expect(await runOf(recent)).toMatchObject({ status: "completed", customersRead: CUSTOMERS, ordersRead: 2 * CUSTOMERS });
    const pairs = await prisma.customerFirstOrders.findMany({ where: { shop: recent.domain }, orderBy: { customerId: "asc" } });
    expect(pairs).toHaveLength(CUSTOMERS);
    expect(await prisma.orderProducts.count({ where: { shop: recent.domain } })).toBe(2 * CUSTOMERS);
  });
});
