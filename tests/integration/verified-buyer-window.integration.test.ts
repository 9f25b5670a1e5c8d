// GIVEN a store synced by the bulk backfill, which stores the products of the last 365 days' orders
// only (docs/decisions/019), WHEN a review needs a customer's older purchases, THEN their products are
// read from Shopify once, stored, and the verified-buyer check answers as if they had always been read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { reviewEligibility } from "../../app/domain/reviews";
import { purchasedLines } from "../../app/jobs/purchased-lines.server";
import { syncShop } from "../../app/jobs/sync-shop.server";
import { loadOrderProducts } from "../../app/models/order.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { registerApp } from "../emulator/app-config";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { startEmulator, type Emulator } from "../emulator/server";
import type { EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

const NOW = new Date(STORES["online-retail"].now);
const LINES_SINCE = new Date("2010-12-10T00:00:00Z");
let emulator: Emulator;
let store: EmulatedShop;
const admin = async () =>
  createAdminClient({ shop: store.domain, accessToken: store.accessToken, endpoint: `${emulator.url}/admin/api/2026-10/graphql.json` });
const noShopify = async (): Promise<never> => {
  throw new Error("Shopify was asked");
};

/** A customer's order from before the window, and a product of it the customer never bought since. */
function oldPurchase() {
  const { orders, lines, customers } = store;
  for (let o = 0; o < store.orderCount(); o++) {
    if (orders.processedAt[o] >= LINES_SINCE.getTime() || orders.customer[o] < 0 || !Number.isNaN(orders.cancelledAt[o])) continue;
    const c = orders.customer[o];
    const later = new Set<number>();
    for (let k = 0; k < store.orderCount(); k++) {
      if (k !== o && orders.customer[k] === c) for (let l = orders.lineStart[k]; l < orders.lineEnd[k]; l++) later.add(lines.product[l]);
    }
    for (let l = orders.lineStart[o]; l < orders.lineEnd[o]; l++) {
      if (!later.has(lines.product[l])) {
        return {
          customerId: `gid://shopify/Customer/${customers.id[c]}`,
          orderId: `gid://shopify/Order/${orders.id[o]}`,
          productId: `gid://shopify/Product/${lines.product[l] + 1}`,
          lineCount: orders.lineEnd[o] - orders.lineStart[o],
        };
      }
    }
  }
  throw new Error("no purchase before the window in the seed");
}

beforeAll(async () => {
  store = await seedOnlineRetail({ limitCustomers: 150, now: NOW, plan: { bucketSize: 1000, restoreRate: 250 } });
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  await prisma.shop.create({ data: { shop: store.domain } });
  await syncShop({ shop: store.domain, admin: await admin(), now: () => NOW, bulk: { firstPollMs: 20, maxPollMs: 100 } });
  // The sync keeps the products of customers' first and second orders however old; in this small store those
  // are all its orders before the window. Forget them, as for a customer's third and later older orders.
  const older = await prisma.order.findMany({ where: { shop: store.domain, processedAt: { lt: LINES_SINCE } }, select: { id: true } });
  await prisma.orderProducts.deleteMany({ where: { shop: store.domain, orderId: { in: older.map((o) => o.id) } } });
}, 120_000);

afterAll(async () => {
  await emulator?.close();
});

describe("the verified-buyer check for a purchase older than the backfill's order-lines window", () => {
  it("reads the customer's older orders' products from Shopify, stores them, and finds the purchase", async () => {
    const { customerId, orderId, productId } = oldPurchase();
    expect((await loadOrderProducts(store.domain, [orderId])).has(orderId)).toBe(false);

    const lines = await purchasedLines(store.domain, customerId, productId, admin);

    expect(lines.map((l) => l.orderId)).toEqual([orderId]);
    expect(reviewEligibility(lines, productId, { now: NOW, delayDays: 14 })).toEqual({ eligible: true, orderId });
    const stored = (await loadOrderProducts(store.domain, [orderId])).get(orderId)!;
    expect(stored.map((l) => l.productId)).toContain(productId);
  });

  it("asks Shopify only once per order: the next check is answered from the database", async () => {
    const { customerId, orderId, productId } = oldPurchase();
    const lines = await purchasedLines(store.domain, customerId, productId, noShopify);
    expect(lines.map((l) => l.orderId)).toEqual([orderId]);
  });

  it("does not ask Shopify about a customer whose orders are all in the window", async () => {
    const older = new Set(
      (await prisma.order.findMany({ where: { shop: store.domain, processedAt: { lt: LINES_SINCE } }, select: { customerId: true } })).map(
        (o) => o.customerId,
      ),
    );
    const inWindow = (
      await prisma.order.findMany({
        where: { shop: store.domain, customerId: { not: null }, processedAt: { gte: LINES_SINCE } },
        orderBy: { id: "asc" },
      })
    ).find((o) => !older.has(o.customerId))!;
    const [line] = (await loadOrderProducts(store.domain, [inWindow.id])).get(inWindow.id)!;
    const lines = await purchasedLines(store.domain, inWindow.customerId!, line.productId, noShopify);
    expect(lines.map((l) => l.orderId)).toContain(inWindow.id);
  });

  it("finds nothing for a product the customer never bought", async () => {
    const { customerId } = oldPurchase();
    expect(await purchasedLines(store.domain, customerId, "gid://shopify/Product/999999999", noShopify)).toEqual([]);
  });
});
