// The subscriptions page's figures (定期購入のレポート), computed once per detection and stored: retention by
// delivery per start-month cohort and per selling plan with an sBG fit each, the KPIs Japanese D2C
// shops run on, and the monthly report (月次レポート). Pure: asOf and the shop's zone are arguments.
//
// Definitions (the page shows each one):
// - F2転換率 (N days): of the customers whose first qualifying order is at least N days before asOf, the
//   share with a second qualifying order within N days of the first.
// - 定期継続率 by delivery k: the share of all subscribers reaching delivery k (retention-by-delivery.ts,
//   Kaplan–Meier over the subscribers still active).
// - 引上率 (N days): of the customers whose first qualifying order was a one-off (before any
//   subscription of theirs started) and is at least N days before asOf, the share who started a
//   subscription within N days of that first order.
// - 休眠率: dormant customers ÷ customers with an order who are not churned (new, regular, VIP, dormant),
//   by the lifecycle stages, in which active subscribers are never dormant.
// - 1-year LTV per acquisition cohort (month of the first qualifying order): realised = net spend within
//   365 days of each customer's first order, per customer; complete once every customer of the month has
//   had 365 days. Predicted = realised + the rest of each customer's year: active subscribers by the sBG
//   fit of all subscribers (expected further deliveries × their mean delivery value), everyone else by
//   the purchase model's 12-month value (predictedClv12m) pro rata.
// - Monthly report: per month in the shop's zone, subscriptions started, ended (an ended subscription
//   ends when its next delivery was due: last delivery + interval), active at the month's end, 解約率
//   (ended ÷ active at the month's start), deliveries and their net revenue, first-time buyers and 引上
//   (subscriptions started by customers whose first order was a one-off, within 90 days of it).
// - Discounted expected value: DERL (shifted-beta-geometric.ts) of each active subscriber at the stated
//   annual discount rate, converted to the plan's delivery interval, × the row's mean delivery value.

import { formatEpochDay, localDay, MS_PER_DAY, startOfLocalDay, type Instant } from "../calendar";
import { groupBy } from "../group-by";
import { isQualifyingOrder, netAmount } from "../lifecycle";
import type { CustomerHistory, LifecycleStage, OrderFact } from "../types";
import type { DetectedSubscription, SubscriptionOrder } from "./detect-subscriptions";
import { retentionByDelivery, type RetentionRow } from "./retention-by-delivery";
import {
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  observedSurvival,
  periodsBeforeFirstObserved,
  projectSurvival,
  survival,
  type SbgParams,
} from "./shifted-beta-geometric";

export const SUBSCRIPTION_REPORT_RULES = {
  annualDiscountRate: 0.1,
  projectedDeliveries: 6,
  f2Days: [30, 90, 365],
  upgradeDays: [30, 90],
  monthlyUpgradeDays: 90,
  months: 12,
  ltvCohorts: 12,
  continuationDeliveries: 12,
  /** Deliveries a stored row keeps (reach, step retention, walls, fitted): what the page shows. */
  deliveriesShown: 12,
} as const;

export interface SbgFitSummary {
  ok: boolean;
  failure: string | null;
  alpha: number | null;
  beta: number | null;
  logLikelihood: number | null;
  standardErrors: { alpha: number; beta: number } | null;
  subscribers: number;
  cancellations: number;
  evaluations: number | null;
  gradientMax: number | null;
  /** The delivery the row's subscribers were first observed at (1 unless the row is left-truncated). */
  firstObservedDelivery: number | null;
  /** The fit's share of the row reaching delivery k, next to the observed reach, k = 1… */
  fitted: number[];
  /** Projected share of the row's subscribers reaching the next deliveries: the last reach by the model's rates. */
  projected: number[];
  /** The delivery number of projected[0]: one after the last delivery anyone in the row reached (may lie past the table). */
  projectedFromDelivery: number | null;
  /** Mean expected further deliveries of the row's active subscribers (undiscounted); null when infinite. */
  expectedRemainingDeliveries: number | null;
  /** Σ over active subscribers of the discounted expected further deliveries × mean delivery value. */
  discountedExpectedValue: number | null;
  meanDeliveryValue: number;
  periodDiscountRate: number;
}

export interface RetentionTableRow extends Omit<RetentionRow, "lifetimes"> {
  fit: SbgFitSummary;
}

export interface SubscriptionReport {
  asOf: string;
  timeZone: string;
  annualDiscountRate: number;
  planNames: Record<string, string>;
  totals: { subscribers: number; active: number; paused: number; ended: number; endReasons: Record<string, number> };
  byCohort: RetentionTableRow[];
  byPlan: RetentionTableRow[];
  kpis: {
    f2: { days: number; eligible: number; converted: number; rate: number | null }[];
    /** Reach of delivery k over every subscriber; null where nobody was observed yet (see continuationFrom). */
    continuation: { delivery: number; reach: number | null; atRisk: number }[];
    /** The first delivery anyone was observed at: 2 when first orders show no plan, as for derived subscriptions. */
    continuationFrom: number;
    upgrade: { days: number; eligible: number; upgraded: number; rate: number | null }[];
    dormancy: { dormant: number; base: number; rate: number | null };
    ltv: { cohort: string; customers: number; realised: number; complete: boolean; predicted: number }[];
  };
  monthly: MonthlyRow[];
}

/**
 * The report as stored for the pages (the subscriptions page, the monthly report and its CSV): all of
 * it but the rows' at-risk counts, step retention and fitted curve, which no page shows — a third of a
 * large shop's report, and the page's loader sends the stored text as it is.
 */
export interface StoredRetentionRow extends Omit<RetentionTableRow, "atRisk" | "stepRetention" | "fit"> {
  fit: Omit<SbgFitSummary, "fitted">;
}

export interface StoredSubscriptionReport extends Omit<SubscriptionReport, "byCohort" | "byPlan"> {
  byCohort: StoredRetentionRow[];
  byPlan: StoredRetentionRow[];
}

export function storedSubscriptionReport(report: SubscriptionReport): StoredSubscriptionReport {
  const stored = ({ atRisk, stepRetention, fit: { fitted, ...fit }, ...row }: RetentionTableRow): StoredRetentionRow => ({ ...row, fit });
  return { ...report, byCohort: report.byCohort.map(stored), byPlan: report.byPlan.map(stored) };
}

export interface MonthlyRow {
  month: string;
  started: number;
  ended: number;
  activeAtEnd: number;
  churnRate: number | null;
  deliveries: number;
  revenue: number;
  firstTimeBuyers: number;
  upgrades: number;
}

export interface SubscriptionReportInput {
  asOf: Date;
  timeZone: string;
  subscriptions: readonly DetectedSubscription[];
  subscriptionOrders: readonly SubscriptionOrder[];
  histories: readonly CustomerHistory[];
  stages: ReadonlyMap<LifecycleStage, number>;
  /** The purchase model's 12-month value by customer, where fitted. */
  predictedClv12m?: ReadonlyMap<string, number>;
  planNames?: Record<string, string>;
  annualDiscountRate?: number;
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * "YYYY-MM" of an instant in the shop's zone, each local day formatted once: the report takes the month
 * of every subscription order (half a million on a large shop).
 */
function monthFormatter(timeZone: string): (instant: Instant) => string {
  const months = new Map<number, string>();
  return (instant) => {
    const day = localDay(instant, timeZone);
    let month = months.get(day);
    if (month === undefined) months.set(day, (month = formatEpochDay(day).slice(0, 7)));
    return month;
  };
}

interface CustomerFacts {
  /** Qualifying orders' times, ascending. */
  times: number[];
  /** Net amount of each qualifying order, same order. */
  nets: number[];
}

function customerFacts(histories: readonly CustomerHistory[], asOfMs: number): Map<string, CustomerFacts> {
  const facts = new Map<string, CustomerFacts>();
  const byTime = (a: OrderFact, b: OrderFact) => a.processedAt.getTime() - b.processedAt.getTime();
  for (const h of histories) {
    const orders: OrderFact[] = [];
    for (const o of h.orders)
      if (o.customerId === h.customerId && o.processedAt.getTime() <= asOfMs && isQualifyingOrder(o)) orders.push(o);
    if (orders.length === 0) continue;
    // Histories hold orders in id order, nearly always their time order too: sorted only when not.
    for (let i = 1; i < orders.length; i++) {
      if (orders[i].processedAt.getTime() < orders[i - 1].processedAt.getTime()) {
        orders.sort(byTime);
        break;
      }
    }
    facts.set(h.customerId, { times: orders.map((o) => o.processedAt.getTime()), nets: orders.map(netAmount) });
  }
  return facts;
}

/**
 * The net value of each delivery, in the subscription orders' order: its order's net when the order
 * qualifies and is not cancelled, null otherwise. Each is looked up in its customer's own history,
 * from just after that customer's previous delivery (both lists are held in id order, so the search
 * rarely takes more than one step); an order held under another customer is looked up in every history.
 */
function deliveryNets(histories: readonly CustomerHistory[], subscriptionOrders: readonly SubscriptionOrder[]): (number | null)[] {
  const held = new Map<string, { orders: readonly OrderFact[]; next: number }>();
  for (const h of histories) held.set(h.customerId, { orders: h.orders, next: 0 });
  let everyOrder: Map<string, OrderFact> | null = null;
  const netOf = (order: OrderFact | undefined) => (order && isQualifyingOrder(order) ? netAmount(order) : null);
  return subscriptionOrders.map((delivery) => {
    if (delivery.cancelled) return null;
    const own = held.get(delivery.customerId);
    if (own) {
      const { orders } = own;
      for (let step = 0; step < orders.length; step++) {
        const i = (own.next + step) % orders.length;
        if (orders[i].id === delivery.orderId) {
          own.next = i + 1;
          return netOf(orders[i]);
        }
      }
    }
    everyOrder ??= new Map(histories.flatMap((h) => h.orders.map((o) => [o.id, o])));
    return netOf(everyOrder.get(delivery.orderId));
  });
}

export function buildSubscriptionReport(input: SubscriptionReportInput): SubscriptionReport {
  const rules = SUBSCRIPTION_REPORT_RULES;
  const { asOf, timeZone, subscriptions } = input;
  const asOfMs = asOf.getTime();
  const annualDiscountRate = input.annualDiscountRate ?? rules.annualDiscountRate;
  const facts = customerFacts(input.histories, asOfMs);

  const nets = deliveryNets(input.histories, input.subscriptionOrders);
  const revenueByCustomer = new Map<string, number>();
  input.subscriptionOrders.forEach((o, i) => {
    const net = nets[i];
    if (net !== null) revenueByCustomer.set(o.customerId, (revenueByCustomer.get(o.customerId) ?? 0) + net);
  });

  const summarize = (row: RetentionRow, members: readonly DetectedSubscription[]): RetentionTableRow => {
    const { lifetimes, ...all } = row;
    const shown = rules.deliveriesShown;
    const rest = {
      ...all,
      atRisk: all.atRisk.slice(0, shown),
      reach: all.reach.slice(0, shown),
      stepRetention: all.stepRetention.slice(0, shown),
      walls: all.walls.filter((k) => k < shown),
    };
    const deliveries = members.reduce((sum, m) => sum + m.deliveries, 0);
    const customers = new Set(members.map((m) => m.customerId));
    const revenue = [...customers].reduce((sum, c) => sum + (revenueByCustomer.get(c) ?? 0), 0);
    const meanDeliveryValue = deliveries > 0 ? revenue / deliveries : 0;
    const intervalDays = median(members.map((m) => m.intervalDays));
    const periodDiscountRate = Math.pow(1 + annualDiscountRate, intervalDays / 365) - 1;
    const fit = fitShiftedBetaGeometric(lifetimes);
    const base: SbgFitSummary = {
      ok: fit.ok,
      failure: fit.ok ? null : fit.reason,
      alpha: null,
      beta: null,
      logLikelihood: null,
      standardErrors: null,
      subscribers: members.length,
      cancellations: members.filter((m) => m.state === "ended").length,
      evaluations: null,
      gradientMax: null,
      firstObservedDelivery: null,
      fitted: [],
      projected: [],
      projectedFromDelivery: null,
      expectedRemainingDeliveries: null,
      discountedExpectedValue: null,
      meanDeliveryValue,
      periodDiscountRate,
    };
    if (!fit.ok) return { ...rest, fit: base };
    const { params, truncatedPeriods } = fit;
    // A subscriber's delivery n is the model's period n − k (k: deliveries before anyone was observed).
    const modelDeliveries = (deliveries: number) => Math.max(1, deliveries - truncatedPeriods);
    const active = members.filter((m) => m.state !== "ended");
    const remaining = active.map((m) => discountedExpectedResidualLifetime(params, modelDeliveries(m.deliveries + 1), 0));
    // Once per number of deliveries made: the series converges slowly at a plan's small period rate.
    const discountedByDeliveries = new Map<number, number>();
    const discountedOf = (deliveriesMade: number) => {
      let value = discountedByDeliveries.get(deliveriesMade);
      if (value === undefined) {
        value = discountedExpectedResidualLifetime(params, deliveriesMade, periodDiscountRate);
        discountedByDeliveries.set(deliveriesMade, value);
      }
      return value;
    };
    const discounted = active.reduce((sum, m) => sum + discountedOf(modelDeliveries(m.deliveries + 1)), 0);
    const finite = remaining.every(Number.isFinite);
    return {
      ...rest,
      fit: {
        ...base,
        alpha: params.alpha,
        beta: params.beta,
        logLikelihood: fit.logLikelihood,
        standardErrors: fit.standardErrors,
        evaluations: fit.diagnostics.evaluations,
        gradientMax: fit.diagnostics.gradientMax,
        firstObservedDelivery: truncatedPeriods + 1,
        fitted: rest.reach.map((_, t) => observedSurvival(params, truncatedPeriods, t)),
        projected: projectFromLastReach(
          params,
          Math.max(0, row.reach.length - 1 - truncatedPeriods),
          row.reach.at(-1) ?? 1,
          rules.projectedDeliveries,
        ),
        projectedFromDelivery: row.reach.length + 1,
        expectedRemainingDeliveries: !finite ? null : active.length ? remaining.reduce((a, b) => a + b, 0) / active.length : 0,
        discountedExpectedValue: discounted * meanDeliveryValue,
      },
    };
  };
  const monthOf = monthFormatter(timeZone);
  const cohortOf = new Map(subscriptions.map((s) => [s, monthOf(s.startedAt)]));
  const table = (options: { byPlan: boolean; byCohort: boolean }) => {
    const members = groupBy(subscriptions, (s) => `${options.byCohort ? cohortOf.get(s) : ""}|${options.byPlan ? s.sellingPlanId : ""}`);
    return retentionByDelivery(subscriptions, { timeZone, ...options }).map((row) =>
      summarize(row, members.get(`${row.cohort ?? ""}|${row.sellingPlanId ?? ""}`) ?? []),
    );
  };
  const byCohort = table({ byPlan: false, byCohort: true });
  const byPlan = table({ byPlan: true, byCohort: false });
  const overallRows = retentionByDelivery(subscriptions, { timeZone, byPlan: false, byCohort: false });
  const overall = overallRows[0];
  const overallFit = overall ? fitShiftedBetaGeometric(overall.lifetimes) : null;

  // KPIs
  const firstStart = new Map<string, number>();
  for (const s of subscriptions) {
    const t = s.startedAt.getTime();
    firstStart.set(s.customerId, Math.min(t, firstStart.get(s.customerId) ?? Infinity));
  }
  const f2 = rules.f2Days.map((days) => {
    let eligible = 0;
    let converted = 0;
    for (const f of facts.values()) {
      if (f.times[0] > asOfMs - days * MS_PER_DAY) continue;
      eligible++;
      if (f.times.length > 1 && f.times[1] - f.times[0] <= days * MS_PER_DAY) converted++;
    }
    return { days, eligible, converted, rate: rate(converted, eligible) };
  });
  // 引上率 for every N in one pass: a customer whose first order was a one-off counts for N once that
  // order is N days old, upgraded when their first subscription started within N days of it.
  const upgradeCounts = rules.upgradeDays.map(() => ({ eligible: 0, upgraded: 0 }));
  for (const [customerId, f] of facts) {
    const start = firstStart.get(customerId);
    if (start !== undefined && start <= f.times[0]) continue; // started as a subscriber: not a one-off first order
    const gap = start === undefined ? Infinity : start - f.times[0];
    rules.upgradeDays.forEach((days, i) => {
      if (f.times[0] > asOfMs - days * MS_PER_DAY) return;
      upgradeCounts[i].eligible++;
      if (gap <= days * MS_PER_DAY) upgradeCounts[i].upgraded++;
    });
  }
  const upgrade = rules.upgradeDays.map((days, i) => {
    const { eligible, upgraded } = upgradeCounts[i];
    return { days, eligible, upgraded, rate: rate(upgraded, eligible) };
  });
  const stage = (s: LifecycleStage) => input.stages.get(s) ?? 0;
  const dormancyBase = stage("new") + stage("regular") + stage("vip") + stage("dormant");
  const continuationFrom = overall ? periodsBeforeFirstObserved(overall.lifetimes) + 1 : 1;
  // Before the first observed delivery every step reads 100 % only because nobody could be seen leaving.
  const continuation = overall
    ? overall.reach.slice(0, rules.continuationDeliveries).map((reach, k) => ({
        delivery: k + 1,
        reach: k > 0 && k + 1 <= continuationFrom ? null : reach,
        atRisk: overall.atRisk[k],
      }))
    : [];

  // 1-year LTV per acquisition month
  const activeByCustomer = new Map<string, DetectedSubscription>();
  for (const s of subscriptions) if (s.state === "active") activeByCustomer.set(s.customerId, s);
  const meanDeliveryValueAll = (() => {
    const deliveries = subscriptions.reduce((sum, s) => sum + s.deliveries, 0);
    const revenue = [...revenueByCustomer.values()].reduce((a, b) => a + b, 0);
    return deliveries > 0 ? revenue / deliveries : 0;
  })();
  const yearMs = 365 * MS_PER_DAY;
  const survivalByPeriod = new Map<number, number>();
  const overallSurvival = (t: number) => {
    let value = survivalByPeriod.get(t);
    if (value === undefined && overallFit?.ok)
      survivalByPeriod.set(t, (value = observedSurvival(overallFit.params, overallFit.truncatedPeriods, t)));
    return value!;
  };
  const cohorts = new Map<string, { customers: number; realised: number; predicted: number; lastFirst: number }>();
  for (const [customerId, f] of facts) {
    const month = monthOf(f.times[0]);
    const c = cohorts.get(month) ?? { customers: 0, realised: 0, predicted: 0, lastFirst: 0 };
    const yearEnd = f.times[0] + yearMs;
    let realised = 0;
    for (let i = 0; i < f.times.length && f.times[i] <= yearEnd; i++) realised += f.nets[i];
    let future = 0;
    const left = yearEnd - asOfMs;
    if (left > 0) {
      const subscription = activeByCustomer.get(customerId);
      if (subscription && overallFit?.ok) {
        const n = subscription.deliveries;
        const due = Math.floor((yearEnd - subscription.lastDeliveryAt.getTime()) / (subscription.intervalDays * MS_PER_DAY));
        for (let k = 1; k <= due; k++) future += overallSurvival(n + k - 1) / overallSurvival(n - 1);
        future *= meanDeliveryValueAll;
      } else {
        future = ((input.predictedClv12m?.get(customerId) ?? 0) * left) / yearMs;
      }
    }
    c.customers++;
    c.realised += realised;
    c.predicted += realised + future;
    c.lastFirst = Math.max(c.lastFirst, f.times[0]);
    cohorts.set(month, c);
  }
  const ltv = [...cohorts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .slice(-rules.ltvCohorts)
    .map(([cohort, c]) => ({
      cohort,
      customers: c.customers,
      realised: c.realised / c.customers,
      complete: c.lastFirst + yearMs <= asOfMs,
      predicted: c.predicted / c.customers,
    }));

  return {
    asOf: asOf.toISOString(),
    timeZone,
    annualDiscountRate,
    planNames: input.planNames ?? {},
    totals: {
      subscribers: subscriptions.length,
      active: subscriptions.filter((s) => s.state === "active").length,
      paused: subscriptions.filter((s) => s.state === "paused").length,
      ended: subscriptions.filter((s) => s.state === "ended").length,
      endReasons: subscriptions.reduce<Record<string, number>>((acc, s) => {
        if (s.endReason) acc[s.endReason] = (acc[s.endReason] ?? 0) + 1;
        return acc;
      }, {}),
    },
    byCohort,
    byPlan,
    kpis: {
      f2,
      continuation,
      continuationFrom,
      upgrade,
      dormancy: { dormant: stage("dormant"), base: dormancyBase, rate: rate(stage("dormant"), dormancyBase) },
      ltv,
    },
    monthly: monthlyReport(input, facts, nets, firstStart),
  };
}

function monthlyReport(
  input: SubscriptionReportInput,
  facts: ReadonlyMap<string, CustomerFacts>,
  deliveryNets: readonly (number | null)[],
  firstStart: ReadonlyMap<string, number>,
): MonthlyRow[] {
  const { asOf, timeZone, subscriptions } = input;
  const monthOf = monthFormatter(timeZone);
  const months: string[] = [];
  let [year, month] = monthOf(asOf).split("-").map(Number);
  for (let i = 0; i < SUBSCRIPTION_REPORT_RULES.months; i++) {
    months.unshift(`${year}-${String(month).padStart(2, "0")}`);
    if (--month === 0) [year, month] = [year - 1, 12];
  }
  const rows = new Map(
    months.map((m) => [
      m,
      {
        month: m,
        started: 0,
        ended: 0,
        activeAtEnd: 0,
        churnRate: null as number | null,
        deliveries: 0,
        revenue: 0,
        firstTimeBuyers: 0,
        upgrades: 0,
      },
    ]),
  );
  // Start and end months once per subscription (an ended one ends when its next delivery was due).
  const spans = subscriptions.map((s) => ({
    start: monthOf(s.startedAt),
    end: s.state === "ended" ? monthOf(s.lastDeliveryAt.getTime() + s.intervalDays * MS_PER_DAY) : null,
  }));
  for (const span of spans) {
    const started = rows.get(span.start);
    if (started) started.started++;
    const ended = span.end === null ? undefined : rows.get(span.end);
    if (ended) ended.ended++;
  }
  const firstMonthStart = startOfLocalDay(`${months[0]}-01`, timeZone).getTime();
  input.subscriptionOrders.forEach((o, i) => {
    const net = deliveryNets[i];
    if (net === null || o.processedAt.getTime() < firstMonthStart) return;
    const row = rows.get(monthOf(o.processedAt));
    if (!row) return;
    row.deliveries++;
    row.revenue += net;
  });
  for (const [customerId, f] of facts) {
    const row = rows.get(monthOf(f.times[0]));
    if (row) row.firstTimeBuyers++;
    const start = firstStart.get(customerId);
    if (start !== undefined && start > f.times[0] && start - f.times[0] <= SUBSCRIPTION_REPORT_RULES.monthlyUpgradeDays * MS_PER_DAY) {
      const upgradeRow = rows.get(monthOf(start));
      if (upgradeRow) upgradeRow.upgrades++;
    }
  }
  // Active at a month's end: started by then and not ended by then.
  let previousActive: number | null = null;
  for (const m of months) {
    const row = rows.get(m)!;
    row.activeAtEnd = spans.filter((span) => span.start <= m && (span.end === null || span.end > m)).length;
    row.churnRate = previousActive === null ? null : rate(row.ended, previousActive);
    previousActive = row.activeAtEnd;
  }
  return months.map((m) => rows.get(m)!);
}

/**
 * The reach of the deliveries after the last one observed: the table's last reach carried forward by the
 * model's retention rates, reach(L) · S(L + j)/S(L). A thin tail of the table and the fitted curve may part
 * by a few points; the projection continues what the merchant reads in the table, not the fitted curve.
 */
function projectFromLastReach(params: SbgParams, lastPeriod: number, lastReach: number, periods: number): number[] {
  const atLast = survival(params, lastPeriod);
  return projectSurvival(params, lastPeriod, periods).map((s) => (lastReach * s) / atLast);
}
