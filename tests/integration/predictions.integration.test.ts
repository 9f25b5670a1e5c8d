// GIVEN a shop whose customers and orders are the CDNOW sample (stored through app/models), WHEN the
// predictions are fitted after the segments, THEN every buyer has P(alive), expected purchases and a
// 12-month CLV stored, active customers the model thinks lapsed are flagged at risk (and tagged only
// when the shop enabled it), and a failed fit stores its reason and leaves no number behind.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { AT_RISK_P_ALIVE_THRESHOLD, predictShop } from "../../app/domain/clv/predict-shop";
import type { LifecycleStage } from "../../app/domain/types";
import { fitPredictions } from "../../app/jobs/fit-predictions.server";
import { pushCustomerTags } from "../../app/jobs/push-customer-tags.server";
import { recomputeSegments } from "../../app/jobs/recompute-segments.server";
import { loadCustomerHistories, upsertCustomers } from "../../app/models/customer.server";
import { loadCustomerPredictions, loadModelCheck, loadShopPrediction } from "../../app/models/prediction.server";
import { registerShop, setAtRiskTagEnabled } from "../../app/models/shop.server";
import { upsertOrders } from "../../app/models/order.server";
import { replaceSubscriptionOrders, saveSubscriptions, SubscriberOrderRows } from "../../app/models/subscription.server";
import type { DetectedSubscription } from "../../app/domain/subscriptions/detect-subscriptions";
import type { AdminClient } from "../../app/shopify/admin-client.server";
import { CDNOW_HOLDOUT_END, readCdnowTransactions } from "../helpers/datasets";

const SHOP = "cdnow-predictions.myshopify.com";
// All 78 weeks: the holdout check keeps the last 39 (FHL 2005's split) and refits on all of them.
const asOf = CDNOW_HOLDOUT_END;
const gid = (kind: string, id: string | number) => `gid://shopify/${kind}/${id}`;
const ACTIVE: LifecycleStage[] = ["new", "regular", "vip"];

/** An AdminClient stand-in that accepts every tag write and records it. */
function recordingAdmin(): AdminClient & { writes: { mutation: string; id: string; tags: string[] }[] } {
  const writes: { mutation: string; id: string; tags: string[] }[] = [];
  return {
    shop: SHOP,
    stats: { requests: 0, throttled: 0, retried: 0, waitedMs: 0 },
    writes,
    async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      const mutation = document.includes("tagsAdd") ? "tagsAdd" : "tagsRemove";
      writes.push({ mutation, id: variables!.id as string, tags: variables!.tags as string[] });
      return { [mutation]: { userErrors: [] } } as T;
    },
  };
}

beforeAll(async () => {
  await registerShop(SHOP);
  const transactions = readCdnowTransactions("sample");
  const firstSeen = new Map<string, Date>();
  for (const t of transactions) if (!firstSeen.has(t.customerId)) firstSeen.set(t.customerId, t.at);
  await upsertCustomers(
    SHOP,
    [...firstSeen].map(([id, at]) => ({
      id: gid("Customer", id),
      shopifyCreatedAt: at,
      shopifyUpdatedAt: at,
      shopifyRfmGroup: null,
      ownedTags: [],
      tagCount: 0,
    })),
    asOf,
  );
  // A prospect: a customer without any order.
  await upsertCustomers(
    SHOP,
    [
      {
        id: gid("Customer", "prospect"),
        shopifyCreatedAt: asOf,
        shopifyUpdatedAt: asOf,
        shopifyRfmGroup: null,
        ownedTags: [],
        tagCount: 0,
      },
    ],
    asOf,
  );
  await upsertOrders(
    SHOP,
    transactions.map((t, i) => ({
      id: gid("Order", i + 1),
      customerId: gid("Customer", t.customerId),
      processedAt: t.at,
      shopifyUpdatedAt: t.at,
      totalPrice: t.amount,
      totalRefunded: 0,
      cancelled: false,
      test: false,
      financialStatus: "PAID",
      fulfilledAt: null,
    })),
  );
  await recomputeSegments({ shop: SHOP, asOf });
}, 120_000);

describe("fitPredictions on a shop with enough data", () => {
  let result: Awaited<ReturnType<typeof fitPredictions>>;
  beforeAll(async () => {
    result = await fitPredictions({ shop: SHOP, asOf });
  }, 120_000);

  it("stores the shop's fit: the chosen model, its parameters and the holdout check", async () => {
    expect(result.fit.ok).toBe(true);
    const stored = await loadShopPrediction(SHOP);
    expect(stored).toMatchObject({ ok: true, reason: null, detail: null, customers: 2357, showPAlive: true });
    expect(stored!.fittedAt.getTime()).toBe(asOf.getTime());
    const { check } = (await loadModelCheck(SHOP))!;
    expect(check?.chosen).toBe(stored!.model);
    expect(check?.publish).toBe(true);
    expect(stored!.model).not.toBe("bg-nbd");
    expect(stored!.r).toBeGreaterThan(0);
    expect(stored!.logLikelihood).toBeLessThan(0);
    expect(stored!.q).toBeGreaterThan(1);
  });

  it("stores every buyer's predictions as the domain computes them, and none for the prospect", async () => {
    const stored = await loadCustomerPredictions(SHOP);
    const expected = predictShop(await loadCustomerHistories(SHOP), { asOf, timeZone: "UTC" }).perCustomer;
    expect(result.predicted).toBe(2357);
    expect(stored.size).toBe(2358);
    for (const [id, prediction] of expected) {
      const row = stored.get(id)!;
      expect(row.pAlive).toBeCloseTo(prediction.pAlive!, 10);
      expect(row.expectedPurchases365).toBeCloseTo(prediction.expectedPurchases365, 10);
      expect(row.predictedClv12m).toBeCloseTo(prediction.predictedClv12m, 8);
    }
    expect(stored.get(gid("Customer", "prospect"))).toMatchObject({
      pAlive: null,
      expectedPurchases365: null,
      predictedClv12m: null,
      atRisk: false,
    });
    // Sample customer 1 bought on 4 days, the last on 1997-12-12: likely alive, some purchases ahead.
    const one = stored.get(gid("Customer", "1"))!;
    expect(one.expectedPurchases365!).toBeGreaterThan(0.5);
    expect(one.pAlive!).toBeGreaterThan(0.5);
    expect(one.predictedClv12m!).toBeGreaterThan(0);
  });

  it("flags exactly the active customers with P(alive) below the threshold as at risk", async () => {
    const rows = await prisma.customer.findMany({
      where: { shop: SHOP },
      select: { id: true, stage: true, pAlive: true, atRisk: true },
    });
    const shouldBeAtRisk = rows.filter(
      (r) => ACTIVE.includes(r.stage as LifecycleStage) && r.pAlive !== null && r.pAlive < AT_RISK_P_ALIVE_THRESHOLD,
    );
    expect(shouldBeAtRisk.length).toBeGreaterThan(0);
    expect(result.atRisk).toBe(shouldBeAtRisk.length);
    expect(
      rows
        .filter((r) => r.atRisk)
        .map((r) => r.id)
        .sort(),
    ).toEqual(shouldBeAtRisk.map((r) => r.id).sort());
    // Customers the model thinks gone but the rules already call dormant/churned are not "at risk".
    expect(rows.some((r) => !ACTIVE.includes(r.stage as LifecycleStage) && r.pAlive! < AT_RISK_P_ALIVE_THRESHOLD)).toBe(true);
  });

  it("pushes only the stage tag by default, and the at-risk tag too once the shop enables it", async () => {
    const atRiskIds = new Set(
      (await prisma.customer.findMany({ where: { shop: SHOP, atRisk: true }, select: { id: true } })).map((r) => r.id),
    );
    // The recording admin answers tagsAdd/tagsRemove one customer at a time: keep the paced path.
    const paced = { bulkMinCustomers: Number.POSITIVE_INFINITY };
    const first = recordingAdmin();
    const pushed = await pushCustomerTags({ shop: SHOP, admin: first, ...paced });
    expect(pushed.written).toBe(2358);
    expect(first.writes.every((w) => w.mutation === "tagsAdd" && w.tags.length === 1)).toBe(true);
    expect(first.writes.some((w) => w.tags.includes("tsunagu:at-risk"))).toBe(false);

    await setAtRiskTagEnabled(SHOP, true);
    const second = recordingAdmin();
    const again = await pushCustomerTags({ shop: SHOP, admin: second, ...paced });
    expect(again.written).toBe(atRiskIds.size);
    expect(new Set(second.writes.map((w) => w.id))).toEqual(atRiskIds);
    expect(second.writes.every((w) => w.mutation === "tagsAdd" && w.tags.join() === "tsunagu:at-risk")).toBe(true);
    const someone = [...atRiskIds][0];
    const owned = JSON.parse(
      (await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: someone } } })).ownedTags,
    ) as string[];
    expect(owned).toHaveLength(2);
    expect(owned).toContain("tsunagu:at-risk");

    // Turning it off removes our at-risk tags again.
    await setAtRiskTagEnabled(SHOP, false);
    const third = recordingAdmin();
    expect((await pushCustomerTags({ shop: SHOP, admin: third, ...paced })).written).toBe(atRiskIds.size);
    expect(third.writes.every((w) => w.mutation === "tagsRemove" && w.tags.join() === "tsunagu:at-risk")).toBe(true);
  });
});

describe("fitPredictions when the fit fails", () => {
  it("stores the reason, clears every customer's numbers and at-risk flags", async () => {
    // Two weeks into CDNOW (it starts 1997-01-01): many first purchases, hardly any repeat buyers yet.
    const early = new Date("1997-01-14T00:00:00Z");
    expect(await prisma.customer.count({ where: { shop: SHOP, pAlive: { not: null } } })).toBe(2357);
    expect(await prisma.customer.count({ where: { shop: SHOP, atRisk: true } })).toBeGreaterThan(0);

    const failed = await fitPredictions({ shop: SHOP, asOf: early });
    expect(failed.fit.ok).toBe(false);
    expect(failed.predicted).toBe(0);
    expect(failed.atRisk).toBe(0);
    const stored = await loadShopPrediction(SHOP);
    expect(stored).toMatchObject({
      ok: false,
      reason: "withheld-by-holdout-check",
      model: null,
      r: null,
      alpha: null,
      a: null,
      b: null,
      p: null,
      q: null,
      gamma: null,
      logLikelihood: null,
    });
    expect(stored!.detail).toMatch(/too short/);
    expect(stored!.repeatBuyers).toBeLessThan(80);
    expect(stored!.fittedAt.getTime()).toBe(early.getTime());
    const rows = await prisma.customer.findMany({
      where: { shop: SHOP },
      select: { pAlive: true, expectedPurchases365: true, predictedClv12m: true, atRisk: true },
    });
    expect(rows.every((r) => r.pAlive === null && r.expectedPurchases365 === null && r.predictedClv12m === null)).toBe(true);
    expect(rows.some((r) => r.atRisk)).toBe(false);
  }, 60_000);

  it("a shop with no orders at all fails the same way", async () => {
    const shop = "empty-shop.myshopify.com";
    await registerShop(shop);
    const result = await fitPredictions({ shop, asOf });
    expect(result.fit).toMatchObject({ ok: false, reason: "withheld-by-holdout-check", customers: 0, repeatBuyers: 0 });
    expect(await loadShopPrediction(shop)).toMatchObject({ ok: false, customers: 0, repeatBuyers: 0 });
  });
});

describe("fitPredictions with active subscribers", () => {
  it("leaves active subscribers out of the purchase model and predicts them from their plan's retention instead", async () => {
    // The 30 customers with the most orders on a monthly plan: 10 still active after 6 deliveries, 20 ended
    // (8 after the first delivery, 5 after the second, 3, 2, 1 after the fifth, 1 after the seventh).
    const ENDED_AFTER = [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 7];
    const histories = (await loadCustomerHistories(SHOP)).filter((h) => h.orders.length >= 2);
    histories.sort((a, b) => b.orders.length - a.orders.length || a.customerId.localeCompare(b.customerId));
    const chosen = histories.slice(0, 30);
    const subscriptions: DetectedSubscription[] = chosen.map((h, i) => {
      const orders = [...h.orders].sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime());
      const active = i < 10;
      const last = active ? new Date(asOf.getTime() - 10 * 86_400_000) : orders[orders.length - 1].processedAt;
      return {
        customerId: h.customerId,
        sellingPlanId: "gid://shopify/SellingPlan/1",
        startedAt: orders[0].processedAt,
        lastDeliveryAt: last,
        deliveries: active ? 6 : ENDED_AFTER[i - 10],
        intervalDays: 30,
        intervalSource: "observed",
        state: active ? "active" : "ended",
        endReason: active ? null : "cancelled",
        nextDeliveryDeadline: new Date(last.getTime() + 45 * 86_400_000),
      };
    });
    await replaceSubscriptionOrders(
      SHOP,
      SubscriberOrderRows.of(
        chosen.flatMap((h) =>
          h.orders.map((o) => ({
            orderId: o.id,
            customerId: h.customerId,
            processedAt: o.processedAt,
            sellingPlanIds: ["gid://shopify/SellingPlan/1"],
            sourceName: null,
            cancelled: false,
          })),
        ),
      ),
      new Map(),
      asOf,
    );
    await saveSubscriptions(SHOP, subscriptions, asOf);

    const result = await fitPredictions({ shop: SHOP, asOf });
    expect(result.fit.ok).toBe(true);
    expect(result.subscribers).toBe(10);
    // The purchase model saw the 2,357 buyers less the 10 active subscribers.
    expect(result.fit.customers).toBe(2347);
    expect(result.predicted).toBe(2357);
    const stored = await loadCustomerPredictions(SHOP);
    const subscriber = stored.get(chosen[0].customerId)!;
    expect(subscriber.pAlive).toBeNull();
    expect(subscriber.atRisk).toBe(false);
    // The plan's sBG gives each active
    // subscriber the same expected deliveries in the next 365 days (12 due, 20 to 350 days ahead).
    const actives = chosen.slice(0, 10).map((h) => stored.get(h.customerId)!);
    expect(new Set(actives.map((a) => a.expectedPurchases365!.toFixed(6))).size).toBe(1);
    expect(subscriber.expectedPurchases365!).toBeCloseTo(6.48, 2);
    // Worth their own mean delivery (net of refunds) for each expected delivery, discounted at 10 % a year.
    const own = chosen[0].orders.reduce((sum, o) => sum + o.totalPrice - o.totalRefunded, 0) / chosen[0].orders.length;
    expect(subscriber.predictedClv12m! / (subscriber.expectedPurchases365! * own)).toBeGreaterThan(0.94);
    expect(subscriber.predictedClv12m! / (subscriber.expectedPurchases365! * own)).toBeLessThan(0.97);
    // An ended subscriber is a buyer like any other again.
    expect(stored.get(chosen[20].customerId)!.pAlive).not.toBeNull();
  }, 120_000);
});
