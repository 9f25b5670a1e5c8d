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

export interface DetectionInput {
  orders: readonly SubscriptionOrder[];
  /** Customer.productSubscriberStatus by customer id, where read. */
  statusByCustomer?: ReadonlyMap<string, ProductSubscriberStatus>;
  /** Known plan intervals in days, by selling plan id. */
  planIntervalDays?: ReadonlyMap<string, number>;
  /**
   * Intervals settled by an earlier detection of every subscriber, by plan: detecting a few customers
   * again (after their order webhooks) keeps the shop-wide observed interval instead of their own gaps.
   */
  settledIntervals?: ReadonlyMap<string, Pick<DetectedSubscription, "intervalDays" | "intervalSource">>;
  asOf: Date;
  rules?: typeof SUBSCRIPTION_RULES;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function detectSubscriptions({
  orders,
  statusByCustomer,
  planIntervalDays,
  settledIntervals,
  asOf,
  rules = SUBSCRIPTION_RULES,
}: DetectionInput): DetectedSubscription[] {
  const asOfMs = asOf.getTime();
  const sorted = orders
    .filter((o) => !o.cancelled && o.processedAt.getTime() <= asOfMs)
    .map((order) => ({ at: order.processedAt.getTime(), order }))
    // Orders at the same instant by id: the result does not depend on the order the orders came in (a
    // bulk file's, or the stored rows'). Instants read once (half a million orders in a large shop).
    .sort((a, b) => a.at - b.at || (a.order.orderId < b.order.orderId ? -1 : a.order.orderId > b.order.orderId ? 1 : 0))
    .map(({ order }) => order);

  // deliveries per (customer, plan), in time order
  const deliveries = new Map<string, Map<string, number[]>>();
  const latestPlan = new Map<string, string>();
  for (const order of sorted) {
    let plans: readonly string[] = order.sellingPlanIds;
    if (plans.length === 0) {
      const previous = order.sourceName === RENEWAL_SOURCE_NAME ? latestPlan.get(order.customerId) : undefined;
      if (previous === undefined) continue;
      plans = [previous];
    }
    let byPlan = deliveries.get(order.customerId);
    if (!byPlan) deliveries.set(order.customerId, (byPlan = new Map()));
    for (const plan of plans) {
      const times = byPlan.get(plan) ?? [];
      times.push(order.processedAt.getTime());
      byPlan.set(plan, times);
      latestPlan.set(order.customerId, plan);
    }
  }

  const gapsByPlan = new Map<string, number[]>();
  for (const byPlan of deliveries.values()) {
    for (const [plan, times] of byPlan) {
      const gaps = gapsByPlan.get(plan) ?? [];
      for (let i = 1; i < times.length; i++) gaps.push((times[i] - times[i - 1]) / MS_PER_DAY);
      gapsByPlan.set(plan, gaps);
    }
  }
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

  const result: DetectedSubscription[] = [];
  for (const [customerId, byPlan] of deliveries) {
    const status = statusByCustomer?.get(customerId);
    const subscriptions = [...byPlan].map(([sellingPlanId, times]) => {
      const interval = intervalOf(sellingPlanId);
      const graceDays = Math.max(rules.minGraceDays, rules.graceShareOfInterval * interval.intervalDays);
      const last = times[times.length - 1];
      const deadline = last + (interval.intervalDays + graceDays) * MS_PER_DAY;
      return { customerId, sellingPlanId, times, interval, deadline, overdue: asOfMs > deadline };
    });
    const someOnTime = subscriptions.some((s) => !s.overdue);
    for (const s of subscriptions) {
      let state: SubscriptionState = "active";
      let endReason: EndReason | null = null;
      if (status === "CANCELLED" || status === "EXPIRED" || status === "FAILED") {
        state = "ended";
        endReason = status === "CANCELLED" ? "cancelled" : status === "EXPIRED" ? "expired" : "failed";
      } else if (status === "PAUSED") {
        state = "paused";
      } else if (s.overdue && (status !== "ACTIVE" || someOnTime)) {
        state = "ended";
        endReason = "overdue";
      }
      result.push({
        customerId,
        sellingPlanId: s.sellingPlanId,
        startedAt: new Date(s.times[0]),
        lastDeliveryAt: new Date(s.times[s.times.length - 1]),
        deliveries: s.times.length,
        ...s.interval,
        state,
        endReason,
        nextDeliveryDeadline: new Date(s.deadline),
      });
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
