// Subscriptions read through the emulator's bulk query during the sync: stored subscription orders and
// statuses, detected subscriptions, and subscribers who stay active across the dormancy threshold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { refreshShop } from "../../app/jobs/daily-refresh.server";
import { syncShop } from "../../app/jobs/sync-shop.server";
import type { SubscriptionReport } from "../../app/domain/subscriptions/report";
import { loadPredictedClv12m } from "../../app/models/prediction.server";
import { registerShop } from "../../app/models/shop.server";
import { loadSubscriptionOrders, loadSubscriptionPage, loadSubscriptionReport } from "../../app/models/subscription.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { registerApp } from "../emulator/app-config";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

let emulator: Emulator;
let store: EmulatedShop;
let subscriber: string;
let oneOff: string;
let lapsed: string;
// The monthly subscriber's last delivery is 30 June, the next one may come until 14 August (30 days +
// 15 days' grace); the shop calls customers dormant after 40 days.
const AUGUST_12 = new Date("2025-08-12T12:00:00+09:00");

beforeAll(async () => {
  store = createEmptyShop({ domain: "teiki.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: AUGUST_12 });
  subscriber = store.addCustomer({ createdAt: "2025-03-01T00:00:00Z" });
  oneOff = store.addCustomer({ createdAt: "2025-03-01T00:00:00Z" });
  lapsed = store.addCustomer({ createdAt: "2025-03-01T00:00:00Z" });
  const tea = { sku: "TEA", quantity: 1, unitPrice: 3980 };
  for (const day of ["2025-04-01", "2025-05-01", "2025-05-31", "2025-06-30"]) {
    store.addOrder({ customerId: subscriber, processedAt: `${day}T10:00:00+09:00`, lineItems: [tea] });
  }
  store.addOrder({ customerId: oneOff, processedAt: "2025-07-01T10:00:00+09:00", lineItems: [tea] });
  const coffee = { sku: "COFFEE", quantity: 1, unitPrice: 2400 };
  for (const day of ["2025-04-01", "2025-04-15", "2025-04-29"]) {
    store.addOrder({ customerId: lapsed, processedAt: `${day}T10:00:00+09:00`, lineItems: [coffee] });
  }
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  await registerShop(store.domain);
  await prisma.shop.update({ where: { shop: store.domain }, data: { dormantAfterDays: 40 } });
  const admin = createAdminClient({ shop: store.domain, accessToken: store.accessToken });
  await syncShop({ shop: store.domain, admin, now: () => AUGUST_12, bulk: { firstPollMs: 5, maxPollMs: 20 } });
});

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await emulator?.close();
});

const stageOf = async (id: string) => (await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: store.domain, id } } })).stage;

describe("subscriptions in the sync", () => {
  it("stores the 7 subscription orders (3 renewals per subscriber, none of the one-off buyer's) in one row per subscriber, and the two subscribers' statuses", async () => {
    expect(await prisma.subscriberOrders.count({ where: { shop: store.domain } })).toBe(2);
    const orders = (await loadSubscriptionOrders(store.domain)).sort(
      (a, b) =>
        a.processedAt.getTime() - b.processedAt.getTime() || Number(a.orderId.split("/").pop()) - Number(b.orderId.split("/").pop()),
    );
    expect(
      orders.map((o) => [
        o.customerId === subscriber ? "subscriber" : o.customerId === lapsed ? "lapsed" : "other",
        o.sourceName === "subscription_contract",
        o.sellingPlanIds,
      ]),
    ).toEqual([
      ["subscriber", false, ["gid://shopify/SellingPlan/2"]],
      ["lapsed", false, ["gid://shopify/SellingPlan/1"]],
      ["lapsed", true, ["gid://shopify/SellingPlan/1"]],
      ["lapsed", true, ["gid://shopify/SellingPlan/1"]],
      ["subscriber", true, ["gid://shopify/SellingPlan/2"]],
      ["subscriber", true, ["gid://shopify/SellingPlan/2"]],
      ["subscriber", true, ["gid://shopify/SellingPlan/2"]],
    ]);
    const statuses = await prisma.subscriberStatus.findMany({ where: { shop: store.domain } });
    expect(Object.fromEntries(statuses.map((s) => [s.customerId === subscriber ? "subscriber" : "lapsed", s.status]))).toEqual({
      subscriber: "ACTIVE",
      lapsed: "FAILED",
    });
  });

  it("detects the monthly subscription as active after 4 deliveries and the fortnightly one as ended by failed billing after 3", async () => {
    const subscriptions = await prisma.subscription.findMany({ where: { shop: store.domain }, orderBy: { startedAt: "asc" } });
    expect(subscriptions.map((s) => [s.customerId === subscriber ? "subscriber" : "lapsed", s.deliveries, s.state, s.endReason])).toEqual([
      ["subscriber", 4, "active", null],
      ["lapsed", 3, "ended", "failed"],
    ]);
  });

  it("keeps the active subscriber regular 43 days after the last delivery, past the shop's 40-day dormancy; the one-off buyer of 1 July is dormant", async () => {
    expect(await stageOf(subscriber)).toBe("regular");
    expect(await stageOf(oneOff)).toBe("dormant");
    expect(await stageOf(lapsed)).toBe("dormant");
  });

  it("stores the page's report: each delivery valued by its order — April's 4 (¥3,980 + 3 × ¥2,400), May's 2, June's 1", async () => {
    const stored = await loadSubscriptionReport<SubscriptionReport>(store.domain);
    const months = Object.fromEntries(stored!.report.monthly.map((m) => [m.month, [m.deliveries, m.revenue]]));
    expect([months["2025-04"], months["2025-05"], months["2025-06"], months["2025-07"]]).toEqual([
      [4, 11_180],
      [2, 7_960],
      [1, 3_980],
      [0, 0],
    ]);
  });

  it("reads the purchase model's 12-month values for the report's LTV, only where there is one", async () => {
    await prisma.customer.update({ where: { shop_id: { shop: store.domain, id: oneOff } }, data: { predictedClv12m: 5400 } });
    await prisma.customer.update({ where: { shop_id: { shop: store.domain, id: lapsed } }, data: { predictedClv12m: null } });
    expect((await loadPredictedClv12m(store.domain)).get(oneOff)).toBe(5400);
    expect((await loadPredictedClv12m(store.domain)).has(lapsed)).toBe(false);
  });

  it("reads the page's data in one statement: the stored report's text as stored, the shop's currency and zone", async () => {
    const stored = await prisma.subscriptionReport.findUniqueOrThrow({ where: { shop: store.domain } });
    expect(await loadSubscriptionPage(store.domain)).toEqual({ reportJson: stored.report, currencyCode: "JPY", timeZone: "Asia/Tokyo" });
    const other = "no-report-yet.myshopify.com";
    await registerShop(other);
    expect((await loadSubscriptionPage(other)).reportJson).toBeNull();
  });

  it("the daily refresh of 10 September reads the ended status: the subscription ends with Shopify's reason and the customer is dormant", async () => {
    const september10 = new Date("2025-09-10T12:00:00+09:00");
    store.setNow(september10);
    await refreshShop({
      shop: store.domain,
      admin: createAdminClient({ shop: store.domain, accessToken: store.accessToken }),
      asOf: september10,
    });
    const subscription = await prisma.subscription.findFirstOrThrow({ where: { shop: store.domain, customerId: subscriber } });
    const status = (await prisma.subscriberStatus.findFirstOrThrow({ where: { shop: store.domain, customerId: subscriber } })).status;
    expect(["CANCELLED", "FAILED"]).toContain(status);
    expect([subscription.state, subscription.endReason]).toEqual(["ended", status.toLowerCase()]);
    expect(await stageOf(subscriber)).toBe("dormant");
  });
});
