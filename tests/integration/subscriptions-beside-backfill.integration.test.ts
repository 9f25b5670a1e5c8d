// The sync starts the subscription orders' read (its bulk query, the file read and stored) beside the
// backfill's three reads (docs/decisions/054): whether its file is written before the records are applied
// or after, the same subscriptions are detected from one query; a query that fails or cannot start is
// run again after the records, which stay read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { syncShop } from "../../app/jobs/sync-shop.server";
import { registerShop } from "../../app/models/shop.server";
import { BulkOperationById } from "../../app/shopify/graphql/bulk-operation.query";
import { BulkOperationRunQuery } from "../../app/shopify/graphql/bulk-operation-run-query.mutation";
import { BulkSubscriptionOrders } from "../../app/shopify/graphql/bulk-subscription-orders.query";
import { registerApp } from "../emulator/app-config";
import { bulkFaults, listBulkOperations } from "../emulator/bulk-operations";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { hookedAdmin, refuseFirst, type BeforeRequest } from "../helpers/hooked-admin";
import { TEST_APP } from "../helpers/test-app";

const AUGUST_12 = new Date("2025-08-12T12:00:00+09:00");
const BULK = { firstPollMs: 5, maxPollMs: 20 };

let emulator: Emulator;
const stores = new Map<string, EmulatedShop>();
const roles = new Map<string, string>();
const cases = ["file-first", "records-first", "failed", "refused"] as const;
type Case = (typeof cases)[number];

/** A monthly subscriber (4 deliveries), a fortnightly one whose billing failed (3), a one-off buyer. */
function subscriptionStore(name: Case): EmulatedShop {
  const store = createEmptyShop({ domain: `${name}.myshopify.com`, ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: AUGUST_12 });
  const subscriber = store.addCustomer({ createdAt: "2025-03-01T00:00:00Z" });
  const oneOff = store.addCustomer({ createdAt: "2025-03-01T00:00:00Z" });
  const lapsed = store.addCustomer({ createdAt: "2025-03-01T00:00:00Z" });
  roles.set(subscriber, "subscriber").set(lapsed, "lapsed");
  const tea = { sku: "TEA", quantity: 1, unitPrice: 3980 };
  for (const day of ["2025-04-01", "2025-05-01", "2025-05-31", "2025-06-30"])
    store.addOrder({ customerId: subscriber, processedAt: `${day}T10:00:00+09:00`, lineItems: [tea] });
  store.addOrder({ customerId: oneOff, processedAt: "2025-07-01T10:00:00+09:00", lineItems: [tea] });
  const coffee = { sku: "COFFEE", quantity: 1, unitPrice: 2400 };
  for (const day of ["2025-04-01", "2025-04-15", "2025-04-29"])
    store.addOrder({ customerId: lapsed, processedAt: `${day}T10:00:00+09:00`, lineItems: [coffee] });
  return store;
}

const isSubscriptionQuery = (op: { query: string }) => op.query === BulkSubscriptionOrders;
const subscriptionOperations = (store: EmulatedShop) => listBulkOperations(store).filter(isSubscriptionQuery);

const until = async (condition: () => boolean | Promise<boolean>) => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
};

const refusal = refuseFirst((document, variables) => document === BulkOperationRunQuery && variables.query === BulkSubscriptionOrders);

const hooks: Record<Case, (store: EmulatedShop) => BeforeRequest> = {
  // The records' reads learn that their files are written only once the subscription file is too.
  "file-first": (store) => async (document, variables) => {
    const subscription = subscriptionOperations(store)[0];
    if (document === BulkOperationById && variables.id !== subscription?.gid)
      await until(() => subscriptionOperations(store)[0]?.status === "COMPLETED");
  },
  // The subscription query reaches Shopify only once every record is applied.
  "records-first": (store) => async (document, variables) => {
    if (document === BulkOperationRunQuery && variables.query === BulkSubscriptionOrders)
      await until(async () => (await prisma.syncRun.findFirst({ where: { shop: store.domain } }))?.phase === "segments");
  },
  failed: (store) => async (document, variables) => {
    if (document === BulkOperationRunQuery && variables.query === BulkSubscriptionOrders && subscriptionOperations(store).length === 0)
      bulkFaults(store).failNext = { afterObjects: 2, errorCode: "INTERNAL_SERVER_ERROR" };
  },
  refused: () => refusal,
};

beforeAll(async () => {
  for (const name of cases) stores.set(name, subscriptionStore(name));
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [...stores.values()] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  for (const name of cases) {
    const store = stores.get(name)!;
    await registerShop(store.domain);
    await syncShop({ shop: store.domain, admin: hookedAdmin(store, hooks[name](store)), now: () => AUGUST_12, bulk: BULK });
  }
});

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await emulator?.close();
});

/** Each case's stored subscriptions, customers named by their role. */
async function detected(name: Case) {
  const store = stores.get(name)!;
  const rows = await prisma.subscription.findMany({ where: { shop: store.domain }, orderBy: { startedAt: "asc" } });
  return rows.map((s) => [roles.get(s.customerId) ?? s.customerId, s.deliveries, s.state, s.endReason]);
}

const bothSubscriptions = [
  ["subscriber", 4, "active", null],
  ["lapsed", 3, "ended", "failed"],
];

describe("the subscription orders' query beside the backfill", () => {
  it("is started after the records' three reads, once, and its file is read whether it was written before the records were applied or after", async () => {
    for (const name of ["file-first", "records-first"] as const) {
      const operations = listBulkOperations(stores.get(name)!);
      expect(operations.map(isSubscriptionQuery)).toEqual([false, false, false, true]);
      expect(operations[3].status).toBe("COMPLETED");
      expect(await detected(name)).toEqual(bothSubscriptions);
    }
  });

  it("when it fails, the records stay read and a second query after them detects the same subscriptions", async () => {
    const store = stores.get("failed")!;
    expect(subscriptionOperations(store).map((op) => op.status)).toEqual(["FAILED", "COMPLETED"]);
    expect(await detected("failed")).toEqual(bothSubscriptions);
    const run = await prisma.syncRun.findFirstOrThrow({ where: { shop: store.domain } });
    expect([run.status, run.customersRead, run.ordersRead]).toEqual(["completed", 3, 8]);
  });

  it("when it cannot start, the query is started after the records and the sync ends as the others", async () => {
    const store = stores.get("refused")!;
    expect(refusal.refused()).toBe(true);
    expect(subscriptionOperations(store).map((op) => op.status)).toEqual(["COMPLETED"]);
    expect(await detected("refused")).toEqual(bothSubscriptions);
    const run = await prisma.syncRun.findFirstOrThrow({ where: { shop: store.domain } });
    expect([run.status, run.customersRead, run.ordersRead]).toEqual(["completed", 3, 8]);
  });
});
