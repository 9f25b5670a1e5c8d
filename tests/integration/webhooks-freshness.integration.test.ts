// Incremental freshness end to end: the emulator changes a store and sends the webhooks Shopify would
// send; the app (its own process) verifies, records, applies and recomputes only the customers
// touched; reconciliation catches what webhooks missed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { countWebhookEvents } from "../helpers/webhook-events";
import { reconcileShop } from "../../app/jobs/reconcile.server";
import { loadOrderProducts } from "../../app/models/order.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { flowTriggerCalls } from "../emulator/resolvers-flow-segments";
import { storedMetafield } from "../emulator/resolvers-metafields";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { orderWebhookPayload } from "../emulator/webhook-payloads";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";

// Tokyo, noon on 2026-11-20: the app's pinned "now" and the emulated shop's clock start here.
const NOW = "2026-11-20T03:00:00.000Z";
const AN_HOUR_AGO = "2026-11-20T11:00:00+09:00";

let shopify: LocalShopify;
let store: EmulatedShop;
let dormant: string;
const prospects: string[] = [];

const customerRow = (id: string) => prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: store.domain, id } } });
const byProduct = (lines: readonly { productId: string; quantity: number }[]) =>
  [...lines].sort((a, b) => a.productId.localeCompare(b.productId));
const storedProducts = async (order: string) => byProduct((await loadOrderProducts(store.domain, [order])).get(order) ?? []);

/**
 * A wholesale order of 120 line items across 60 products, more than one page of its line items: product
 * p is on line p (quantity 1 + p % 5) and again on line 60 + p (quantity 10), so products 0–49 have a
 * line on each page and products 50–59 only lines past the first page. `expected`: its products summed.
 */
function wholesaleOrder(customerId: string) {
  const sku = (p: number) => `${customerId.split("/").pop()}-CASE-${p}`;
  const lineItems = Array.from({ length: 120 }, (_, line) => ({
    sku: sku(line % 60),
    quantity: line < 60 ? 1 + (line % 5) : 10,
    unitPrice: 100,
  }));
  const order = store.addOrder({ customerId, processedAt: AN_HOUR_AGO, lineItems });
  const expected = byProduct(
    Array.from({ length: 60 }, (_, p) => ({
      productId: `gid://shopify/Product/${store.products.bySku.get(sku(p))! + 1}`,
      quantity: 1 + (p % 5) + 10,
    })),
  );
  return { order, expected };
}
const lifecycleSegment = (customerId: string) => storedMetafield(store, customerId, "$app:tsunagu", "lifecycle_segment")?.value;
const pendingEvents = () => countWebhookEvents({ shop: store.domain, processedAt: null });

/** Every delivery answered and every recorded event applied (the job marks events last). */
async function settled(): Promise<void> {
  await waitFor(
    async () => {
      await shopify.emulator.webhookAutoDelivery.idle();
      return (await pendingEvents()) === 0;
    },
    { what: "the app to apply every webhook event" },
  );
}

/** The app has stopped calling the Admin API (jobs after the sync — Flow, checkouts — are done). */
async function quiet(): Promise<void> {
  let seen = -1;
  await waitFor(
    async () => {
      const now = shopify.emulator.requestLog.length;
      const unchanged = now === seen;
      seen = now;
      return unchanged;
    },
    { intervalMs: 1_500, what: "the app to stop calling the Admin API" },
  );
}

beforeAll(async () => {
  store = createEmptyShop({ domain: "freshness.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: new Date(NOW) });
  const buy = (customerId: string, processedAt: string, yen: number) =>
    store.addOrder({ customerId, processedAt, lineItems: [{ sku: "SENCHA", quantity: 1, unitPrice: yen }] });
  // One order 203 days ago: dormant (120 < days <= 365).
  dormant = store.addCustomer({ createdAt: "2025-01-01T00:00:00Z" });
  buy(dormant, "2026-05-01T10:00:00+09:00", 3000);
  // Four active repeat buyers; the top 20 % (one of four) is VIP: the 18,000 yen buyer.
  for (const yen of [9000, 5000, 5000, 5000]) {
    const repeat = store.addCustomer({ createdAt: "2025-01-01T00:00:00Z" });
    buy(repeat, "2026-10-01T10:00:00+09:00", yen);
    buy(repeat, "2026-11-01T10:00:00+09:00", yen);
  }
  for (let i = 0; i < 4; i++) prospects.push(store.addCustomer({ createdAt: "2026-06-01T00:00:00Z" }));

  shopify = await startLocalShopify({ shops: [store], now: NOW });
  expect((await shopify.openApp(store.domain)).status).toBe(200);
  await waitFor(() => prisma.syncRun.findFirst({ where: { shop: store.domain, status: "completed" } }), { what: "the first sync" });
  expect(await customerRow(dormant)).toMatchObject({ stage: "dormant" });
  expect(store.customerTags(dormant)).toEqual(["tsunagu:dormant"]);
  // The jobs queued after the install run in order; the last writes the segment sizes before install.
  // (Waiting for quiet alone is not enough: with pg-boss a job may start well after the one before.)
  await waitFor(() => prisma.segmentSnapshot.findFirst({ where: { shop: store.domain, day: { lt: "2026-11-20" } } }), {
    what: "the jobs queued after the install",
  });
  await quiet();
  shopify.emulator.webhookAutoDelivery.enabled = true;
}, 180_000);

afterAll(async () => {
  await shopify?.stop();
});

describe("a purchase by a dormant customer", () => {
  let requestsBefore: number;
  let flowCallsBefore: number;
  let transitionsBefore: number;

  beforeAll(async () => {
    requestsBefore = shopify.emulator.requestLog.length;
    flowCallsBefore = flowTriggerCalls(store).length;
    transitionsBefore = await prisma.segmentTransition.count({ where: { shop: store.domain, customerId: dormant } });
    store.addOrder({ customerId: dormant, processedAt: AN_HOUR_AGO, lineItems: [{ sku: "SENCHA", quantity: 2, unitPrice: 1500 }] });
    await waitFor(async () => store.customerTags(dormant).includes("tsunagu:regular"), { what: "the new tag on Shopify" });
    await settled();
    // The job after the webhook batch: the customers it recomputed get their customer metafields.
    await waitFor(async () => lifecycleSegment(dormant) === "regular", { what: "the customer's lifecycle_segment metafield" });
  });

  it("moves them to regular (two orders, active, spend under the VIP cut) and writes one transition", async () => {
    expect(await customerRow(dormant)).toMatchObject({ stage: "regular", ordersCount: 2, netSpent: 6000 });
    const transitions = await prisma.segmentTransition.findMany({
      where: { shop: store.domain, customerId: dormant },
      orderBy: { id: "asc" },
    });
    expect(transitions).toHaveLength(transitionsBefore + 1);
    expect(transitions.at(-1)).toMatchObject({ fromStage: "dormant", toStage: "regular", reason: "repeat-buyer-active" });
  });

  it("changes exactly two tags: tsunagu:dormant off, tsunagu:regular on", async () => {
    expect(store.customerTags(dormant)).toEqual(["tsunagu:regular"]);
  });

  it("fires one Flow trigger with the customer, from and to", async () => {
    const calls = flowTriggerCalls(store).slice(flowCallsBefore);
    expect(calls).toHaveLength(1);
    expect(calls[0].payload).toMatchObject({
      customer_id: Number(dormant.split("/").pop()),
      "from stage": "dormant",
      "to stage": "regular",
    });
  });

  it("stores the order with its product and quantity, nothing personal", async () => {
    const order = await prisma.order.findFirstOrThrow({
      where: { shop: store.domain, customerId: dormant },
      orderBy: { processedAt: "desc" },
    });
    expect(order).toMatchObject({ totalPrice: 3000, totalRefunded: 0, cancelled: false, financialStatus: "PAID" });
    const lines = (await loadOrderProducts(store.domain, [order.id])).get(order.id);
    expect(lines).toEqual([{ productId: expect.stringMatching(/^gid:\/\/shopify\/Product\//), quantity: 2 }]);
  });

  it("writes their lifecycle_segment customer metafield right after, not at the next daily refresh", async () => {
    expect(lifecycleSegment(dormant)).toBe("regular");
  });

  it("ignores the customers/update echoes of its own tag writes: three API calls in all (the tag delta, Flow, the metafield)", async () => {
    const echoes = shopify.emulator.webhookAutoDelivery.log.filter((d) => d.topic === "customers/update" && d.resourceId === dormant);
    expect(echoes).toHaveLength(2); // tagsAdd and tagsRemove (one request) each change the customer
    expect(echoes.every((d) => d.status === 200)).toBe(true);
    expect(await countWebhookEvents({ eventId: { in: echoes.map((d) => d.eventId) }, processedAt: { not: null } })).toBe(2);
    expect(shopify.emulator.requestLog.length - requestsBefore).toBe(3);
  });
});

describe("duplicate and reordered deliveries", () => {
  // The same history for two customers: an order, a partial refund, then fulfilment. One customer's
  // webhooks arrive in order; the other's newest first, with duplicates of the same event ids.
  const history = (customerId: string) => {
    const order = store.addOrder({
      customerId,
      processedAt: AN_HOUR_AGO,
      lineItems: [
        { sku: "MATCHA", quantity: 1, unitPrice: 4000 },
        { sku: "WHISK", quantity: 2, unitPrice: 500 },
      ],
    });
    const created = orderWebhookPayload(store, order);
    store.refundOrder(order, 1000);
    const refunded = orderWebhookPayload(store, order);
    store.fulfillOrder(order);
    const fulfilled = orderWebhookPayload(store, order);
    return { order, created, refunded, fulfilled };
  };
  let inOrder: ReturnType<typeof history>;
  let shuffled: ReturnType<typeof history>;
  const send = (topic: string, payload: unknown, eventId: string) =>
    shopify.emulator.sendWebhook({ shop: store.domain, topic, payload, eventId });

  beforeAll(async () => {
    shopify.emulator.webhookAutoDelivery.enabled = false; // the test delivers by hand
    inOrder = history(prospects[0]);
    shuffled = history(prospects[1]);
    for (const [topic, payload, id] of [
      ["orders/create", inOrder.created, "a-1"],
      ["orders/updated", inOrder.refunded, "a-2"],
      ["orders/updated", inOrder.fulfilled, "a-3"],
    ] as const) {
      expect((await send(topic, payload, id)).status).toBe(200);
      await settled();
    }
    const answers = [];
    for (const [topic, payload, id] of [
      ["orders/updated", shuffled.fulfilled, "b-3"],
      ["orders/updated", shuffled.fulfilled, "b-3"],
      ["orders/create", shuffled.created, "b-1"],
      ["orders/updated", shuffled.refunded, "b-2"],
      ["orders/create", shuffled.created, "b-1"],
    ] as const) {
      answers.push((await send(topic, payload, id)).status);
    }
    expect(answers).toEqual([200, 200, 200, 200, 200]); // duplicates are acknowledged too
    await settled();
  });

  it("records each event once", async () => {
    expect(await countWebhookEvents({ shop: store.domain, eventId: { startsWith: "b-" } })).toBe(3);
  });

  it("end in the same order row, lines and customer segment as in-order delivery: the newest payload's", async () => {
    const rows = async ({ order }: { order: string }) => {
      const {
        id: _id,
        customerId: _customer,
        ...row
      } = await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop: store.domain, id: order } } });
      const lines = (await loadOrderProducts(store.domain, [order])).get(order)!;
      return { row, quantities: lines.map((l) => l.quantity) };
    };
    const expected = await rows(inOrder);
    expect(expected.row).toMatchObject({ totalPrice: 5000, totalRefunded: 1000, financialStatus: "PARTIALLY_REFUNDED", cancelled: false });
    expect(expected.row.fulfilledAt).not.toBeNull();
    expect(expected.quantities).toEqual([1, 2]);
    const actual = await rows(shuffled);
    expect({ ...actual.row, shopifyUpdatedAt: null, fulfilledAt: null }).toEqual({
      ...expected.row,
      shopifyUpdatedAt: null,
      fulfilledAt: null,
    });
    expect(actual.row.shopifyUpdatedAt).toEqual(new Date(String(shuffled.fulfilled.updated_at)));
    expect(actual.quantities).toEqual(expected.quantities);

    for (const customer of [prospects[0], prospects[1]]) {
      expect(await customerRow(customer)).toMatchObject({ stage: "new", ordersCount: 1, netSpent: 4000 });
      expect(store.customerTags(customer)).toEqual(["tsunagu:new"]);
    }
  });
});

describe("a delivery whose signature does not match its body", () => {
  it("gets 401 and changes nothing", async () => {
    const eventsBefore = await countWebhookEvents({ shop: store.domain });
    const order = store.addOrder({
      customerId: prospects[2],
      processedAt: AN_HOUR_AGO,
      lineItems: [{ sku: "HOJICHA", quantity: 1, unitPrice: 2000 }],
    });
    const result = await shopify.emulator.sendWebhook({
      shop: store.domain,
      topic: "orders/create",
      payload: orderWebhookPayload(store, order),
      tamper: true,
    });
    expect(result.status).toBe(401);
    expect(await countWebhookEvents({ shop: store.domain })).toBe(eventsBefore);
    expect(await prisma.order.findUnique({ where: { shop_id: { shop: store.domain, id: order } } })).toBeNull();
    expect(await customerRow(prospects[2])).toMatchObject({ stage: "prospect", ordersCount: 0 });
  });
});

describe("a refund of an order no webhook told us about", () => {
  it("re-reads the order with every product, past its first page of line items", async () => {
    shopify.emulator.webhookAutoDelivery.enabled = false;
    const { order, expected } = wholesaleOrder(store.addCustomer({ createdAt: "2026-06-01T00:00:00Z" }));
    store.refundOrder(order, 1000);
    const refund = (orderWebhookPayload(store, order).refunds as unknown[]).at(-1);
    expect((await shopify.emulator.sendWebhook({ shop: store.domain, topic: "refunds/create", payload: refund })).status).toBe(200);
    await settled();

    expect(await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop: store.domain, id: order } } })).toMatchObject({
      totalPrice: 78_000,
      totalRefunded: 1000,
    });
    expect(await storedProducts(order)).toEqual(expected);
  });
});

describe("reconciliation", () => {
  it("picks up an order made while webhooks were off: stage, transition and tag", async () => {
    shopify.emulator.webhookAutoDelivery.enabled = false;
    const customer = prospects[3];
    const order = store.addOrder({
      customerId: customer,
      processedAt: AN_HOUR_AGO,
      lineItems: [{ sku: "GENMAICHA", quantity: 3, unitPrice: 1000 }],
    });
    expect(await prisma.order.findUnique({ where: { shop_id: { shop: store.domain, id: order } } })).toBeNull();

    process.env.SHOPIFY_API_ORIGIN = shopify.emulator.url;
    try {
      const admin = createAdminClient({ shop: store.domain, accessToken: store.accessToken });
      const result = await reconcileShop({ shop: store.domain, admin, asOf: new Date(NOW) });
      expect(result.ran).toBe(true);
      expect(result.ordersChanged).toBeGreaterThanOrEqual(1);
      expect(result.reconciledThrough!.getTime()).toBeGreaterThanOrEqual(Date.parse(store.getOrder(order)!.updatedAt));

      expect(await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop: store.domain, id: order } } })).toMatchObject({
        customerId: customer,
        totalPrice: 3000,
      });
      expect(await customerRow(customer)).toMatchObject({ stage: "new", ordersCount: 1 });
      const transitions = await prisma.segmentTransition.findMany({
        where: { shop: store.domain, customerId: customer },
        orderBy: { id: "asc" },
      });
      expect(transitions.at(-1)).toMatchObject({ fromStage: "prospect", toStage: "new" });
      expect(store.customerTags(customer)).toEqual(["tsunagu:new"]);

      // A second run finds only its overlap, which changes nothing.
      const again = await reconcileShop({ shop: store.domain, admin, asOf: new Date(NOW) });
      expect(again).toMatchObject({ ordersChanged: 0, customersChanged: 0, transitions: 0, tagsWritten: 0 });
    } finally {
      delete process.env.SHOPIFY_API_ORIGIN;
    }
  });

  it("stores every product of an order with more line items than one page, with its quantities", async () => {
    shopify.emulator.webhookAutoDelivery.enabled = false;
    const { order, expected } = wholesaleOrder(store.addCustomer({ createdAt: "2026-06-01T00:00:00Z" }));
    process.env.SHOPIFY_API_ORIGIN = shopify.emulator.url;
    try {
      const admin = createAdminClient({ shop: store.domain, accessToken: store.accessToken });
      expect(await reconcileShop({ shop: store.domain, admin, asOf: new Date(NOW) })).toMatchObject({ ordersChanged: 1 });
      expect(await storedProducts(order)).toEqual(expected);
    } finally {
      delete process.env.SHOPIFY_API_ORIGIN;
    }
  });
});
