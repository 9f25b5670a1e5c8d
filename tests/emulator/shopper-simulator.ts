// SIMULATED shoppers who answer scenario steps, so the whole loop (entry → Flow trigger → order →
// measured uplift) runs in tests, benches and the demo. Not real behaviour: every order it places is a
// draw from the rates below, and everything it produces is labelled simulated by its callers.
//
// Each customer of the population orders at a constant daily hazard that gives `baseRate` within
// `windowDays` (the holdout's conversion). From the first "Scenario step due" trigger Flow received for
// them, for `windowDays`, the hazard gives `baseRate + uplift` within the window: the configured true
// uplift over the holdout (who never receive a trigger); after that window, the base rate again. A treated order uses the customer's last offer code with
// probability `redeemShare` (through the emulator's discount rules: a rejected code is not used) and
// lands with the scenario's link parameters with probability `clickShare` (attributed by UTM). Every
// order it places carries the order tag SIMULATED_ORDER_TAG and one line "Simulated order".
import { createRandom, type Random } from "../../app/domain/clv/simulate";
import { flowTriggerCalls } from "./resolvers-flow-segments";
import { discountForOrder, DiscountRejected, recordOrderVisit, recordRedemption } from "./resolvers-discounts-marketing";
import type { EmulatedShop } from "./store";

const DAY_MS = 86_400_000;
const STEP_DUE_HANDLE = "scenario-step-due";
/** The order tag of every order the simulator places. */
export const SIMULATED_ORDER_TAG = "tsunagu-simulated";

export interface ShopperSimulatorOptions {
  /** Customer GIDs who behave this way (the customers a scenario can reach). */
  population: readonly string[];
  /** Share of the population who order within windowDays without any message (the holdout's rate). */
  baseRate: number;
  /** True conversion uplift, in rate units, of a customer who received the scenario's steps. */
  uplift: number;
  windowDays: number;
  /** Order values: log-normal with this median (shop currency) and σ of the log. */
  medianOrderValue: number;
  orderValueLogSd: number;
  redeemShare: number;
  clickShare: number;
  seed: number;
}

export interface SimulatedOrder {
  orderId: string;
  customerId: string;
  processedAt: Date;
  /** The order's updatedAt in the shop (what its orders/create webhook carries). */
  updatedAt: Date;
  treated: boolean;
  totalCents: number;
  discountCents: number;
  code: string | null;
}

interface Treatment {
  since: number;
  offerCode: string | null;
  linkParameters: string | null;
}

function dailyHazard(rate: number, windowDays: number): number {
  return 1 - Math.pow(1 - Math.min(Math.max(rate, 0), 0.999_999), 1 / windowDays);
}

function standardNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(random.uniform())) * Math.cos(2 * Math.PI * random.uniform());
}

function utmOf(linkParameters: string | null) {
  if (!linkParameters) return null;
  const params = new URLSearchParams(linkParameters);
  const [campaign, medium, source] = ["utm_campaign", "utm_medium", "utm_source"].map((k) => params.get(k));
  return campaign && medium && source ? { campaign, medium, source } : null;
}

export interface ShopperSimulator {
  /** Simulate whole days from `from` (inclusive) to `to` (exclusive); returns the orders placed. */
  advance(from: Date, to: Date): SimulatedOrder[];
  readonly orders: readonly SimulatedOrder[];
}

export function createShopperSimulator(shop: EmulatedShop, options: ShopperSimulatorOptions): ShopperSimulator {
  const random = createRandom(options.seed);
  const baseHazard = dailyHazard(options.baseRate, options.windowDays);
  const treatedHazard = dailyHazard(options.baseRate + options.uplift, options.windowDays);
  const treatments = new Map<string, Treatment>();
  let callsRead = 0;
  let nextOrderId = 0;
  const orders: SimulatedOrder[] = [];

  function readTriggers(until: number) {
    const calls = flowTriggerCalls(shop);
    for (; callsRead < calls.length && calls[callsRead].at.getTime() < until; callsRead++) {
      const call = calls[callsRead];
      if (call.handle !== STEP_DUE_HANDLE) continue;
      const customerId = `gid://shopify/Customer/${call.payload.customer_id}`;
      const previous = treatments.get(customerId);
      const offerCode = (call.payload["offer code"] as string) || previous?.offerCode || null;
      treatments.set(customerId, {
        since: previous?.since ?? call.at.getTime(),
        offerCode,
        linkParameters: (call.payload["link parameters"] as string) || null,
      });
    }
  }

  function placeOrder(customerId: string, at: Date, treatment: Treatment | undefined): SimulatedOrder {
    if (nextOrderId === 0) for (let j = 0; j < shop.orders.length; j++) nextOrderId = Math.max(nextOrderId, shop.orders.id[j]);
    const orderNumber = ++nextOrderId;
    const orderId = `gid://shopify/Order/${orderNumber}`;
    const subtotalCents = Math.max(
      100,
      Math.round(options.medianOrderValue * Math.exp(options.orderValueLogSd * standardNormal(random)) * 100),
    );
    let discountCents = 0;
    let code: string | null = null;
    if (treatment?.offerCode && random.uniform() < options.redeemShare) {
      try {
        discountCents = discountForOrder(shop, { code: treatment.offerCode, customerId, subtotalCents, at });
        code = treatment.offerCode;
      } catch (error) {
        if (!(error instanceof DiscountRejected)) throw error;
      }
    }
    const totalCents = subtotalCents - discountCents;
    shop.addOrder({
      id: orderNumber,
      customerId,
      processedAt: at,
      tags: [SIMULATED_ORDER_TAG],
      lineItems: [{ title: "Simulated order", sku: "SIMULATED", quantity: 1, unitPrice: (totalCents / 100).toFixed(2) }],
    });
    if (code) recordRedemption(shop, { code, customerId, orderId, at, discountCents });
    const clicked = treatment && random.uniform() < options.clickShare;
    recordOrderVisit(shop, orderId, { utm: clicked ? utmOf(treatment.linkParameters) : null, occurredAt: at.getTime() });
    const updatedAt = new Date(shop.orders.updatedAt[shop.orderIndex(orderId)]);
    const order = { orderId, customerId, processedAt: at, updatedAt, treated: Boolean(treatment), totalCents, discountCents, code };
    orders.push(order);
    return order;
  }

  return {
    orders,
    advance(from, to) {
      const placed: SimulatedOrder[] = [];
      for (let day = from.getTime(); day < to.getTime(); day += DAY_MS) {
        readTriggers(day);
        for (const customerId of options.population) {
          const treatment = treatments.get(customerId);
          const treated = treatment && treatment.since < day && day < treatment.since + options.windowDays * DAY_MS;
          if (random.uniform() >= (treated ? treatedHazard : baseHazard)) continue;
          // A moment of the day, drawn from the seeded generator (the run is deterministic).
          const at = new Date(day + Math.floor(random.uniform() * (DAY_MS - 1)));
          placed.push(placeOrder(customerId, at, treated ? treatment : undefined));
        }
      }
      return placed;
    },
  };
}
