// Emulated subscriptions (定期購入) as every app with read_orders / read_customers sees them
// (docs/shopify.md §9): `LineItem.sellingPlan`, `Order.sourceName` "subscription_contract" on renewal
// orders, and `Customer.productSubscriberStatus`. Contracts are not served: Tsunagu owns none
// (docs/decisions/032).
//
// The seeds hold no subscriptions, so they are DERIVED from the store's orders, deterministically:
//   - a customer's orders (not cancelled, not test) in time order; for each product, the orders that
//     contain it; a *run* is a maximal sequence of those orders whose consecutive gaps all lie within
//     MIN_GAP_DAYS..MAX_GAP_DAYS — a customer re-ordering the same product at a regular interval;
//   - the customer's subscription is their longest run of at least MIN_RUN_DELIVERIES orders (ties: the
//     earlier run, then the lower product row); one subscription per customer, so one status fits;
//   - its plan is chosen by the run's median gap: every 2 weeks (< 21 days), every month (< 45 days),
//     every 2 months; the product's line on each order of the run carries that selling plan;
//   - the run's orders after the first are renewals: sourceName "subscription_contract" (others "web");
//   - productSubscriberStatus at the shop's "now": ACTIVE while the next delivery may still arrive
//     (last delivery + the plan's interval + max(7 days, half the interval) not passed), 8 % of those
//     PAUSED; afterwards FAILED for 20 % (a hash of the customer id), CANCELLED for the rest;
//     NEVER_SUBSCRIBED without a run.
// The plans are named "… [Derived]", so every page that shows them says where they come from.
// The store's orders do not change; only what these three fields say about them.
import type { GraphQLResolveInfo } from "graphql";
import type { ResolverContext } from "./resolvers";
import type { EmulatedShop } from "./store";

type Resolver = (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

const DAY_MS = 86_400_000;

export const DERIVED_SUBSCRIPTION_RULES = {
  minGapDays: 7,
  maxGapDays: 75,
  minRunDeliveries: 2,
  pausedPercent: 8,
  failedPercent: 20,
} as const;

/** The demo's selling plans: numeric id, name as the storefront shows it, interval in days. */
export const DERIVED_SELLING_PLANS = [
  { id: 1, name: "Delivered every 2 weeks [Derived]", intervalDays: 14 },
  { id: 2, name: "Delivered every month [Derived]", intervalDays: 30 },
  { id: 3, name: "Delivered every 2 months [Derived]", intervalDays: 60 },
] as const;

export const RENEWAL_SOURCE_NAME = "subscription_contract";

export type SubscriberStatus = "ACTIVE" | "PAUSED" | "CANCELLED" | "EXPIRED" | "FAILED" | "NEVER_SUBSCRIBED";

/** One customer's derived subscription: its plan (index into DERIVED_SELLING_PLANS) and deliveries. */
export interface DerivedSubscription {
  plan: number;
  /** Line rows on the plan, one per delivery. */
  lines: Set<number>;
  /** Order rows after the first delivery. */
  renewals: Set<number>;
  lastDeliveryAt: number;
  deliveries: number;
}

function hash(id: number, salt: number): number {
  let h = Math.imul((id % 4294967296) ^ salt, 0x9e3779b1) ^ Math.floor(id / 4294967296);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// Derived per customer on demand (an order webhook's payload needs one customer, not the shop), and
// forgotten when the store's orders change.
const cache = new WeakMap<EmulatedShop, { version: string; byCustomer: Map<number, DerivedSubscription | null> }>();

/** The customer row's derived subscription, or null. */
export function derivedSubscriptionOf(shop: EmulatedShop, c: number): DerivedSubscription | null {
  const C = shop.customers;
  const O = shop.orders;
  const version = `${C.insertVersion}:${O.insertVersion}:${O.updateVersion}`;
  let hit = cache.get(shop);
  if (!hit || hit.version !== version) cache.set(shop, (hit = { version, byCustomer: new Map() }));
  let derived = hit.byCustomer.get(c);
  if (derived === undefined) hit.byCustomer.set(c, (derived = derive(shop, c)));
  return derived;
}

/**
 * Every customer's derived subscription at once (the CLI, before it reports ready): Shopify holds
 * subscriptions as data, so the first bulk read of a large store should not pay for deriving them.
 */
export function deriveAllSubscriptions(shop: EmulatedShop): void {
  for (let c = 0; c < shop.customers.length; c++) derivedSubscriptionOf(shop, c);
}

function derive(shop: EmulatedShop, c: number): DerivedSubscription | null {
  const O = shop.orders;
  const rules = DERIVED_SUBSCRIPTION_RULES;
  const orders = shop.customers
    .ordersOf(c)
    .filter((o) => Number.isNaN(O.cancelledAt[o]) && O.test[o] !== 1)
    .sort((a, b) => O.processedAt[a] - O.processedAt[b] || O.id[a] - O.id[b]);
  if (orders.length < rules.minRunDeliveries) return null;
  // product row -> [order row, line row] in time order (the product's first line on each order)
  const byProduct = new Map<number, Array<[number, number]>>();
  for (const o of orders) {
    for (let l = O.lineStart[o]; l < O.lineEnd[o]; l++) {
      const p = shop.lines.product[l];
      const list = byProduct.get(p) ?? [];
      if (list.length === 0 || list[list.length - 1][0] !== o) list.push([o, l]);
      byProduct.set(p, list);
    }
  }
  let best: Array<[number, number]> | null = null;
  for (const [, list] of [...byProduct].sort((a, b) => a[0] - b[0])) {
    let start = 0;
    for (let k = 1; k <= list.length; k++) {
      const gap = k < list.length ? (O.processedAt[list[k][0]] - O.processedAt[list[k - 1][0]]) / DAY_MS : -1;
      if (gap >= rules.minGapDays && gap <= rules.maxGapDays) continue;
      const run = list.slice(start, k);
      const better =
        best === null || run.length > best.length || (run.length === best.length && O.processedAt[run[0][0]] < O.processedAt[best[0][0]]);
      if (run.length >= rules.minRunDeliveries && better) best = run;
      start = k;
    }
  }
  if (!best) return null;
  const run = best;
  const gaps = run.slice(1).map(([o], k) => (O.processedAt[o] - O.processedAt[run[k][0]]) / DAY_MS);
  gaps.sort((a, b) => a - b);
  const median = gaps.length % 2 ? gaps[gaps.length >> 1] : (gaps[gaps.length / 2 - 1] + gaps[gaps.length / 2]) / 2;
  return {
    plan: median < 21 ? 0 : median < 45 ? 1 : 2,
    lines: new Set(run.map(([, l]) => l)),
    renewals: new Set(run.slice(1).map(([o]) => o)),
    lastDeliveryAt: O.processedAt[run[run.length - 1][0]],
    deliveries: run.length,
  };
}

/** The numeric id of the derived selling plan on the line row of order row o, or null (one-off line). */
export function derivedSellingPlanIdOfLine(shop: EmulatedShop, o: number, l: number): number | null {
  const c = shop.orders.customer[o];
  const subscription = c >= 0 ? derivedSubscriptionOf(shop, c) : null;
  return subscription?.lines.has(l) ? DERIVED_SELLING_PLANS[subscription.plan].id : null;
}

/** Whether the order row is a renewal of its customer's derived subscription. */
export function isDerivedRenewal(shop: EmulatedShop, o: number): boolean {
  const c = shop.orders.customer[o];
  return c >= 0 && (derivedSubscriptionOf(shop, c)?.renewals.has(o) ?? false);
}

/** Customer.productSubscriberStatus of a customer row at the shop's "now". */
export function subscriberStatus(shop: EmulatedShop, c: number): SubscriberStatus {
  const subscription = derivedSubscriptionOf(shop, c);
  if (!subscription) return "NEVER_SUBSCRIBED";
  const interval = DERIVED_SELLING_PLANS[subscription.plan].intervalDays;
  const deadline = subscription.lastDeliveryAt + (interval + Math.max(7, interval / 2)) * DAY_MS;
  const id = shop.customers.id[c];
  if (shop.now().getTime() <= deadline) {
    return hash(id, 11) % 100 < DERIVED_SUBSCRIPTION_RULES.pausedPercent ? "PAUSED" : "ACTIVE";
  }
  return hash(id, 12) % 100 < DERIVED_SUBSCRIPTION_RULES.failedPercent ? "FAILED" : "CANCELLED";
}

export function installSubscriptionResolvers(resolvers: Record<string, Record<string, Resolver>>): void {
  resolvers.LineItem.sellingPlan = (s, _a, ctx) => {
    const c = ctx.shop.orders.customer[s.o];
    const subscription = c >= 0 ? derivedSubscriptionOf(ctx.shop, c) : null;
    return subscription?.lines.has(s.l) ? DERIVED_SELLING_PLANS[subscription.plan] : null;
  };
  resolvers.LineItemSellingPlan = {
    name: (s) => s.name,
    sellingPlanId: (s) => `gid://shopify/SellingPlan/${s.id}`,
  };
  resolvers.Order.sourceName = (s, _a, ctx) => (isDerivedRenewal(ctx.shop, s.i) ? RENEWAL_SOURCE_NAME : "web");
  resolvers.Customer.productSubscriberStatus = (s, _a, ctx) => subscriberStatus(ctx.shop, s.i);
}
