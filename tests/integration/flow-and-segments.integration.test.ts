// Shopify Flow is told about every segment change through an outbox (SegmentTransition.flowNotifiedAt),
// and native segments are created once per stage.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { FLOW_TRIGGER_HANDLE, sendPendingFlowTriggers } from "../../app/jobs/flow-triggers.server";
import { registerShop } from "../../app/models/shop.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { ensureNativeSegment } from "../../app/services/native-segments.server";
import { LIFECYCLE_STAGES } from "../../app/domain/types";
import { registerApp } from "../emulator/app-config";
import { emulatedSegments, flowTriggerCalls, flowTriggerDefinitions } from "../emulator/resolvers-flow-segments";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

let emulator: Emulator;
let store: EmulatedShop;
let customers: string[];
const AT = new Date("2025-11-01T00:00:00Z");
const noSleep = async () => {};
const admin = (maxRetries = 6) => createAdminClient({ shop: store.domain, accessToken: store.accessToken, maxRetries, sleep: noSleep });

async function recordTransition(customerId: string, fromStage: string | null, toStage: string) {
  await prisma.segmentTransition.create({ data: { shop: store.domain, customerId, fromStage, toStage, at: AT, reason: "test" } });
}

/** An active subscription of the customer (as the detection stores it). */
async function subscribe(customerId: string) {
  await prisma.subscription.create({
    data: {
      shop: store.domain,
      customerId,
      sellingPlanId: "gid://shopify/SellingPlan/1",
      startedAt: AT,
      lastDeliveryAt: AT,
      deliveries: 1,
      intervalDays: 30,
      intervalSource: "plan",
      state: "active",
      nextDeliveryDeadline: new Date(AT.getTime() + 45 * 86_400_000),
      detectedAt: AT,
    },
  });
}

beforeAll(async () => {
  store = createEmptyShop({ domain: "flow.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY" });
  customers = [1, 2, 3, 4].map(() => store.addCustomer({ createdAt: "2025-01-01T00:00:00Z" }));
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  await registerShop(store.domain);
});

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await emulator?.close();
});

const legacyId = (gid: string) => Number(gid.split("/").at(-1));

describe("Flow trigger outbox", () => {
  beforeEach(async () => {
    await prisma.segmentTransition.deleteMany({ where: { shop: store.domain } });
  });

  it("the emulator knows the trigger from extensions/tsunagu-flow-trigger with its four fields", () => {
    expect(flowTriggerDefinitions().get(FLOW_TRIGGER_HANDLE)).toEqual(["customer_id", "from stage", "to stage", "subscriber"]);
  });

  it("sends each change of segment once, with the customer's numeric id, from, to and whether they subscribe; first classifications are only marked", async () => {
    const before = flowTriggerCalls(store).length;
    await subscribe(customers[1]);
    await recordTransition(customers[0], null, "prospect");
    await recordTransition(customers[0], "prospect", "new");
    await recordTransition(customers[1], "dormant", "regular");

    expect(await sendPendingFlowTriggers(store.domain, admin())).toBe(2);

    expect(
      flowTriggerCalls(store)
        .slice(before)
        .map((c) => [c.handle, c.payload]),
    ).toEqual([
      [FLOW_TRIGGER_HANDLE, { customer_id: legacyId(customers[0]), "from stage": "prospect", "to stage": "new", subscriber: false }],
      [FLOW_TRIGGER_HANDLE, { customer_id: legacyId(customers[1]), "from stage": "dormant", "to stage": "regular", subscriber: true }],
    ]);
    await prisma.subscription.deleteMany({ where: { shop: store.domain } });
    expect(await prisma.segmentTransition.count({ where: { shop: store.domain, flowNotifiedAt: null } })).toBe(0);
    expect(await sendPendingFlowTriggers(store.domain, admin())).toBe(0);
    expect(flowTriggerCalls(store).length - before).toBe(2);
  });

  it("after Shopify fails mid-way, the next run sends exactly the transitions not yet sent", async () => {
    const before = flowTriggerCalls(store).length;
    for (const [i, id] of customers.entries()) await recordTransition(id, "new", i % 2 ? "dormant" : "regular");
    const flaky = admin(0); // no retries: the first 503 ends the run

    expect(await sendPendingFlowTriggers(store.domain, flaky)).toBe(4); // warm-up: all succeed
    await prisma.segmentTransition.updateMany({ where: { shop: store.domain }, data: { flowNotifiedAt: null } });
    await prisma.segmentTransition.deleteMany({ where: { shop: store.domain, customerId: { in: customers.slice(0, 2) } } });
    const sentBeforeFailure = flowTriggerCalls(store).length;

    // Two pending (customers 3 and 4): Shopify is down for the first request.
    emulator.failNextAdminRequests(1, 503);
    await expect(sendPendingFlowTriggers(store.domain, flaky)).rejects.toThrow(/HTTP 503|unreachable/);
    expect(flowTriggerCalls(store).length).toBe(sentBeforeFailure);
    expect(await prisma.segmentTransition.count({ where: { shop: store.domain, flowNotifiedAt: null } })).toBe(2);

    expect(await sendPendingFlowTriggers(store.domain, flaky)).toBe(2);
    expect(
      flowTriggerCalls(store)
        .slice(sentBeforeFailure)
        .map((c) => c.payload.customer_id),
    ).toEqual(customers.slice(2).map(legacyId));
    expect(flowTriggerCalls(store).length - before).toBe(6);
  });

  it("a transition Flow rejects (a deleted customer) is marked, so it does not block the ones after it", async () => {
    const before = flowTriggerCalls(store).length;
    await recordTransition("gid://shopify/Customer/999999", "new", "dormant"); // not in the shop any more
    await recordTransition(customers[3], "regular", "vip");
    expect(await sendPendingFlowTriggers(store.domain, admin())).toBe(1);
    expect(
      flowTriggerCalls(store)
        .slice(before)
        .map((c) => c.payload.customer_id),
    ).toEqual([legacyId(customers[3])]);
    expect(await prisma.segmentTransition.count({ where: { shop: store.domain, flowNotifiedAt: null } })).toBe(0);
  });

  it("Flow rejects a payload that does not match the trigger's fields", async () => {
    const result = await admin().request<{ flowTriggerReceive: { userErrors: { message: string }[] } }>(
      `mutation($payload: JSON!) { flowTriggerReceive(handle: "${FLOW_TRIGGER_HANDLE}", payload: $payload) { userErrors { field message } } }`,
      { payload: { customer_id: 1, "to stage": "vip" } },
    );
    expect(result.flowTriggerReceive.userErrors[0].message).toContain("Missing required property 'from stage'");
  });

  it("Flow rejects a value of the wrong type: subscriber is a boolean field", async () => {
    const result = await admin().request<{ flowTriggerReceive: { userErrors: { message: string }[] } }>(
      `mutation($payload: JSON!) { flowTriggerReceive(handle: "${FLOW_TRIGGER_HANDLE}", payload: $payload) { userErrors { field message } } }`,
      { payload: { customer_id: legacyId(customers[0]), "from stage": "new", "to stage": "vip", subscriber: "yes" } },
    );
    expect(result.flowTriggerReceive.userErrors[0].message).toContain("Property 'subscriber' of boolean must be a boolean");
  });
});

describe("native segments", () => {
  it("creates one segment per stage on the stage tag, once: asking again returns the same segment", async () => {
    const first = await ensureNativeSegment(store.domain, admin(), "vip");
    const again = await ensureNativeSegment(store.domain, admin(), "vip");
    expect(first.created).toBe(true);
    expect(again).toEqual({ segmentId: first.segmentId, created: false });
    expect(emulatedSegments(store)).toHaveLength(1);
    expect(emulatedSegments(store)[0]).toMatchObject({ id: first.segmentId, query: "customer_tags CONTAINS 'tsunagu:vip'" });
  });

  it("all six stages get distinct segments", async () => {
    const ids = [];
    for (const stage of LIFECYCLE_STAGES) ids.push((await ensureNativeSegment(store.domain, admin(), stage)).segmentId);
    expect(new Set(ids).size).toBe(6);
    expect(emulatedSegments(store)).toHaveLength(6);
    expect(await prisma.nativeSegment.count({ where: { shop: store.domain } })).toBe(6);
  });

  it("a segment created before but forgotten (a crash before saving, or erased data) is adopted, not duplicated", async () => {
    const { segmentId } = await ensureNativeSegment(store.domain, admin(), "dormant");
    await prisma.nativeSegment.delete({ where: { shop_stage: { shop: store.domain, stage: "dormant" } } });
    expect(await ensureNativeSegment(store.domain, admin(), "dormant")).toEqual({ segmentId, created: false });
    expect(emulatedSegments(store)).toHaveLength(6);
  });
});
