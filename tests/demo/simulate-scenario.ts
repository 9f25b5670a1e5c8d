// SIMULATED weeks of one scenario on the demo store, so its results page shows what the loop measures:
// the scenario, started as a merchant starts it, is run by the real jobs on a simulated clock over the
// store's real customers who enter during the weeks before "now" — entries and the holdout
// (evaluateScenarios), steps through the Flow trigger with their offer codes (fireDueSteps), codes
// redeemed (recordRedemptions) — while the emulator's shopper simulator answers the treated entrants
// with orders at a configured true uplift. Nothing else is made up: the holdout's conversion is the
// store's own (its real later orders), and the figures are what the results page computes.
//
// Labelled simulated everywhere: the scenario is marked simulated (the scenario tick never runs it, its
// results page says "[Simulated]"), and every order the simulator places carries the order tag
// SIMULATED_ORDER_TAG and one line "Simulated order". Seeded: the same store, scenario and seed give the
// same entries, steps, codes, orders and results. Run once per scenario: a scenario already simulated
// through `now` is left as it is.
import prisma from "../../app/db.server";
import { MS_PER_DAY } from "../../app/domain/calendar";
import { defaultSegmentScenario } from "../../app/domain/scenarios/defaults";
import type { ScenarioDefinition } from "../../app/domain/scenarios/definition";
import type { ScenarioResults } from "../../app/domain/scenarios/results";
import { evaluateScenarios } from "../../app/jobs/scenario-evaluate.server";
import { fireDueSteps, recordRedemptions } from "../../app/jobs/scenario-fire-steps.server";
import { upsertOrders } from "../../app/models/order.server";
import { loadScenarioResults } from "../../app/models/scenario-results.server";
import {
  createScenario,
  loadScenario,
  loadScenarioOutcomes,
  setScenarioStatus,
  updateScenarioDefinition,
} from "../../app/models/scenario.server";
import type { AdminClient } from "../../app/shopify/admin-client.server";
import { createShopperSimulator, SIMULATED_ORDER_TAG, type SimulatedOrder } from "../emulator/shopper-simulator";
import { orderGid, type EmulatedShop } from "../emulator/store";

export interface ScenarioSimulationOptions {
  /** The emulated shop (the simulator places its orders there; its clock follows the simulation). */
  store: EmulatedShop;
  /** The app's client of the shop's Admin API (the jobs' calls go through it, paced). */
  admin: AdminClient;
  scenarioId: number;
  /** The app's "now": the simulated weeks end here and the results are read as of it. */
  now: Date;
  weeks: number;
  /**
   * The shoppers' response: the chance that a treated entrant places an order, within the scenario's
   * conversion window, that they would not have placed otherwise (rate units).
   */
  uplift: number;
  seed: number;
  /** Share of the simulated orders that use the entrant's latest offer code (when it is valid). */
  redeemShare?: number;
}

export interface ScenarioSimulation {
  scenarioId: number;
  from: string;
  through: string;
  ticks: number;
  entrants: number;
  treated: number;
  heldOut: number;
  stepsFired: number;
  codesCreated: number;
  codesRedeemed: number;
  simulatedOrders: number;
  /**
   * The true conversion uplift of this run: treated entrants who converted only through a simulated
   * order, over all treated entrants (their counterfactual, the store's real orders, is known here).
   */
  trueConversionUplift: number;
  results: ScenarioResults;
}

const HOUR_MS = 3_600_000;

/**
 * The scenario the demo runs, for its bottleneck (first order → second order): the first-time
 * customers' default as a merchant edits it in the editor before starting it — half the entrants held
 * out, so a store of a few thousand first orders measures it, and the day-21 step an offer (10 % off,
 * a code of the customer's own, 14 days).
 */
export function demoScenarioDefinition(): ScenarioDefinition {
  const definition = defaultSegmentScenario("new");
  return {
    ...definition,
    holdoutShare: 0.5,
    steps: definition.steps.map((step, index) =>
      index === 2
        ? { ...step, content: "offer", offer: { kind: "unique-code", value: { type: "percentage", percent: 10 }, expiryDays: 14 } }
        : step,
    ),
  };
}

/** Creates the demo's scenario as the editor does (a draft from the default, then the edited definition saved). */
export async function createDemoScenario(shop: string): Promise<number> {
  const { id } = await createScenario(shop, defaultSegmentScenario("new"));
  await updateScenarioDefinition(shop, id, demoScenarioDefinition());
  return id;
}

/** The simulated orders of the shop (those the shopper simulator placed, by their order tag). */
export function simulatedOrderIds(store: EmulatedShop): Set<string> {
  const ids = new Set<string>();
  const O = store.orders;
  for (let j = 0; j < O.length; j++) if (O.tags[j]?.includes(SIMULATED_ORDER_TAG)) ids.add(orderGid(O.id[j]));
  return ids;
}

/** The median total of the shop's orders in the year before `now` (the simulated orders' typical value). */
function medianOrderValue(store: EmulatedShop, now: Date): number {
  const O = store.orders;
  const totals: number[] = [];
  for (let j = 0; j < O.length; j++) {
    if (O.processedAt[j] > now.getTime() - 365 * MS_PER_DAY && O.processedAt[j] <= now.getTime() && O.totalCents[j] > 0)
      totals.push(O.totalCents[j]);
  }
  totals.sort((a, b) => a - b);
  return totals.length ? totals[Math.floor(totals.length / 2)] / 100 : 50;
}

/** The orders the simulator placed, as the app stores them (what its orders/create webhook writes). */
async function storeOrders(shop: string, orders: readonly SimulatedOrder[]): Promise<void> {
  if (orders.length === 0) return;
  await upsertOrders(
    shop,
    orders.map((o) => ({
      id: o.orderId,
      customerId: o.customerId,
      processedAt: o.processedAt,
      shopifyUpdatedAt: o.updatedAt,
      totalPrice: o.totalCents / 100,
      totalRefunded: 0,
      cancelled: false,
      test: false,
      financialStatus: "PAID",
      fulfilledAt: null,
    })),
  );
}

export async function simulateScenario(options: ScenarioSimulationOptions): Promise<ScenarioSimulation> {
  const { store, admin, scenarioId, now, weeks, uplift, seed } = options;
  const shop = store.domain;
  const stored = await loadScenario(shop, scenarioId);
  if (!stored) throw new Error(`No scenario ${scenarioId} in ${shop}`);
  const definition = stored.definition as ScenarioDefinition;
  const start = new Date(now.getTime() - weeks * 7 * MS_PER_DAY);
  let ticks = 0;
  const alreadyRun = stored.simulated && stored.evaluatedThrough !== null && stored.evaluatedThrough.getTime() >= now.getTime();
  if (!alreadyRun) {
    // Started `weeks` before now, as the merchant starts it, and from then on only the simulation runs it.
    await prisma.scenario.update({ where: { id: scenarioId }, data: { simulated: true } });
    if (stored.status === "active") await setScenarioStatus(shop, scenarioId, "paused", start);
    await setScenarioStatus(shop, scenarioId, "active", start);

    const population = (
      await prisma.customer.findMany({
        where: { shop, firstOrderAt: { gt: start, lte: now } },
        select: { id: true },
        orderBy: { id: "asc" },
      })
    ).map((c) => c.id);
    const simulator = createShopperSimulator(store, {
      population,
      // The holdout's conversion is the store's own: its customers' real later orders.
      baseRate: 0,
      uplift,
      windowDays: definition.conversionWindowDays,
      medianOrderValue: medianOrderValue(store, now),
      orderValueLogSd: 0.8,
      redeemShare: options.redeemShare ?? 0.6,
      clickShare: 0.5,
      seed,
    });
    // One tick a day at the hour "now" falls on (steps are due at 09:00 shop time; the demo's now is
    // 09:00 in London): the day's orders reach the app first, then the scenario tick runs.
    for (let t = start.getTime() + MS_PER_DAY; t <= now.getTime(); t += MS_PER_DAY) {
      const tick = new Date(t);
      store.setNow(tick);
      await storeOrders(shop, simulator.advance(new Date(t - MS_PER_DAY), tick));
      await evaluateScenarios({ shop, now: tick, simulated: true });
      await fireDueSteps({ shop, admin, now: tick, simulated: true });
      await recordRedemptions({ shop, admin, now: tick });
      ticks += 1;
    }
    // Shop time flows on from the app's now again (plus the moment the simulation took).
    store.setNow(new Date(now.getTime() + HOUR_MS / 60));
  }
  return summarize(options, start, ticks);
}

async function summarize({ store, scenarioId, now }: ScenarioSimulationOptions, start: Date, ticks: number): Promise<ScenarioSimulation> {
  const shop = store.domain;
  const loaded = await loadScenarioResults(shop, scenarioId, now);
  if (!loaded) throw new Error(`Scenario ${scenarioId} of ${shop} has no valid definition`);
  const windowMs = loaded.scenario.definition!.conversionWindowDays * MS_PER_DAY;
  const outcomes = await loadScenarioOutcomes(shop, scenarioId, loaded.scenario.definition!.conversionWindowDays, now);
  const treated = outcomes.filter((o) => !o.holdout);
  // Each treated entrant's counterfactual: did a real (not simulated) order convert them anyway?
  const simulated = simulatedOrderIds(store);
  const realOrderTimes = new Map<string, number[]>();
  const orders = await prisma.order.findMany({
    where: { shop, customerId: { not: null }, test: false, cancelled: false, processedAt: { gt: start, lte: now } },
    select: { id: true, customerId: true, processedAt: true },
  });
  for (const order of orders) {
    if (simulated.has(order.id)) continue;
    realOrderTimes.set(order.customerId!, [...(realOrderTimes.get(order.customerId!) ?? []), order.processedAt.getTime()]);
  }
  const convertedAnyway = (entry: (typeof treated)[number]) =>
    (realOrderTimes.get(entry.customerId) ?? []).some((at) => at > entry.enteredAt.getTime() && at - entry.enteredAt.getTime() <= windowMs);
  const addedConversions = treated.filter((o) => o.converted && !convertedAnyway(o)).length;
  const count = (where: object) => prisma.stepFire.count({ where: { shop, scenarioId, ...where } });
  return {
    scenarioId,
    from: start.toISOString(),
    through: now.toISOString(),
    ticks,
    entrants: outcomes.length,
    treated: treated.length,
    heldOut: outcomes.length - treated.length,
    stepsFired: await count({ firedAt: { not: null } }),
    codesCreated: await count({ discountCode: { not: null } }),
    codesRedeemed: await count({ redeemedOrderId: { not: null } }),
    simulatedOrders: simulated.size,
    trueConversionUplift: treated.length ? addedConversions / treated.length : 0,
    results: loaded.results,
  };
}
