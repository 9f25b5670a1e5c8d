// Lifecycle segments (docs/domain.md §2): every customer of a shop is in exactly one stage.
//
// Pure: the clock (`asOf`) and the shop's IANA time zone are arguments.
//
// Definitions (decided here; the tests read like this list):
// - A *qualifying* order: not test, not cancelled, financial status not REFUNDED / VOIDED / EXPIRED (compared
//   case-insensitively), and not fully refunded, where "fully refunded" = status REFUNDED or
//   (totalPrice > 0 and totalRefunded >= totalPrice). A zero-total order (free sample, 100 % discount)
//   qualifies: it is a purchase. Only orders whose customerId equals the history's customerId count
//   (guest orders, customerId null, are ignored), and only orders processed at or before `asOf` (an
//   order "in the future" of asOf did not exist yet).
// - Money is net of refunds: max(0, totalPrice - totalRefunded), summed exactly in 1/10000 units so that
//   equal spends compare equal whatever the order of summation.
// - Days are calendar days in the shop's zone: daysSinceLastOrder = localDay(asOf) - localDay(last order).
// - The spend window: an order counts towards `netSpentInWindow` when it is at most
//   `vipSpendWindowDays` calendar days before asOf (days 0..365 by default), the same "<=" sense as
//   "active = daysSinceLastOrder <= dormantAfterDays".
// - Rules, first match wins: prospect (0 orders); churned (days > churnedAfterDays); dormant
//   (days > dormantAfterDays); vip; regular (>= 2 orders); new (exactly 1 order).
// - An active subscriber (ctx.activeSubscribers, app/domain/subscriptions/detect-subscriptions.ts) is
//   never churned or dormant by an order gap: the next delivery is on its way. Past the dormancy
//   threshold they keep the active stage their orders give, with the reason "active-subscription".
// - VIP (active, >= 2 orders, and netSpentInWindow > 0):
//   * when rules.vipMinSpend is set it REPLACES the percentile: VIP iff netSpentInWindow >= vipMinSpend;
//   * otherwise rank the shop's active repeat buyers by netSpentInWindow desc (then customerId asc, for
//     a deterministic listing), take topCount = ceil(n × vipTopPercent / 100); the cut value is the
//     spend of the topCount-th buyer, and EVERY buyer whose spend equals or exceeds the cut value is VIP
//     (ties at the cut are all included, so two customers with the same spend never get different
//     stages; the VIP group can therefore be slightly larger than topCount). A zero spend in the window
//     is never VIP, even if the cut is 0.
// VIP depends on the whole shop, hence the shop-wide `classifyCustomers`. For one customer at a time
// (webhooks), compute the cut once (`computeVipCut`, plain JSON, storable) and call `classifyLifecycle`
// or `summarizeCustomer` + `classifyCustomer`.

import { zoneCalendar, type ZoneCalendar } from "./calendar";
import { assertValidLifecycleRules, type LifecycleRules } from "./lifecycle-rules";
import type { CustomerHistory, LifecycleStage, OrderFact } from "./types";

export interface ClassificationContext {
  /** "now" for the computation; the instant the segments are valid at. */
  asOf: Date;
  /** The shop's IANA time zone, e.g. "Asia/Tokyo". */
  timeZone: string;
  /** Customers whose subscription is active: order gaps do not make them dormant or churned. */
  activeSubscribers?: ReadonlySet<string>;
}

/** Financial statuses (displayFinancialStatus) whose orders never qualify. */
// EXPIRED: the payment authorization lapsed before it was captured, so no money was ever taken —
// like VOIDED, it is not a purchase.
export const NON_QUALIFYING_FINANCIAL_STATUSES: readonly string[] = ["REFUNDED", "VOIDED", "EXPIRED"];

/** Why a customer is in their stage: short and machine-readable. */
export type LifecycleReason =
  | "no-qualifying-order"
  | "last-order-over-churned-threshold"
  | "last-order-over-dormant-threshold"
  | "spend-in-top-percent"
  | "spend-at-least-min-spend"
  | "repeat-buyer-active"
  | "single-order-active"
  | "active-subscription";

/** What the rules need to know about one customer as of a given instant. */
export interface CustomerSummary {
  customerId: string;
  /** Qualifying orders processed at or before asOf. */
  orders: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  /** Net of refunds, all qualifying orders, shop currency (major units). */
  netSpent: number;
  /** Net of refunds, qualifying orders at most vipSpendWindowDays calendar days before asOf. */
  netSpentInWindow: number;
  /** Calendar days in the shop zone from the last qualifying order to asOf; null without orders. */
  daysSinceLastOrder: number | null;
}

export interface CustomerSegmentation extends CustomerSummary {
  stage: LifecycleStage;
  reason: LifecycleReason;
}

/** The shop-wide part of the VIP rule, computed once per recompute; plain JSON so it can be stored. */
export type VipCut =
  | { rule: "min-spend"; minSpend: number }
  | {
      rule: "top-percent";
      topPercent: number;
      /** active repeat buyers (the population ranked) */
      population: number;
      /** ceil(population × topPercent / 100) */
      topCount: number;
      /** spend of the topCount-th buyer; null when there is no active repeat buyer */
      cutSpend: number | null;
      /** buyers at or above the cut with a positive spend (>= topCount when there are ties at the cut) */
      vipCount: number;
    };

// ---------------------------------------------------------------------------------------------------
// Orders

const UNITS = 10_000;
const toUnits = (amount: number): number => Math.round(amount * UNITS);
const fromUnits = (units: number): number => units / UNITS;

function checkAmount(order: OrderFact, field: "totalPrice" | "totalRefunded"): number {
  const value = order[field];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`Order ${order.id}: ${field} must be a finite number, got ${String(value)}.`);
  }
  return value;
}

// statuses seen so far -> "never qualifies"; a handful of distinct strings, so the memo stays tiny
const statusMemo = new Map<string, boolean>();
function isNonQualifyingStatus(status: string | null): boolean {
  if (status === null) return false;
  let excluded = statusMemo.get(status);
  if (excluded === undefined) {
    excluded = NON_QUALIFYING_FINANCIAL_STATUSES.includes(status.toUpperCase());
    if (statusMemo.size < 1000) statusMemo.set(status, excluded);
  }
  return excluded;
}

/** Net units of a qualifying order, or -1 when the order does not qualify. The one hot-path check. */
function qualifyingNetUnits(order: OrderFact): number {
  if (order.test || order.cancelled || isNonQualifyingStatus(order.financialStatus)) return -1;
  const price = toUnits(checkAmount(order, "totalPrice"));
  const refunded = order.totalRefunded === 0 ? 0 : toUnits(checkAmount(order, "totalRefunded"));
  if (price > 0 && refunded >= price) return -1; // fully refunded
  const net = price - refunded;
  return net > 0 ? net : 0;
}

/** Not test, not cancelled, not voided, not fully refunded (see the header for the exact rule). */
export function isQualifyingOrder(order: OrderFact): boolean {
  return qualifyingNetUnits(order) >= 0;
}

/** max(0, totalPrice - totalRefunded), exact to 1/10000 of a currency unit (whether or not it qualifies). */
export function netAmount(order: OrderFact): number {
  const net = toUnits(checkAmount(order, "totalPrice")) - toUnits(checkAmount(order, "totalRefunded"));
  return fromUnits(net > 0 ? net : 0);
}

// ---------------------------------------------------------------------------------------------------
// Summaries

interface Prepared {
  calendar: ZoneCalendar;
  asOfMs: number;
  asOfDay: number;
  /** first instant counted in the spend window */
  windowStartMs: number;
}

function prepare(rules: Pick<LifecycleRules, "vipSpendWindowDays">, ctx: ClassificationContext): Prepared {
  if (!(ctx.asOf instanceof Date) || Number.isNaN(ctx.asOf.getTime())) {
    throw new RangeError("asOf must be a valid Date.");
  }
  const calendar = zoneCalendar(ctx.timeZone);
  const asOfMs = ctx.asOf.getTime();
  const asOfDay = calendar.localDay(asOfMs);
  // localDay(t) >= asOfDay - window  <=>  t >= start of that local day (localDay is monotonic)
  const windowStartMs = calendar.startOfLocalDay(asOfDay - rules.vipSpendWindowDays);
  return { calendar, asOfMs, asOfDay, windowStartMs };
}

// Builds a CustomerSegmentation-shaped object (stage/reason placeholders) so classifyShop can fill in
// the stage in place: one allocation per customer instead of two, which matters at 250k customers.
function summarizePrepared(history: CustomerHistory, p: Prepared): CustomerSegmentation {
  const customerId = history.customerId;
  let orders = 0;
  let first: Date | null = null;
  let last: Date | null = null;
  let firstMs = Infinity;
  let lastMs = -Infinity;
  let spentUnits = 0;
  let windowUnits = 0;
  for (const order of history.orders) {
    if (order.customerId !== customerId) continue; // guest orders (null) and strays
    const ms = order.processedAt.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`Order ${order.id}: processedAt is not a valid date.`);
    if (ms > p.asOfMs) continue;
    const units = qualifyingNetUnits(order);
    if (units < 0) continue;
    orders += 1;
    spentUnits += units;
    if (ms >= p.windowStartMs) windowUnits += units;
    if (ms < firstMs) {
      firstMs = ms;
      first = order.processedAt;
    }
    if (ms > lastMs) {
      lastMs = ms;
      last = order.processedAt;
    }
  }
  return {
    customerId,
    orders,
    firstOrderAt: first,
    lastOrderAt: last,
    netSpent: fromUnits(spentUnits),
    netSpentInWindow: fromUnits(windowUnits),
    daysSinceLastOrder: last === null ? null : p.asOfDay - p.calendar.localDay(lastMs),
    stage: "prospect",
    reason: "no-qualifying-order",
  };
}

function toSummary(s: CustomerSegmentation): CustomerSummary {
  return {
    customerId: s.customerId,
    orders: s.orders,
    firstOrderAt: s.firstOrderAt,
    lastOrderAt: s.lastOrderAt,
    netSpent: s.netSpent,
    netSpentInWindow: s.netSpentInWindow,
    daysSinceLastOrder: s.daysSinceLastOrder,
  };
}

/** One customer's qualifying orders, spend and recency as of ctx.asOf. */
export function summarizeCustomer(
  history: CustomerHistory,
  rules: Pick<LifecycleRules, "vipSpendWindowDays">,
  ctx: ClassificationContext,
): CustomerSummary {
  return toSummary(summarizePrepared(history, prepare(rules, ctx)));
}

/** Summaries of many customers with the calendar work done once. Duplicate customerIds throw. */
export function summarizeCustomers(
  histories: Iterable<CustomerHistory>,
  rules: Pick<LifecycleRules, "vipSpendWindowDays">,
  ctx: ClassificationContext,
): CustomerSummary[] {
  const p = prepare(rules, ctx);
  const summaries: CustomerSummary[] = [];
  for (const history of histories) summaries.push(toSummary(summarizePrepared(history, p)));
  assertUniqueCustomers(summaries);
  return summaries;
}

function assertUniqueCustomers(summaries: readonly CustomerSummary[], known?: Map<string, unknown>): void {
  const ids = known ?? new Set(summaries.map((s) => s.customerId));
  if (ids.size === summaries.length) return;
  const seen = new Set<string>();
  for (const s of summaries) {
    if (seen.has(s.customerId)) {
      throw new Error(`Customer ${s.customerId} appears twice; merge their orders into one history.`);
    }
    seen.add(s.customerId);
  }
}

// ---------------------------------------------------------------------------------------------------
// Classification

function isActiveRepeatBuyer(summary: CustomerSummary, rules: LifecycleRules): boolean {
  return summary.orders >= 2 && summary.daysSinceLastOrder !== null && summary.daysSinceLastOrder <= rules.dormantAfterDays;
}

/** The shop-wide VIP threshold (see the header for the tie rule). `rules` must be valid. */
export function computeVipCut(summaries: Iterable<CustomerSummary>, rules: LifecycleRules): VipCut {
  if (rules.vipMinSpend !== null) return { rule: "min-spend", minSpend: rules.vipMinSpend };
  const spends: number[] = [];
  for (const summary of summaries) {
    if (isActiveRepeatBuyer(summary, rules)) spends.push(summary.netSpentInWindow);
  }
  const population = spends.length;
  if (population === 0) {
    return { rule: "top-percent", topPercent: rules.vipTopPercent, population: 0, topCount: 0, cutSpend: null, vipCount: 0 };
  }
  const sorted = Float64Array.from(spends).sort(); // ascending, numeric
  // - 1e-9 guards ceil against float noise such as 3000 × 0.1 / 100 = 3.0000000000000004
  const topCount = Math.min(population, Math.max(1, Math.ceil((population * rules.vipTopPercent) / 100 - 1e-9)));
  const cutSpend = sorted[population - topCount]!;
  let vipCount = 0;
  for (let i = population - 1; i >= 0 && sorted[i]! >= cutSpend && sorted[i]! > 0; i--) vipCount += 1;
  return { rule: "top-percent", topPercent: rules.vipTopPercent, population, topCount, cutSpend, vipCount };
}

function stageAndReason(
  summary: CustomerSummary,
  rules: LifecycleRules,
  vipCut: VipCut,
  activeSubscriber: boolean,
): [LifecycleStage, LifecycleReason] {
  const days = summary.daysSinceLastOrder;
  if (summary.orders === 0 || days === null) return ["prospect", "no-qualifying-order"];
  const pastDormancy = days > rules.dormantAfterDays;
  if (pastDormancy && !activeSubscriber) {
    return days > rules.churnedAfterDays
      ? ["churned", "last-order-over-churned-threshold"]
      : ["dormant", "last-order-over-dormant-threshold"];
  }
  if (summary.orders >= 2) {
    const vip = vipReason(summary, vipCut);
    if (vip !== null) return ["vip", vip];
    return ["regular", pastDormancy ? "active-subscription" : "repeat-buyer-active"];
  }
  return ["new", pastDormancy ? "active-subscription" : "single-order-active"];
}

function vipReason(summary: CustomerSummary, vipCut: VipCut): LifecycleReason | null {
  const spend = summary.netSpentInWindow;
  if (!(spend > 0)) return null;
  if (vipCut.rule === "min-spend") {
    return toUnits(spend) >= toUnits(vipCut.minSpend) ? "spend-at-least-min-spend" : null;
  }
  return vipCut.cutSpend !== null && spend >= vipCut.cutSpend ? "spend-in-top-percent" : null;
}

/**
 * The stage of one summarised customer, given the shop's VIP cut. Cheap (no calendar work): use it
 * to reclassify a single customer after a webhook. `rules` must be valid (see validateLifecycleRules).
 */
export function classifyCustomer(
  summary: CustomerSummary,
  rules: LifecycleRules,
  vipCut: VipCut,
  activeSubscriber = false,
): CustomerSegmentation {
  const [stage, reason] = stageAndReason(summary, rules, vipCut, activeSubscriber);
  return { ...toSummary(summary as CustomerSegmentation), stage, reason };
}

/** One customer from their history with a precomputed shop VIP cut (webhook path). Validates rules. */
export function classifyLifecycle(
  history: CustomerHistory,
  rules: LifecycleRules,
  vipCut: VipCut,
  ctx: ClassificationContext,
): CustomerSegmentation {
  const valid = assertValidLifecycleRules(rules);
  const activeSubscriber = ctx.activeSubscribers?.has(history.customerId) ?? false;
  return classifyCustomer(summarizeCustomer(history, valid, ctx), valid, vipCut, activeSubscriber);
}

export interface ShopClassification {
  segmentations: Map<string, CustomerSegmentation>;
  vipCut: VipCut;
}

/** Every customer of a shop, with the VIP cut that was used (store it for one-customer recomputes). */
export function classifyShop(histories: Iterable<CustomerHistory>, rules: LifecycleRules, ctx: ClassificationContext): ShopClassification {
  const valid = assertValidLifecycleRules(rules);
  const p = prepare(valid, ctx);
  const all: CustomerSegmentation[] = [];
  for (const history of histories) all.push(summarizePrepared(history, p));
  const vipCut = computeVipCut(all, valid);
  const segmentations = new Map<string, CustomerSegmentation>();
  for (const s of all) {
    const [stage, reason] = stageAndReason(s, valid, vipCut, ctx.activeSubscribers?.has(s.customerId) ?? false);
    s.stage = stage;
    s.reason = reason;
    segmentations.set(s.customerId, s);
  }
  assertUniqueCustomers(all, segmentations);
  return { segmentations, vipCut };
}

/** Every customer of a shop -> their segmentation, keyed by customerId. */
export function classifyCustomers(
  histories: Iterable<CustomerHistory>,
  rules: LifecycleRules,
  ctx: ClassificationContext,
): Map<string, CustomerSegmentation> {
  return classifyShop(histories, rules, ctx).segmentations;
}
