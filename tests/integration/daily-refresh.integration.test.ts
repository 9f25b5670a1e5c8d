// Dormancy comes with time alone: the daily refresh moves a customer who crossed the threshold
// overnight — in the shop's own time zone — and rewrites only that customer's tag.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { enqueueDueDailyRefreshes } from "../../app/jobs/enqueue.server";
import { jobQueue } from "../../app/queue/job-queue.server";
import { syncShop } from "../../app/jobs/sync-shop.server";
import { registerShop } from "../../app/models/shop.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { registerApp } from "../emulator/app-config";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";
import { flowTriggerCalls } from "../emulator/resolvers-flow-segments";
import { loadSegmentSnapshots } from "../../app/models/snapshot.server";

let emulator: Emulator;
let store: EmulatedShop;
let lapsing: string;
let recent: string;
// Tokyo: the last order is on 2025-07-01 local; day 120 is 2025-10-29, day 121 is 2025-10-30.
const DAY_120_EVENING = new Date("2025-10-29T22:00:00+09:00");
const DAY_121_JUST_AFTER_MIDNIGHT = new Date("2025-10-30T00:30:00+09:00");

beforeAll(async () => {
  store = createEmptyShop({ domain: "daily-refresh.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY" });
  lapsing = store.addCustomer({ createdAt: "2025-06-01T00:00:00Z" });
  recent = store.addCustomer({ createdAt: "2025-06-01T00:00:00Z" });
  store.addOrder({ customerId: lapsing, processedAt: "2025-07-01T12:00:00+09:00", lineItems: [{ quantity: 1, unitPrice: 4800 }] });
  store.addOrder({ customerId: recent, processedAt: "2025-10-20T12:00:00+09:00", lineItems: [{ quantity: 1, unitPrice: 4800 }] });
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url; // where the jobs' Admin API client goes
  await registerShop(store.domain);
  await prisma.session.create({
    data: { id: `offline_${store.domain}`, shop: store.domain, state: "", isOnline: false, accessToken: store.accessToken },
  });
  const admin = createAdminClient({ shop: store.domain, accessToken: store.accessToken });
  await syncShop({ shop: store.domain, admin, now: () => DAY_120_EVENING });
});

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await emulator?.close();
});

const stageOf = async (id: string) => (await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: store.domain, id } } })).stage;

describe("daily refresh", () => {
  it("on day 120 after the last order, in the shop's zone, the customer is still first-time", async () => {
    expect(await stageOf(lapsing)).toBe("new");
    expect(store.customerTags(lapsing)).toEqual(["tsunagu:new"]);
  });

  it("just after local midnight on day 121 moves the customer to dormant, with one transition, its tag replaced and one Flow trigger", async () => {
    const transitionsBefore = await prisma.segmentTransition.count({ where: { shop: store.domain } });
    await enqueueDueDailyRefreshes(DAY_121_JUST_AFTER_MIDNIGHT);
    await jobQueue.drain();

    expect(await stageOf(lapsing)).toBe("dormant");
    expect(await stageOf(recent)).toBe("new");
    const transitions = await prisma.segmentTransition.findMany({ where: { shop: store.domain }, orderBy: { id: "asc" } });
    expect(transitions).toHaveLength(transitionsBefore + 1);
    expect(transitions.at(-1)).toMatchObject({
      customerId: lapsing,
      fromStage: "new",
      toStage: "dormant",
      reason: "last-order-over-dormant-threshold",
    });
    expect(store.customerTags(lapsing)).toEqual(["tsunagu:dormant"]);
    expect(store.customerTags(recent)).toEqual(["tsunagu:new"]);
    expect(flowTriggerCalls(store).map((c) => c.payload)).toEqual([
      { customer_id: Number(lapsing.split("/").at(-1)), "from stage": "new", "to stage": "dormant", subscriber: false },
    ]);
    expect(transitions.every((t) => t.flowNotifiedAt !== null)).toBe(true);
  });

  it("writes the segment sizes of each shop-local day: the sync's day and the refresh's day", async () => {
    const snapshots = await loadSegmentSnapshots(store.domain);
    expect(snapshots.map((s) => [s.day, s.customers.new, s.customers.dormant])).toEqual([
      ["2025-10-29", 2, 0],
      ["2025-10-30", 1, 1],
    ]);
  });

  it("does not run twice on the same local day", async () => {
    const shopBefore = await prisma.shop.findUniqueOrThrow({ where: { shop: store.domain } });
    await enqueueDueDailyRefreshes(new Date("2025-10-30T23:00:00+09:00"));
    await jobQueue.drain();
    const shopAfter = await prisma.shop.findUniqueOrThrow({ where: { shop: store.domain } });
    expect(shopAfter.lastDailyRunAt).toEqual(shopBefore.lastDailyRunAt);
    expect(shopAfter.lastDailyRunAt).toEqual(DAY_121_JUST_AFTER_MIDNIGHT);
  });
});
