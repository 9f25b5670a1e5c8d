// Subscription pauses and ends are told to Shopify Flow once each, from the stored transitions, by the
// trigger of their kind — and a run cut off after Flow was told (the mark lost) sends nothing twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { sendPendingSubscriptionTriggers, SUBSCRIPTION_TRIGGER_HANDLES } from "../../app/jobs/subscription-flow-triggers.server";
import { registerShop } from "../../app/models/shop.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { registerApp } from "../emulator/app-config";
import { flowTriggerCalls, flowTriggerDefinitions } from "../emulator/resolvers-flow-segments";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

let emulator: Emulator;
let store: EmulatedShop;
let customers: string[];
const AT = new Date("2026-11-01T00:00:00Z");
const CLOCK = new Date("2026-11-02T09:30:00Z");
const fakeNow = () => CLOCK;
const admin = (maxRetries = 6) =>
  createAdminClient({ shop: store.domain, accessToken: store.accessToken, maxRetries, sleep: async () => {} });
const legacyId = (gid: string) => Number(gid.split("/").at(-1));

async function transition(customerId: string, toState: string, reason: string | null, deliveries: number, plan = 77) {
  await prisma.subscriptionTransition.create({
    data: {
      shop: store.domain,
      customerId,
      sellingPlanId: `gid://shopify/SellingPlan/${plan}`,
      fromState: "active",
      toState,
      reason,
      deliveries,
      at: AT,
    },
  });
}

beforeAll(async () => {
  store = createEmptyShop({ domain: "subscription-flow.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY" });
  customers = [1, 2, 3].map(() => store.addCustomer({ createdAt: "2025-01-01T00:00:00Z" }));
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  await registerShop(store.domain);
});

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await emulator?.close();
});

beforeEach(async () => {
  await prisma.subscriptionTransition.deleteMany({ where: { shop: store.domain } });
});

describe("Subscription Flow triggers", () => {
  it("the emulator knows the three triggers from extensions/ with the customer, plan, deliveries and reason", () => {
    for (const handle of Object.values(SUBSCRIPTION_TRIGGER_HANDLES)) {
      expect(flowTriggerDefinitions().get(handle)).toEqual(["customer_id", "selling plan id", "deliveries", "reason"]);
    }
  });

  it("sends each pause and end once, by the trigger of its kind; a subscription that became active again is only marked", async () => {
    const before = flowTriggerCalls(store).length;
    await transition(customers[0], "ended", "cancelled", 3);
    await transition(customers[1], "paused", "paused", 1);
    await transition(customers[2], "ended", "failed", 6, 78);
    await transition(customers[0], "ended", "overdue", 2, 79);
    await transition(customers[1], "active", null, 2);

    expect(await sendPendingSubscriptionTriggers(store.domain, admin(), fakeNow)).toEqual({ sent: 4, recovered: 0, rejected: 0 });
    expect(
      flowTriggerCalls(store)
        .slice(before)
        .map((c) => [c.handle, c.payload]),
    ).toEqual([
      ["subscription-ended", { customer_id: legacyId(customers[0]), "selling plan id": "77", deliveries: 3, reason: "cancelled" }],
      ["subscription-paused", { customer_id: legacyId(customers[1]), "selling plan id": "77", deliveries: 1, reason: "paused" }],
      ["subscription-billing-failed", { customer_id: legacyId(customers[2]), "selling plan id": "78", deliveries: 6, reason: "failed" }],
      ["subscription-ended", { customer_id: legacyId(customers[0]), "selling plan id": "79", deliveries: 2, reason: "overdue" }],
    ]);
    // Marked at the job's clock, not the machine's.
    const rows = await prisma.subscriptionTransition.findMany({ where: { shop: store.domain } });
    expect(rows.map((r) => r.flowNotifiedAt?.toISOString())).toEqual(rows.map(() => CLOCK.toISOString()));
    expect(await sendPendingSubscriptionTriggers(store.domain, admin(), fakeNow)).toEqual({ sent: 0, recovered: 0, rejected: 0 });
    expect(flowTriggerCalls(store).length - before).toBe(4);
  });

  it("after a crash between Flow's answer and the mark, the retry finds the witness and sends nothing again", async () => {
    await transition(customers[0], "ended", "cancelled", 4);
    await transition(customers[2], "paused", "paused", 2);
    await sendPendingSubscriptionTriggers(store.domain, admin(), fakeNow);
    const sent = flowTriggerCalls(store).length;
    // The marks were lost (the process died after the requests): both are pending again.
    await prisma.subscriptionTransition.updateMany({ where: { shop: store.domain }, data: { flowNotifiedAt: null } });

    expect(await sendPendingSubscriptionTriggers(store.domain, admin(), fakeNow)).toEqual({ sent: 0, recovered: 2, rejected: 0 });
    expect(flowTriggerCalls(store).length).toBe(sent);
    expect(await prisma.subscriptionTransition.count({ where: { shop: store.domain, flowNotifiedAt: null } })).toBe(0);
  });

  it("after Shopify fails mid-way, the next run sends exactly the transitions not yet sent", async () => {
    await transition(customers[0], "ended", "cancelled", 5);
    await transition(customers[1], "ended", "expired", 12);
    const before = flowTriggerCalls(store).length;
    emulator.failNextAdminRequests(1, 503);
    await expect(sendPendingSubscriptionTriggers(store.domain, admin(0), fakeNow)).rejects.toThrow(/HTTP 503|unreachable/);
    expect(flowTriggerCalls(store).length).toBe(before);
    expect(await prisma.subscriptionTransition.count({ where: { shop: store.domain, flowNotifiedAt: null } })).toBe(2);

    expect(await sendPendingSubscriptionTriggers(store.domain, admin(0), fakeNow)).toEqual({ sent: 2, recovered: 0, rejected: 0 });
    expect(
      flowTriggerCalls(store)
        .slice(before)
        .map((c) => [c.payload.customer_id, c.payload.reason]),
    ).toEqual([
      [legacyId(customers[0]), "cancelled"],
      [legacyId(customers[1]), "expired"],
    ]);
  });
});
