// The demo's simulated scenario weeks: the first-time customers' scenario, started as a merchant starts
// it, run by the real jobs on a simulated clock over a store's real first orders, the shopper
// simulator answering the treated entrants — against the emulator and a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { createRandom } from "../../app/domain/clv/simulate";
import { loadScenario } from "../../app/models/scenario.server";
import { registerShop } from "../../app/models/shop.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { registerApp } from "../emulator/app-config";
import { emulatedDiscounts } from "../emulator/resolvers-discounts-marketing";
import { flowTriggerCalls } from "../emulator/resolvers-flow-segments";
import { startEmulator, type Emulator } from "../emulator/server";
import { SIMULATED_ORDER_TAG } from "../emulator/shopper-simulator";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { SHOPIFY_PLANS } from "../emulator/plans";
import { TEST_APP } from "../helpers/test-app";
import { createDemoScenario, simulateScenario, simulatedOrderIds, type ScenarioSimulation } from "./simulate-scenario";

const NOW = new Date("2026-10-01T08:00:00Z"); // 09:00 in London
const DAY = 86_400_000;
const CUSTOMERS = 700;
const WEEKS = 16;
const UPLIFT = 0.3;

let emulator: Emulator;
let store: EmulatedShop;
let scenarioId: number;
let firstRun: ScenarioSimulation;
let entering: number;

/** A store whose customers placed a first order in the last 20 weeks, and about a third a second one. */
async function seedStore(): Promise<void> {
  const random = createRandom(17);
  const shop = store.domain;
  for (let i = 0; i < CUSTOMERS; i++) {
    const firstAt = new Date(NOW.getTime() - Math.floor(random.uniform() * 140 * DAY) - 3_600_000);
    const customerId = store.addCustomer({ createdAt: firstAt.toISOString() });
    const orders = [firstAt];
    const secondAt = new Date(firstAt.getTime() + (5 + Math.floor(random.uniform() * 50)) * DAY);
    if (random.uniform() < 0.35 && secondAt < NOW) orders.push(secondAt);
    for (const at of orders) {
      const id = store.addOrder({ customerId, processedAt: at, lineItems: [{ title: "Tea", quantity: 1, unitPrice: 4000 }] });
      await prisma.order.create({ data: { shop, id, customerId, processedAt: at, shopifyUpdatedAt: at, totalPrice: 4000 } });
    }
    await prisma.customer.create({
      data: {
        shop,
        id: customerId,
        shopifyCreatedAt: firstAt,
        shopifyUpdatedAt: firstAt,
        stage: orders.length > 1 ? "regular" : "new",
        ordersCount: orders.length,
        firstOrderAt: firstAt,
        lastOrderAt: orders.at(-1),
      },
    });
    if (firstAt.getTime() > NOW.getTime() - WEEKS * 7 * DAY) entering += 1;
  }
}

beforeAll(async () => {
  entering = 0;
  store = createEmptyShop({
    domain: "simulated-weeks.myshopify.com",
    ianaTimezone: "Europe/London",
    currencyCode: "GBP",
    now: NOW,
    plan: SHOPIFY_PLANS.plus,
  });
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  await registerShop(store.domain);
  await prisma.shop.update({ where: { shop: store.domain }, data: { ianaTimezone: "Europe/London", currencyCode: "GBP" } });
  await seedStore();
  scenarioId = await createDemoScenario(store.domain);
  firstRun = await simulateScenario({
    store,
    admin: createAdminClient({ shop: store.domain, accessToken: store.accessToken }),
    scenarioId,
    now: NOW,
    weeks: WEEKS,
    uplift: UPLIFT,
    seed: 3,
  });
}, 240_000);

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  await emulator?.close();
});

describe("simulated weeks of the first-time customers' scenario", () => {
  it("enters every customer whose first order fell in the weeks, about half of them into the holdout", () => {
    expect(firstRun.ticks).toBe(WEEKS * 7);
    expect(firstRun.entrants).toBe(entering);
    expect(firstRun.treated + firstRun.heldOut).toBe(entering);
    expect(firstRun.heldOut / firstRun.entrants).toBeGreaterThan(0.4);
    expect(firstRun.heldOut / firstRun.entrants).toBeLessThan(0.6);
  });

  it("fires the steps through the Flow trigger, with a code of the customer's own on the offer step, some redeemed", () => {
    const calls = flowTriggerCalls(store).filter((c) => c.handle === "scenario-step-due");
    expect(calls).toHaveLength(firstRun.stepsFired);
    const offers = calls.filter((c) => c.payload["content kind"] === "offer");
    expect(offers.length).toBe(firstRun.codesCreated);
    expect(offers.every((c) => /^TSU-[A-Z2-9]{10}$/.test(String(c.payload["offer code"])))).toBe(true);
    expect(emulatedDiscounts(store)).toHaveLength(firstRun.codesCreated);
    expect(firstRun.codesRedeemed).toBeGreaterThan(0);
    expect(firstRun.results.treated.discountCost).toBeGreaterThan(0);
    expect(firstRun.results.holdout.discountCost).toBe(0);
  });

  it("measures a positive uplift whose 95 % interval holds the true uplift of the run", () => {
    const uplift = firstRun.results.uplift!;
    expect(firstRun.trueConversionUplift).toBeGreaterThan(0.1);
    expect(uplift.conversionUplift).toBeGreaterThan(0);
    expect(uplift.conversionCi[0]).toBeGreaterThan(0);
    expect(uplift.conversionCi[0]).toBeLessThanOrEqual(firstRun.trueConversionUplift);
    expect(uplift.conversionCi[1]).toBeGreaterThanOrEqual(firstRun.trueConversionUplift);
    expect(uplift.incrementalRevenue).toBeGreaterThan(0);
  });

  it("labels what it made: the scenario is simulated, every order it placed carries the tag and one simulated line", async () => {
    expect((await loadScenario(store.domain, scenarioId))!.simulated).toBe(true);
    const ids = simulatedOrderIds(store);
    expect(ids.size).toBe(firstRun.simulatedOrders);
    expect(ids.size).toBeGreaterThan(0);
    for (const id of ids) {
      const order = store.getOrder(id)!;
      expect(store.orders.tags[store.orderIndex(id)]).toEqual([SIMULATED_ORDER_TAG]);
      expect(order.lineItems.map((l) => l.title)).toEqual(["Simulated order"]);
    }
    // Only entrants who received the steps were answered; the holdout's orders are all real.
    const holdout = new Set(
      (await prisma.scenarioEntry.findMany({ where: { scenarioId, holdout: true }, select: { customerId: true } })).map(
        (e) => e.customerId,
      ),
    );
    expect([...ids].every((id) => !holdout.has(store.getOrder(id)!.customerId!))).toBe(true);
  });

  it("leaves a scenario already simulated through now as it is", async () => {
    const calls = flowTriggerCalls(store).length;
    const again = await simulateScenario({
      store,
      admin: createAdminClient({ shop: store.domain, accessToken: store.accessToken }),
      scenarioId,
      now: NOW,
      weeks: WEEKS,
      uplift: UPLIFT,
      seed: 3,
    });
    expect(again.ticks).toBe(0);
    expect({ ...again, ticks: WEEKS * 7 }).toEqual(firstRun);
    expect(flowTriggerCalls(store)).toHaveLength(calls);
  });
});
