// Order webhooks update subscriptions (docs/domain.md §8): a renewal counts its delivery, a cancelled
// delivery no longer does, the changes are recorded as transitions, and webhooks delivered in any order
// and any batches end in the same subscriptions as delivered in order.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { detectSubscriptions } from "../../app/domain/subscriptions/detect-subscriptions";
import { applySubscriptionOrderFacts } from "../../app/jobs/detect-subscriptions.server";
import { applyChanges } from "../../app/jobs/process-webhooks.server";
import { loadSubscriptions, loadSubscriptionTransitions } from "../../app/models/subscription.server";
import { registerShop } from "../../app/models/shop.server";
import type { AdminClient } from "../../app/shopify/admin-client.server";
import type { OrderFacts } from "../../app/domain/records";

const PLAN = "gid://shopify/SellingPlan/2";
const DAY = 86_400_000;
const START = Date.parse("2026-01-05T01:00:00Z");
const AS_OF = new Date("2026-06-20T00:00:00Z");

/** Nothing here needs Shopify: every payload carries its buyer, so no order is re-read. */
const offline: AdminClient = {
  shop: "offline",
  stats: { requests: 0, throttled: 0, retried: 0, waitedMs: 0 },
  request: () => Promise.reject(new Error("no Shopify call expected")),
};

/** One version of an order's webhook payload. */
function orderFacts(customer: number, delivery: number, version: { updatedDay: number; cancelled: boolean }): OrderFacts {
  const processedAt = new Date(START + delivery * 30 * DAY + customer * 3600_000);
  return {
    kind: "order",
    id: `gid://shopify/Order/${customer * 100 + delivery}`,
    customerId: `gid://shopify/Customer/${customer}`,
    customer: {
      id: `gid://shopify/Customer/${customer}`,
      shopifyCreatedAt: new Date(START - DAY),
      shopifyUpdatedAt: new Date(START - DAY),
    },
    processedAt,
    shopifyUpdatedAt: new Date(processedAt.getTime() + version.updatedDay * DAY),
    totalPrice: 3980,
    totalRefunded: 0,
    cancelled: version.cancelled,
    test: false,
    financialStatus: "PAID",
    fulfilledAt: null,
    lines: [{ productId: "gid://shopify/Product/1", quantity: 1 }],
    subscription: { sellingPlanIds: [PLAN], renewal: delivery > 0 },
  };
}

async function applyInBatches(shop: string, batches: OrderFacts[][]) {
  for (const batch of batches) {
    const changes = await applyChanges(shop, offline, batch);
    await applySubscriptionOrderFacts({ shop, orders: changes.writtenOrders, asOf: AS_OF });
  }
}

const stored = async (shop: string) =>
  (await loadSubscriptions(shop)).map((s) => [
    s.customerId,
    s.deliveries,
    s.state,
    s.endReason,
    s.lastDeliveryAt.toISOString(),
    s.intervalDays,
  ]);

describe("order webhooks and subscriptions", () => {
  const shop = "teiki-webhooks.myshopify.com";
  beforeAll(async () => {
    await registerShop(shop);
  });

  it("counts each renewal's delivery, uncounts a cancelled one and records the transitions", async () => {
    // Customer 1 subscribes on 5 January and renews monthly until 5 May; by 20 June the delivery due
    // around 4 June is 16 days late — past 30 days + 15 days' grace from 5 May: ended, overdue.
    await applyInBatches(shop, [[0, 1, 2, 3, 4].map((d) => orderFacts(1, d, { updatedDay: 0, cancelled: false }))]);
    expect(await stored(shop)).toEqual([["gid://shopify/Customer/1", 5, "ended", "overdue", "2026-05-05T02:00:00.000Z", 30]]);
    // A renewal on 4 June arrives: 6 deliveries, active again.
    await applyInBatches(shop, [[orderFacts(1, 5, { updatedDay: 0, cancelled: false })]]);
    expect(await stored(shop)).toEqual([["gid://shopify/Customer/1", 6, "active", null, "2026-06-04T02:00:00.000Z", 30]]);
    // The merchant cancels that renewal order (orders/cancelled): it no longer counts, overdue again.
    await applyInBatches(shop, [[orderFacts(1, 5, { updatedDay: 1, cancelled: true })]]);
    expect(await stored(shop)).toEqual([["gid://shopify/Customer/1", 5, "ended", "overdue", "2026-05-05T02:00:00.000Z", 30]]);
    const transitions = await loadSubscriptionTransitions(shop);
    // Flow is told of the end of a subscription it knew as active; the first detection and a
    // subscription becoming active again are stored as already told.
    expect(transitions.map((t) => [t.fromState, t.toState, t.reason, t.deliveries, t.flowNotifiedAt === null])).toEqual([
      [null, "ended", "overdue", 5, false],
      ["ended", "active", null, 6, false],
      ["active", "ended", "overdue", 5, true],
    ]);
  });

  it("converges to the same subscriptions whatever the order and batching of the webhooks", async () => {
    // Two customers, 6 and 4 monthly deliveries; some orders later cancelled (a second, newer payload).
    const versions = fc.record({
      cancelledLater: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
      order: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
      cuts: fc.array(fc.nat({ max: 23 }), { maxLength: 5 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(versions, async ({ cancelledLater, order, cuts }) => {
        const orders = [...[0, 1, 2, 3, 4, 5].map((d) => [1, d] as const), ...[0, 1, 2, 3].map((d) => [2, d] as const)];
        const events: OrderFacts[] = [];
        orders.forEach(([customer, delivery], i) => {
          events.push(orderFacts(customer, delivery, { updatedDay: 0, cancelled: false }));
          if (cancelledLater[i]) events.push(orderFacts(customer, delivery, { updatedDay: 2, cancelled: true }));
        });
        // A permutation of the events (a random key each), cut into batches.
        const shuffled = events
          .map((e, i) => ({ e, key: order[i % order.length] * 64 + i }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.e);
        const cutAt = [...new Set(cuts.filter((c) => c > 0 && c < shuffled.length))].sort((a, b) => a - b);
        const batches = [0, ...cutAt].map((from, i) => shuffled.slice(from, cutAt[i] ?? shuffled.length));

        run += 1;
        const inOrder = `in-order-${run}.myshopify.com`;
        const shuffledShop = `shuffled-${run}.myshopify.com`;
        await registerShop(inOrder);
        await registerShop(shuffledShop);
        await applyInBatches(
          inOrder,
          events.map((e) => [e]),
        );
        await applyInBatches(shuffledShop, batches);
        const expected = await stored(inOrder);
        expect(await stored(shuffledShop)).toEqual(expected);
        // And both are what the detection says of each order's newest payload.
        const newest = new Map(events.map((e) => [e.id, e]));
        const detected = detectSubscriptions({
          orders: [...newest.values()].map((e) => ({
            orderId: e.id,
            customerId: e.customerId!,
            processedAt: e.processedAt,
            sellingPlanIds: e.subscription!.sellingPlanIds,
            sourceName: e.subscription!.renewal ? "subscription_contract" : null,
            cancelled: e.cancelled,
          })),
          settledIntervals: new Map([[PLAN, { intervalDays: 30, intervalSource: "default" as const }]]),
          asOf: AS_OF,
        }).sort((a, b) => a.customerId.localeCompare(b.customerId));
        expect(expected).toEqual(
          detected.map((s) => [s.customerId, s.deliveries, s.state, s.endReason, s.lastDeliveryAt.toISOString(), s.intervalDays]),
        );
        // The last transition recorded for each subscription is the state it converged to.
        for (const shopName of [inOrder, shuffledShop]) {
          const last = new Map((await loadSubscriptionTransitions(shopName)).map((t) => [t.customerId, [t.toState, t.reason]]));
          for (const s of detected) expect(last.get(s.customerId)).toEqual([s.state, s.endReason]);
        }
      }),
      { numRuns: 20, seed: 20261207 },
    );
  }, 240_000);
});
