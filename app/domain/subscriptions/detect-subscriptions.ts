// Who subscribes, from what any app with read_orders / read_customers sees (Tsunagu owns no
// subscription contracts): the selling plan on order lines, renewal orders' source name, and the
// customer's productSubscriberStatus. A subscription here is one customer on one selling plan.
//
// Rules:
// - A delivery is an order (not cancelled) with a line on the plan. A renewal order created by a
//   subscription app (source name "subscription_contract") without a plan on its lines counts for the
//   plan of the customer's latest delivery before it; with no earlier delivery it is ignored.
// - The plan's interval is the known one when given (a contract's billing policy), otherwise the
//   median gap between consecutive deliveries of all its subscribers (at least 3 gaps), otherwise 30 days.
// - Ended: when the customer's status is CANCELLED, EXPIRED or FAILED; or when the next delivery is
//   overdue — none by the last delivery + interval + grace, grace = max(7 days, half the interval).
//   A PAUSED customer is paused, never ended by a gap; an ACTIVE customer's subscription is not ended
//   by a gap unless another of their plans is on time (the status is then that plan's).

import { MS_PER_DAY } from "../calendar";
import { groupByCustomer } from "../group-by";

export type ProductSubscriberStatus = "ACTIVE" | "PAUSED" | "CANCELLED" | "EXPIRED" | "FAILED" | "NEVER_SUBSCRIBED";

export const RENEWAL_SOURCE_NAME = "subscription_contract";

export const SUBSCRIPTION_RULES = {
  defaultIntervalDays: 30,
  minGapsForObservedInterval: 3,
  graceShareOfInterval: 0.5,
  minGraceDays: 7,
} as const;

export interface SubscriptionOrder {
  orderId: string;
  customerId: string;
  processedAt: Date;
  /** Distinct LineItem.sellingPlan.sellingPlanId values on the order's lines. */
  sellingPlanIds: readonly string[];
  sourceName: string | null;
  cancelled: boolean;
}

export type SubscriptionState = "active" | "paused" | "ended";
export type EndReason = "cancelled" | "expired" | "failed" | "overdue";

export interface DetectedSubscription {
  customerId: string;
  sellingPlanId: string;
  startedAt: Date;
  lastDeliveryAt: Date;
  deliveries: number;
  intervalDays: number;
  intervalSource: "plan" | "observed" | "default";
  state: SubscriptionState;
  endReason: EndReason | null;
  /** The last moment the next delivery may arrive before the subscription counts as lapsed. */
  nextDeliveryDeadline: Date;
}

/**
 * What a subscription's deliveries say of it, whatever instant it is then seen as of: a detection's
 * result without its state. Detection is two parts — these histories from the orders, then the states
 * as of an instant (subscriptionsAsOf) — so that a full read keeps these, not its half a million
 * orders, until the sync detects as of its own instant (docs/decisions/056).
 */
export type SubscriptionHistory = Omit<DetectedSubscription, "state" | "endReason">;

export interface HistoriesInput {
  /** Each customer's orders, one customer at a time (a full read's are unpacked so, and dropped). */
  ordersByCustomer: Iterable<readonly SubscriptionOrder[]>;
  /** Orders processed after this instant are not counted: when the orders were read, or an earlier asOf. */
  through: Date;
  /** Known plan intervals in days, by selling plan id. */
  planIntervalDays?: ReadonlyMap<string, number>;
  /**
   * Intervals settled by an earlier detection of every subscriber, by plan: detecting a few customers
   * again (after their order webhooks) keeps the shop-wide observed interval instead of their own gaps.
   */
  settledIntervals?: ReadonlyMap<string, Pick<DetectedSubscription, "intervalDays" | "intervalSource">>;
  rules?: typeof SUBSCRIPTION_RULES;
}

export interface StatesInput {
  /** As subscriptionHistories returns them: each customer's subscriptions next to each other. */
  histories: readonly SubscriptionHistory[];
  /** Customer.productSubscriberStatus by customer id, where read. */
  statusByCustomer?: ReadonlyMap<string, ProductSubscriberStatus>;
  /** No earlier than the histories' `through` (their deliveries would be counted before they came). */
  asOf: Date;
}

export type DetectionInput = Omit<HistoriesInput, "through" | "ordersByCustomer"> &
  Omit<StatesInput, "histories"> & { orders: readonly SubscriptionOrder[] };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Detection in one go, as of `asOf` with the orders processed until then: the two parts below. */
export function detectSubscriptions({ orders, statusByCustomer, asOf, ...intervalsAndRules }: DetectionInput): DetectedSubscription[] {
  const histories = subscriptionHistories({ ...intervalsAndRules, ordersByCustomer: groupByCustomer(orders).values(), through: asOf });
  return subscriptionsAsOf({ histories, statusByCustomer, asOf });
}

interface Deliveries {
  first: number;
  last: number;
  count: number;
}

interface Dated {
  at: number;
  order: SubscriptionOrder;
}

/**
 * Orders at the same instant by id: the result does not depend on the order the orders came in (a bulk
 * file's, or the stored rows'). Instants read once (half a million orders in a large shop).
 */
const byInstantThenId = (a: Dated, b: Dated) =>
  a.at - b.at || (a.order.orderId < b.order.orderId ? -1 : a.order.orderId > b.order.orderId ? 1 : 0);

/**
 * Each (customer, plan)'s deliveries, its plan's interval and the deadline of its next delivery; by
 * customer in the order of their first delivery (instant, then order id), a customer's plans in the
 * order of theirs. Everything but the plans' observed intervals is a customer's own, so a customer's
 * orders are gone through, and can be let go, before the next customer's.
 */
export function subscriptionHistories({
  ordersByCustomer,
  through,
  planIntervalDays,
  settledIntervals,
  rules = SUBSCRIPTION_RULES,
}: HistoriesInput): SubscriptionHistory[] {
  const throughMs = through.getTime();
  const subscribers: { first: Dated; byPlan: Map<string, Deliveries> }[] = [];
  const gapsByPlan = new Map<string, number[]>();
  for (const orders of ordersByCustomer) {
    const sorted = orders
      .filter((o) => !o.cancelled && o.processedAt.getTime() <= throughMs)
      .map((order) => ({ at: order.processedAt.getTime(), order }))
      .sort(byInstantThenId);
    const byPlan = new Map<string, Deliveries>();
    let first: Dated | undefined;
    let latestPlan: string | undefined;
    for (const dated of sorted) {
      const { at, order } = dated;
      let plans: readonly string[] = order.sellingPlanIds;
      if (plans.length === 0) {
        if (order.sourceName !== RENEWAL_SOURCE_NAME || latestPlan === undefined) continue;
        plans = [latestPlan];
      }
      first ??= dated;
      for (const plan of plans) {
        const deliveries = byPlan.get(plan);
        if (deliveries) {
          let gaps = gapsByPlan.get(plan);
          if (!gaps) gapsByPlan.set(plan, (gaps = []));
          gaps.push((at - deliveries.last) / MS_PER_DAY);
          deliveries.last = at;
          deliveries.count++;
        } else {
          byPlan.set(plan, { first: at, last: at, count: 1 });
        }
        latestPlan = plan;
      }
    }
    if (first) subscribers.push({ first, byPlan });
  }
  subscribers.sort((a, b) => byInstantThenId(a.first, b.first));

  // Once per plan: every subscriber of the plan shares it.
  const intervals = new Map<string, Pick<DetectedSubscription, "intervalDays" | "intervalSource">>(settledIntervals ?? []);
  const intervalOf = (plan: string): Pick<DetectedSubscription, "intervalDays" | "intervalSource"> => {
    let interval = intervals.get(plan);
    if (interval) return interval;
    const known = planIntervalDays?.get(plan);
    const gaps = gapsByPlan.get(plan) ?? [];
    if (known !== undefined && known > 0) interval = { intervalDays: known, intervalSource: "plan" };
    else if (gaps.length >= rules.minGapsForObservedInterval) interval = { intervalDays: median(gaps), intervalSource: "observed" };
    else interval = { intervalDays: rules.defaultIntervalDays, intervalSource: "default" };
    intervals.set(plan, interval);
    return interval;
  };

  const histories: SubscriptionHistory[] = [];
  for (const { first, byPlan } of subscribers) {
    for (const [sellingPlanId, { first: started, last, count }] of byPlan) {
      const interval = intervalOf(sellingPlanId);
      const graceDays = Math.max(rules.minGraceDays, rules.graceShareOfInterval * interval.intervalDays);
      histories.push({
        customerId: first.order.customerId,
        sellingPlanId,
        startedAt: new Date(started),
        lastDeliveryAt: new Date(last),
        deliveries: count,
        ...interval,
        nextDeliveryDeadline: new Date(last + (interval.intervalDays + graceDays) * MS_PER_DAY),
      });
    }
  }
  return histories;
}

/** The subscriptions as of `asOf`: each history with its state from the customer's status and the deadlines. */
export function subscriptionsAsOf({ histories, statusByCustomer, asOf }: StatesInput): DetectedSubscription[] {
  const asOfMs = asOf.getTime();
  // A deadline's fraction of a millisecond, dropped by its Date, never decides: asOf is whole milliseconds.
  const overdue = (s: SubscriptionHistory) => asOfMs > s.nextDeliveryDeadline.getTime();
  const result: DetectedSubscription[] = [];
  for (let from = 0, to = 0; from < histories.length; from = to) {
    const { customerId } = histories[from];
    while (to < histories.length && histories[to].customerId === customerId) to++;
    const status = statusByCustomer?.get(customerId);
    const subscriptions = histories.slice(from, to);
    const someOnTime = subscriptions.some((s) => !overdue(s));
    for (const s of subscriptions) {
      let state: SubscriptionState = "active";
      let endReason: EndReason | null = null;
      if (status === "CANCELLED" || status === "EXPIRED" || status === "FAILED") {
        state = "ended";
        endReason = status === "CANCELLED" ? "cancelled" : status === "EXPIRED" ? "expired" : "failed";
      } else if (status === "PAUSED") {
        state = "paused";
      } else if (overdue(s) && (status !== "ACTIVE" || someOnTime)) {
        state = "ended";
        endReason = "overdue";
      }
      result.push({ ...s, state, endReason });
    }
  }
  return result;
}

export interface SubscriptionTransition {
  customerId: string;
  sellingPlanId: string;
  /** null: the subscription is new to us. */
  fromState: SubscriptionState | null;
  toState: SubscriptionState;
  /** Why it ended (the customer's status, or overdue), or "paused"; null when it became active. */
  reason: EndReason | "paused" | null;
  deliveries: number;
}

/**
 * What changed between two detections of the same customers: a subscription whose state or end reason
 * differs, or that is new. Subscriptions no longer detected (their orders left the plan) change nothing.
 */
export function subscriptionTransitions(
  previous: readonly DetectedSubscription[],
  next: readonly DetectedSubscription[],
): SubscriptionTransition[] {
  const key = (s: DetectedSubscription) => `${s.customerId}\u001f${s.sellingPlanId}`;
  const before = new Map(previous.map((s) => [key(s), s]));
  const transitions: SubscriptionTransition[] = [];
  for (const s of next) {
    const held = before.get(key(s));
    if (held && held.state === s.state && held.endReason === s.endReason) continue;
    transitions.push({
      customerId: s.customerId,
      sellingPlanId: s.sellingPlanId,
      fromState: held?.state ?? null,
      toState: s.state,
      reason: s.state === "paused" ? "paused" : s.endReason,
      deliveries: s.deliveries,
    });
  }
  return transitions;
}
