// The scenario runtime against the emulator: entries from segment moves, steps at 09:00 shop time
// through the Flow trigger "Scenario step due", offer codes limited to the customer, exits, re-entry,
// the holdout, and crashes at every point of a step (no double fire, no lost step).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import type { ScenarioDefinition } from "../../app/domain/scenarios/definition";
import { scenarioUtm } from "../../app/domain/scenarios/runtime";
import { evaluateScenarios } from "../../app/jobs/scenario-evaluate.server";
import { fireDueSteps, SCENARIO_STEP_DUE_HANDLE } from "../../app/jobs/scenario-fire-steps.server";
import { createScenario, loadScenario, setScenarioStatus } from "../../app/models/scenario.server";
import { setMarketingActivityStatus } from "../../app/services/scenario-marketing.server";
import { registerShop } from "../../app/models/shop.server";
import { saveShopAggregate } from "../../app/models/shop-aggregate.server";
import { createAdminClient, type AdminClient } from "../../app/shopify/admin-client.server";
import { registerApp } from "../emulator/app-config";
import { emulatedDiscounts, emulatedMarketingActivities } from "../emulator/resolvers-discounts-marketing";
import { flowTriggerCalls, flowTriggerDefinitions } from "../emulator/resolvers-flow-segments";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const noSleep = async () => {};

let emulator: Emulator;
const shops: Record<string, EmulatedShop> = {};

function newShop(name: string, ianaTimezone: string): EmulatedShop {
  const shop = createEmptyShop({
    domain: `${name}.myshopify.com`,
    ianaTimezone,
    currencyCode: "JPY",
    now: new Date("2026-10-01T00:00:00Z"),
  });
  shops[name] = shop;
  return shop;
}

beforeAll(async () => {
  newShop("tokyo", "Asia/Tokyo");
  newShop("newyork", "America/New_York");
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: Object.values(shops) });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  for (const shop of Object.values(shops)) {
    await registerShop(shop.domain);
    await prisma.shop.update({ where: { shop: shop.domain }, data: { ianaTimezone: shop.ianaTimezone } });
  }
});

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await emulator?.close();
});

const adminFor = (shop: EmulatedShop, maxRetries = 6) =>
  createAdminClient({ shop: shop.domain, accessToken: shop.accessToken, maxRetries, sleep: noSleep });

function winBack(change: Partial<ScenarioDefinition> = {}): ScenarioDefinition {
  return {
    template: "dormant",
    name: { text: "Win back" },
    entry: { kind: "segment-transition", to: "dormant" },
    steps: [
      { dayOffset: 0, content: "brand", localTime: "09:00", brief: { text: "Our story" }, reviewFormLink: false },
      {
        dayOffset: 7,
        content: "offer",
        brief: { text: "10 % off" },
        reviewFormLink: false,
        offer: { kind: "unique-code", value: { type: "percentage", percent: 10 }, expiryDays: 14 },
      },
    ],
    exit: { onOrder: true, onLeavingSegment: true, onReview: false },
    reentry: true,
    holdoutShare: 0,
    conversionWindowDays: 30,
    ...change,
  };
}

async function customer(shop: EmulatedShop, stage = "regular"): Promise<string> {
  const id = shop.addCustomer({ createdAt: "2025-01-01T00:00:00Z" });
  await prisma.customer.create({
    data: { shop: shop.domain, id, shopifyCreatedAt: new Date("2025-01-01"), shopifyUpdatedAt: new Date("2025-01-01"), stage },
  });
  return id;
}

async function moveTo(shop: EmulatedShop, customerId: string, toStage: string, at: Date) {
  const current = await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: shop.domain, id: customerId } } });
  await prisma.customer.update({ where: { shop_id: { shop: shop.domain, id: customerId } }, data: { stage: toStage } });
  await prisma.segmentTransition.create({ data: { shop: shop.domain, customerId, fromStage: current.stage, toStage, at, reason: "test" } });
}

/** An order in Shopify and in our rows (as the webhook would write it). */
async function order(shop: EmulatedShop, customerId: string, at: Date, total = 5000) {
  const id = shop.addOrder({ customerId, processedAt: at, lineItems: [{ title: "Tea", quantity: 1, unitPrice: total }] });
  await prisma.order.create({ data: { shop: shop.domain, id, customerId, processedAt: at, shopifyUpdatedAt: at, totalPrice: total } });
}

async function startScenario(shop: EmulatedShop, definition: ScenarioDefinition, at: Date): Promise<number> {
  const { id } = await createScenario(shop.domain, definition);
  await setScenarioStatus(shop.domain, id, "active", at);
  return id;
}

/** Scenario ticks every `everyMs` from `from` to `to` (the job: evaluate, then fire). */
async function runTicks(shop: EmulatedShop, from: Date, to: Date, everyMs = HOUR, admin: AdminClient = adminFor(shop)) {
  for (let t = from.getTime(); t <= to.getTime(); t += everyMs) {
    const now = new Date(t);
    shop.setNow(now);
    await evaluateScenarios({ shop: shop.domain, now });
    await fireDueSteps({ shop: shop.domain, admin, now });
  }
}

function stepCalls(shop: EmulatedShop, scenarioId: number, customerId?: string) {
  const legacy = customerId ? Number(customerId.split("/").at(-1)) : undefined;
  return flowTriggerCalls(shop).filter(
    (c) =>
      c.handle === SCENARIO_STEP_DUE_HANDLE &&
      c.payload["scenario id"] === scenarioId &&
      (legacy === undefined || c.payload.customer_id === legacy),
  );
}

beforeEach(async () => {
  await prisma.scenario.updateMany({ data: { status: "paused" } });
});

describe("Scenario step due trigger", () => {
  it("the emulator knows the trigger from extensions/tsunagu-flow-trigger-step-due with the customer and the step's fields", () => {
    expect(flowTriggerDefinitions().get(SCENARIO_STEP_DUE_HANDLE)).toEqual([
      "customer_id",
      "scenario id",
      "scenario name",
      "step number",
      "content kind",
      "offer code",
      "recommended product ids",
      "review form link",
      "link parameters",
      "subscriber",
    ]);
  });
});

describe("scheduling on a fake clock", () => {
  it.each([
    ["tokyo", "2026-11-02T09:00:00+09:00", "2026-11-09T09:00:00+09:00"],
    // New York leaves daylight saving time on 2026-11-01: day 0 is EDT (−4), day 7 EST (−5).
    ["newyork", "2026-10-31T09:00:00-04:00", "2026-11-07T09:00:00-05:00"],
  ])("in %s, a step due at 09:00 shop time fires once, at the first hourly tick from 09:00", async (name, firstDue, secondDue) => {
    const shop = shops[name];
    const entered = new Date(new Date(firstDue).getTime() - 3 * HOUR); // 06:00 shop time
    const id = await startScenario(shop, winBack(), new Date(entered.getTime() - HOUR));
    const who = await customer(shop);
    await moveTo(shop, who, "dormant", entered);
    await runTicks(shop, new Date(entered.getTime() + 30 * 60_000), new Date(new Date(secondDue).getTime() + 3 * DAY));

    const calls = stepCalls(shop, id, who);
    // The emulator's clock runs on from each setNow: minutes are compared.
    expect(calls.map((c) => [c.payload["step number"], new Date(Math.floor(c.at.getTime() / 60_000) * 60_000).toISOString()])).toEqual([
      [1, new Date(new Date(firstDue).getTime() + 30 * 60_000).toISOString()],
      [2, new Date(new Date(secondDue).getTime() + 30 * 60_000).toISOString()],
    ]);
    expect(calls[0].payload).toMatchObject({ "scenario name": "Win back", "content kind": "brand", "offer code": "", subscriber: false });
    expect(calls[1].payload).toMatchObject({
      "content kind": "offer",
      "link parameters": `utm_source=tsunagu&utm_medium=email&utm_campaign=${scenarioUtm(id).campaign}`,
    });

    // The offer code is the customer's alone: single use, once per customer, expiring 14 days after it fired.
    const code = calls[1].payload["offer code"] as string;
    const discount = emulatedDiscounts(shop).find((d) => d.code === code)!;
    expect(discount).toMatchObject({ customers: [who], segments: null, usageLimit: 1, appliesOncePerCustomer: true, percentage: 0.1 });
    expect(discount.endsAt! - discount.startsAt).toBe(14 * DAY);
    // The scenario is a marketing activity carrying its UTM.
    expect(emulatedMarketingActivities(shop).find((a) => a.remoteId === `tsunagu-scenario-${id}`)).toMatchObject({
      utm: scenarioUtm(id),
      status: "ACTIVE",
      tactic: "MESSAGE",
    });
  });
});

describe("a shared code for the segment (the merchant's choice)", () => {
  it("entrants of one step share one code limited to the segment's native segment, created again once it has expired", async () => {
    const shop = shops.tokyo;
    const t0 = new Date("2027-11-01T00:00:00Z");
    const sharedOffer = {
      dayOffset: 0,
      content: "offer" as const,
      brief: { text: "10 % off" },
      reviewFormLink: false,
      offer: { kind: "segment-code" as const, segment: "dormant" as const, value: { type: "amount" as const, amount: 500 }, expiryDays: 7 },
    };
    const id = await startScenario(shop, winBack({ steps: [sharedOffer] }), t0);
    const first = [await customer(shop), await customer(shop)];
    for (const who of first) await moveTo(shop, who, "dormant", new Date(t0.getTime() + HOUR));
    await runTicks(shop, new Date(t0.getTime() + 2 * HOUR), new Date(t0.getTime() + 2 * DAY), 6 * HOUR);
    const later = await customer(shop);
    await moveTo(shop, later, "dormant", new Date(t0.getTime() + 3 * DAY));
    await runTicks(shop, new Date(t0.getTime() + 3 * DAY + HOUR), new Date(t0.getTime() + 4 * DAY), 6 * HOUR);
    const afterExpiry = await customer(shop);
    await moveTo(shop, afterExpiry, "dormant", new Date(t0.getTime() + 10 * DAY));
    await runTicks(shop, new Date(t0.getTime() + 10 * DAY + HOUR), new Date(t0.getTime() + 11 * DAY), 6 * HOUR);

    const codeOf = (who: string) => stepCalls(shop, id, who).map((c) => c.payload["offer code"]);
    const [shared] = codeOf(first[0]);
    expect([...codeOf(first[0]), ...codeOf(first[1]), ...codeOf(later)]).toEqual([shared, shared, shared]);
    expect(codeOf(afterExpiry)).toHaveLength(1);
    expect(codeOf(afterExpiry)[0]).not.toBe(shared);
    const discount = emulatedDiscounts(shop).find((d) => d.code === shared)!;
    const nativeSegment = await prisma.nativeSegment.findFirstOrThrow({ where: { shop: shop.domain, stage: "dormant" } });
    expect(discount).toMatchObject({
      customers: null,
      segments: [nativeSegment.segmentId],
      usageLimit: null,
      appliesOncePerCustomer: true,
    });
    expect(discount.endsAt! - discount.startsAt).toBe(7 * DAY);
  });
});

describe("what a step carries", () => {
  it("recommended products from the shop's next products (without what the customer owns) and, for a review request, the product's review form", async () => {
    const shop = shops.tokyo;
    const t0 = new Date("2028-01-03T00:00:00Z");
    const product = (n: number) => `gid://shopify/Product/${n}`;
    const next = (n: number, customers: number) => ({ productId: product(n), customers, share: 0.1, repurchase: false });
    // After product 1, second orders held product 2 (9 customers), 3 (5), 4 (4) and 5 (2: too few to recommend).
    await saveShopAggregate(shop.domain, "acquisition", t0, {
      nextProducts: [
        {
          productId: product(1),
          firstOrderCustomers: 40,
          secondOrderCustomers: 20,
          next: [next(2, 9), next(3, 5), next(4, 4), next(5, 2)],
        },
      ],
    });
    const id = await startScenario(
      shop,
      winBack({
        entry: { kind: "days-after-fulfilment", days: 14 },
        steps: [{ dayOffset: 0, content: "product", brief: { text: "How was it?" }, reviewFormLink: true }],
        exit: { onOrder: false, onLeavingSegment: false, onReview: true },
      }),
      t0,
    );
    const who = await customer(shop);
    const orderId = shop.addOrder({ customerId: who, processedAt: t0, lineItems: [{ title: "Tea", quantity: 1, unitPrice: 3000 }] });
    await prisma.order.create({
      data: {
        shop: shop.domain,
        id: orderId,
        customerId: who,
        processedAt: t0,
        shopifyUpdatedAt: t0,
        totalPrice: 3000,
        fulfilledAt: new Date(t0.getTime() + DAY),
      },
    });
    await prisma.orderProducts.create({
      data: {
        shop: shop.domain,
        orderId,
        products: JSON.stringify([
          [product(3), 1],
          [product(1), 2],
        ]),
      },
    });
    await runTicks(shop, new Date(t0.getTime() + 15 * DAY), new Date(t0.getTime() + 16 * DAY), 6 * HOUR);

    const [call] = stepCalls(shop, id, who);
    expect(call.payload).toMatchObject({
      "recommended product ids": "2,4",
      "review form link": `https://${shop.domain}/apps/tsunagu/review-form?product_id=1`,
    });
  });
});

describe("pausing", () => {
  it("pausing a scenario pauses its marketing activity (UTM kept), resuming makes it active again", async () => {
    const shop = shops.tokyo;
    const t0 = new Date("2027-12-06T00:00:00Z");
    const id = await startScenario(shop, winBack(), t0);
    await runTicks(shop, t0, t0);
    const activity = () => emulatedMarketingActivities(shop).find((a) => a.remoteId === `tsunagu-scenario-${id}`)!;
    expect(activity()).toMatchObject({ status: "ACTIVE", utm: scenarioUtm(id) });
    const scenario = async () => {
      const stored = (await loadScenario(shop.domain, id))!;
      return { id, definition: winBack(), stored };
    };
    await setScenarioStatus(shop.domain, id, "paused", new Date(t0.getTime() + DAY));
    await setMarketingActivityStatus(shop.domain, adminFor(shop), await scenario(), "PAUSED");
    expect(activity()).toMatchObject({ status: "PAUSED", utm: scenarioUtm(id), tactic: "MESSAGE", title: "Tsunagu: Win back" });
    await setScenarioStatus(shop.domain, id, "active", new Date(t0.getTime() + 2 * DAY));
    await setMarketingActivityStatus(shop.domain, adminFor(shop), await scenario(), "ACTIVE");
    expect(activity()).toMatchObject({ status: "ACTIVE", utm: scenarioUtm(id) });
    expect(emulatedMarketingActivities(shop).filter((a) => a.remoteId === `tsunagu-scenario-${id}`)).toHaveLength(1);
  });
});

describe("exits, re-entry and the holdout", () => {
  it("an order exits the entry (the later step never fires); moving to dormant again is a new entry that fires again", async () => {
    const shop = shops.tokyo;
    const t0 = new Date("2027-01-04T00:00:00Z");
    const id = await startScenario(shop, winBack(), t0);
    const who = await customer(shop);
    await moveTo(shop, who, "dormant", new Date(t0.getTime() + HOUR));
    await runTicks(shop, new Date(t0.getTime() + 2 * HOUR), new Date(t0.getTime() + 2 * DAY));
    await order(shop, who, new Date(t0.getTime() + 3 * DAY));
    await moveTo(shop, who, "regular", new Date(t0.getTime() + 3 * DAY));
    await runTicks(shop, new Date(t0.getTime() + 3 * DAY + HOUR), new Date(t0.getTime() + 12 * DAY), 6 * HOUR);
    expect(stepCalls(shop, id, who).map((c) => c.payload["step number"])).toEqual([1]);

    await moveTo(shop, who, "dormant", new Date(t0.getTime() + 20 * DAY));
    await runTicks(shop, new Date(t0.getTime() + 20 * DAY + HOUR), new Date(t0.getTime() + 30 * DAY), 6 * HOUR);
    expect(stepCalls(shop, id, who).map((c) => c.payload["step number"])).toEqual([1, 1, 2]);
    const entries = await prisma.scenarioEntry.findMany({ where: { scenarioId: id }, orderBy: { entryNumber: "asc" } });
    expect(entries.map((e) => [e.entryNumber, e.exitReason])).toEqual([
      [1, "converted"],
      [2, null],
    ]);
  });

  it("without re-entry, a customer who comes back to dormant does not enter again", async () => {
    const shop = shops.tokyo;
    const t0 = new Date("2027-03-01T00:00:00Z");
    const id = await startScenario(shop, winBack({ reentry: false }), t0);
    const who = await customer(shop);
    await moveTo(shop, who, "dormant", new Date(t0.getTime() + HOUR));
    await runTicks(shop, new Date(t0.getTime() + 2 * HOUR), new Date(t0.getTime() + DAY), 6 * HOUR);
    await moveTo(shop, who, "regular", new Date(t0.getTime() + 2 * DAY));
    await runTicks(shop, new Date(t0.getTime() + 2 * DAY), new Date(t0.getTime() + 3 * DAY), 6 * HOUR);
    await moveTo(shop, who, "dormant", new Date(t0.getTime() + 3 * DAY));
    await runTicks(shop, new Date(t0.getTime() + 3 * DAY + HOUR), new Date(t0.getTime() + 5 * DAY), 6 * HOUR);
    expect(await prisma.scenarioEntry.count({ where: { scenarioId: id } })).toBe(1);
    expect((await prisma.scenarioEntry.findFirstOrThrow({ where: { scenarioId: id } })).exitReason).toBe("left-segment");
  });

  it("holdout entrants receive nothing, and their assignment does not change when evaluated again", async () => {
    const shop = shops.tokyo;
    const t0 = new Date("2027-05-03T00:00:00Z");
    const id = await startScenario(shop, winBack({ holdoutShare: 0.5 }), t0);
    const customers = [];
    for (let i = 0; i < 40; i++) customers.push(await customer(shop));
    for (const who of customers) await moveTo(shop, who, "dormant", new Date(t0.getTime() + HOUR));
    await runTicks(shop, new Date(t0.getTime() + 2 * HOUR), new Date(t0.getTime() + 9 * DAY), 12 * HOUR);
    const entries = await prisma.scenarioEntry.findMany({ where: { scenarioId: id } });
    const held = entries.filter((e) => e.holdout).map((e) => e.customerId);
    expect(held.length).toBeGreaterThan(10);
    expect(held.length).toBeLessThan(30);
    for (const who of held) expect(stepCalls(shop, id, who)).toEqual([]);
    for (const e of entries.filter((e) => !e.holdout)) expect(stepCalls(shop, id, e.customerId)).toHaveLength(2);
    await prisma.scenario.update({ where: { id }, data: { evaluatedThrough: t0, transitionsThroughId: 0 } });
    await evaluateScenarios({ shop: shop.domain, now: new Date(t0.getTime() + 10 * DAY) });
    expect((await prisma.scenarioEntry.findMany({ where: { scenarioId: id, holdout: true } })).map((e) => e.customerId).sort()).toEqual(
      [...held].sort(),
    );
  });
});

describe("the entering events of each entry rule", () => {
  const SHOP = "entry-rules.myshopify.com";
  const t0 = new Date("2027-08-02T00:00:00Z");
  const after = (ms: number) => new Date(t0.getTime() + ms);
  let next = 0;
  const gid = (type: "Customer" | "Order") => `gid://shopify/${type}/${9_100_000 + ++next}`;

  async function buyer(data: { ordersCount?: number; firstOrderAt?: Date; atRisk?: boolean } = {}): Promise<string> {
    const id = gid("Customer");
    await prisma.customer.create({ data: { shop: SHOP, id, shopifyCreatedAt: t0, shopifyUpdatedAt: t0, stage: "new", ...data } });
    return id;
  }
  async function placed(customerId: string, at: Date, data: { test?: boolean; cancelled?: boolean; fulfilledAt?: Date } = {}) {
    const id = gid("Order");
    await prisma.order.create({ data: { shop: SHOP, id, customerId, processedAt: at, shopifyUpdatedAt: at, totalPrice: 3000, ...data } });
    return id;
  }
  async function start(definition: ScenarioDefinition): Promise<number> {
    const { id } = await createScenario(SHOP, definition);
    await setScenarioStatus(SHOP, id, "active", t0);
    return id;
  }
  const entriesOf = async (scenarioId: number) =>
    (await prisma.scenarioEntry.findMany({ where: { scenarioId }, orderBy: { id: "asc" } })).map((e) => [
      e.customerId,
      e.entryKey,
      e.enteredAt.toISOString(),
    ]);

  it("first and nth orders rank the customer's non-test, non-cancelled orders; fulfilments enter days later; at-risk and the closing F2 window enter from the customer rows", async () => {
    await registerShop(SHOP);
    const steps = winBack().steps.slice(0, 1);
    const exit = { onOrder: true, onLeavingSegment: false, onReview: false };
    const ids = {
      first: await start(winBack({ entry: { kind: "first-order" }, steps, exit })),
      second: await start(winBack({ entry: { kind: "nth-order", n: 2 }, steps, exit })),
      fulfilled: await start(winBack({ entry: { kind: "days-after-fulfilment", days: 3 }, steps, exit: { ...exit, onOrder: false } })),
      atRisk: await start(winBack({ entry: { kind: "at-risk" }, steps, exit })),
      f2: await start(winBack({ entry: { kind: "f2-window-closing", windowDays: 30, daysBefore: 7 }, steps, exit })),
    };
    // a: a first order after the start. b: a first order before it, the second after. c: a test and a
    // cancelled order first, then the first real one.
    const a = await buyer();
    const aFirst = await placed(a, after(HOUR));
    const b = await buyer();
    await placed(b, after(-10 * DAY));
    const bSecond = await placed(b, after(2 * HOUR));
    const c = await buyer();
    await placed(c, after(HOUR), { test: true });
    await placed(c, after(2 * HOUR), { cancelled: true });
    const cFirst = await placed(c, after(3 * HOUR));
    // Fulfilled 2.5 days before the start: enters half a day after it; fulfilled a day before: not yet.
    const d = await buyer();
    const dOrder = await placed(d, after(-5 * DAY), { fulfilledAt: after(-2.5 * DAY) });
    await placed(d, after(-4 * DAY), { fulfilledAt: after(-DAY) });
    const risky = await buyer({ atRisk: true });
    // One order 22.5 days before the start: 30 − 7 = 23 days after it the reminder is due; two orders: none.
    const single = await buyer({ ordersCount: 1, firstOrderAt: after(-22.5 * DAY) });
    await buyer({ ordersCount: 2, firstOrderAt: after(-22.5 * DAY) });

    const now = after(DAY);
    await evaluateScenarios({ shop: SHOP, now });
    expect(await entriesOf(ids.first)).toEqual([
      [a, `order:${aFirst}`, after(HOUR).toISOString()],
      [c, `order:${cFirst}`, after(3 * HOUR).toISOString()],
    ]);
    expect(await entriesOf(ids.second)).toEqual([[b, `order:${bSecond}`, after(2 * HOUR).toISOString()]]);
    expect(await entriesOf(ids.fulfilled)).toEqual([[d, `fulfilled:${dOrder}`, after(0.5 * DAY).toISOString()]]);
    expect(await entriesOf(ids.atRisk)).toEqual([[risky, `at-risk:${risky}:${now.toISOString()}`, now.toISOString()]]);
    expect(await entriesOf(ids.f2)).toEqual([[single, `f2:${single}:${after(-22.5 * DAY).toISOString()}`, after(0.5 * DAY).toISOString()]]);
  });
});

describe("a crash in the middle of a step", () => {
  /** An admin client that dies (throws) right after Shopify answered the request matching `when`. */
  function crashingAfter(shop: EmulatedShop, when: (document: string) => boolean): AdminClient {
    const inner = adminFor(shop);
    let crashed = false;
    return {
      shop: inner.shop,
      stats: inner.stats,
      async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
        const result = await inner.request<T>(document, variables);
        if (!crashed && when(document)) {
          crashed = true;
          throw new Error("process killed");
        }
        return result;
      },
    };
  }

  async function dueOfferStep(shop: EmulatedShop, t0: Date) {
    const id = await startScenario(shop, winBack({ steps: [winBack().steps[1]].map((s) => ({ ...s, dayOffset: 0 })) }), t0);
    const who = await customer(shop);
    await moveTo(shop, who, "dormant", new Date(t0.getTime() + HOUR));
    const now = new Date(t0.getTime() + 2 * HOUR);
    shop.setNow(now);
    await evaluateScenarios({ shop: shop.domain, now });
    await fireDueSteps({ shop: shop.domain, admin: adminFor(shop), now, limit: 0 }); // registers the marketing activity only
    return { id, who, now };
  }

  it.each([
    ["after the code was created, before Flow was told", "DiscountCodeBasicCreate"],
    ["after Flow was told, before the step was marked", "FlowTriggerWithWitness"],
  ])("%s: the next run neither fires twice nor loses the step, and creates one code", async (_label, documentName) => {
    const shop = shops.tokyo;
    const t0 = new Date(documentName === "FlowTriggerWithWitness" ? "2027-07-05T00:00:00Z" : "2027-08-02T00:00:00Z");
    const { id, who, now } = await dueOfferStep(shop, t0);
    await expect(
      fireDueSteps({ shop: shop.domain, admin: crashingAfter(shop, (d) => d.includes(`mutation ${documentName}`)), now }),
    ).rejects.toThrow("process killed");
    const summary = await fireDueSteps({ shop: shop.domain, admin: adminFor(shop), now: new Date(now.getTime() + HOUR) });
    const again = await fireDueSteps({ shop: shop.domain, admin: adminFor(shop), now: new Date(now.getTime() + 2 * HOUR) });

    expect(stepCalls(shop, id, who)).toHaveLength(1);
    const code = stepCalls(shop, id, who)[0].payload["offer code"];
    expect(
      emulatedDiscounts(shop)
        .filter((d) => d.customers?.includes(who))
        .map((d) => d.code),
    ).toEqual([code]);
    expect(summary).toMatchObject(documentName === "FlowTriggerWithWitness" ? { fired: 0, recovered: 1 } : { fired: 1, recovered: 0 });
    expect(again).toMatchObject({ fired: 0, recovered: 0 });
    expect(await prisma.stepFire.count({ where: { scenarioId: id, firedAt: null } })).toBe(0);
  });

  it("when Shopify is unreachable after the claim, the step is sent by the next run", async () => {
    const shop = shops.tokyo;
    const { id, who, now } = await dueOfferStep(shop, new Date("2027-09-06T00:00:00Z"));
    emulator.failNextAdminRequests(1, 503);
    await expect(fireDueSteps({ shop: shop.domain, admin: adminFor(shop, 0), now })).rejects.toThrow();
    expect(await prisma.stepFire.count({ where: { scenarioId: id, claimedAt: { not: null }, firedAt: null } })).toBe(1);
    expect(await fireDueSteps({ shop: shop.domain, admin: adminFor(shop), now })).toMatchObject({ fired: 1 });
    expect(stepCalls(shop, id, who)).toHaveLength(1);
  });
});
