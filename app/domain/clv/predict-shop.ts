// A shop's predictions (docs/domain.md §4): the candidate purchase models are checked on the shop's own history
// (model-check.ts), the best one is refitted on all its qualifying orders with the Gamma-Gamma spend
// model, and every customer who had bought by `asOf` is scored — or nobody is, when the check says the
// numbers would mislead.
//
// Decisions:
// - Orders: the lifecycle rules decide which orders count (isQualifyingOrder: not test, cancelled,
//   voided or fully refunded), amounts are net of refunds (netAmount), only orders of the history's
//   own customer processed at or before asOf. Time unit: weeks (the literature's).
// - All or nothing: when the check withholds the predictions, or a fit fails, the shop's result is
//   that failure (reason + detail) and NO customer gets a number. P(alive) has its own gate (the
//   check's showPAlive, and the refit must not slide to "no dropout"): without it the expected
//   purchases and CLV are still published, P(alive) is not, and nobody is "at risk".
// - The models count purchase DAYS (same-day orders are one transaction); expected orders are expected
//   purchase days times the shop's orders per repeat purchase day.
// - Customers without a qualifying order by asOf (prospects) get no prediction (absent from the map).
//
// Pure: the clock (asOf) and the shop's time zone are arguments.

import { localDay } from "../calendar";
import { isQualifyingOrder, netAmount } from "../lifecycle";
import type { CustomerHistory, LifecycleStage } from "../types";
import { fitGammaGamma, type GammaGammaParams } from "./gamma-gamma";
import { scoreCustomers } from "./lifetime-value";
import type { FitFailureReason, FitRules } from "./maximum-likelihood";
import { LIFECYCLE_RULES, type LifecycleRules } from "../lifecycle-rules";
import {
  checkModels,
  dormantOnHoldout,
  fittingData,
  holdoutDaysFor,
  spendFittingData,
  MIN_HOLDOUT_DAYS,
  type ModelCheck,
  NO_DROPOUT_P_ALIVE,
  tooShortCheck,
} from "./model-check";
import { fitPurchaseModel, type PurchaseModelName, type PurchaseParams } from "./purchase-model";
import { type ClvTransaction, type PurchaseDays, purchaseDays, summarizeDays } from "./summarize-for-clv";

/**
 * An active customer (stage new / regular / vip) whose P(alive) — shown only when the holdout check
 * trusts it — is below this is flagged "at risk": the lifecycle rules (still within dormantAfterDays)
 * and the model disagree, which is exactly the group worth a win-back before the day count makes them
 * dormant.
 */
export const AT_RISK_P_ALIVE_THRESHOLD = 0.5;

/** Stages the lifecycle rules consider active (the ones "at risk" can apply to). */
const ACTIVE_STAGES: readonly LifecycleStage[] = ["new", "regular", "vip"];

/** Model period in days (weeks). */
const CLV_PERIOD_DAYS = 7;
/** Horizon of the stored expected purchases. */
const EXPECTED_PURCHASES_DAYS = 365;
/** Horizon of the stored CLV. */
const CLV_MONTHS = 12;

export interface CustomerPrediction {
  /** null when the check does not trust the model's P(alive). */
  pAlive: number | null;
  /** Expected repeat purchase days in the next `horizonDays` (365 unless asked otherwise). */
  expectedPurchases365: number;
  /** Expected qualifying orders in the horizon (purchase days × the shop's orders per purchase day). */
  expectedOrders: number;
  /** Expected spend in the horizon, undiscounted (purchase days × Gamma-Gamma spend per day). */
  expectedSpend: number;
  /** Discounted expected revenue over the next 12 months (shop currency; lifetime-value.ts). */
  predictedClv12m: number;
}

export type ShopFitFailureReason = FitFailureReason | "withheld-by-holdout-check";

export type ShopFitSummary =
  | {
      ok: true;
      purchaseModel: PurchaseParams;
      gammaGamma: GammaGammaParams;
      /** Purchase model's total log-likelihood on all data. */
      logLikelihood: number;
      customers: number;
      repeatBuyers: number;
      showPAlive: boolean;
      check: ModelCheck;
    }
  | {
      ok: false;
      reason: ShopFitFailureReason;
      detail: string;
      customers: number;
      repeatBuyers: number;
      check: ModelCheck | null;
    };

export interface ShopPredictions {
  fit: ShopFitSummary;
  /** customerId -> prediction; empty when the fit is not ok. */
  perCustomer: Map<string, CustomerPrediction>;
}

export interface PredictShopOptions {
  asOf: Date;
  timeZone: string;
  /** Override the minimum data rules (CLV_FIT_RULES); for tests and analysis only. */
  fitRules?: Partial<FitRules>;
  /** Candidate models (default: all of PURCHASE_MODELS). */
  models?: readonly PurchaseModelName[];
  /** Horizon of expectedPurchases365 / expectedOrders / expectedSpend in days (default 365). */
  horizonDays?: number;
  /** The shop's dormant and churned thresholds, for the check's dormant row (default LIFECYCLE_RULES). */
  lifecycleRules?: Pick<LifecycleRules, "dormantAfterDays" | "churnedAfterDays">;
}

/** The qualifying orders of the histories as CLV transactions (net amounts). */
export function qualifyingTransactions(histories: readonly CustomerHistory[], asOf: Date): ClvTransaction[] {
  const asOfMs = asOf.getTime();
  const transactions: ClvTransaction[] = [];
  for (const history of histories) {
    for (const order of history.orders) {
      if (order.customerId !== history.customerId) continue;
      if (order.processedAt.getTime() > asOfMs) continue;
      if (!isQualifyingOrder(order)) continue;
      transactions.push({ customerId: history.customerId, at: order.processedAt, amount: netAmount(order) });
    }
  }
  return transactions;
}

/** The holdout check on the shop's purchase days up to asOf (calibration = its first half, ≤ 365 days of holdout). */
export function checkShop(
  days: PurchaseDays,
  { asOf, timeZone, fitRules, models, lifecycleRules = LIFECYCLE_RULES }: PredictShopOptions,
): ModelCheck {
  const asOfDay = localDay(asOf, timeZone);
  let firstDay = asOfDay;
  for (let c = 0; c < days.customerIds.length; c++) firstDay = Math.min(firstDay, days.day[days.start[c]]);
  const holdoutDays = holdoutDaysFor(asOfDay - firstDay, CLV_PERIOD_DAYS);
  if (holdoutDays < MIN_HOLDOUT_DAYS) return tooShortCheck(CLV_PERIOD_DAYS, firstDay, asOfDay);
  const calibrationToDay = asOfDay - holdoutDays;
  const summaries = summarizeDays(days, { calibrationEndDay: calibrationToDay, holdoutEndDay: asOfDay, periodDays: CLV_PERIOD_DAYS });
  const check = checkModels({
    summaries,
    periodDays: CLV_PERIOD_DAYS,
    calibrationFromDay: firstDay,
    calibrationToDay,
    holdoutToDay: asOfDay,
    fitRules,
    models,
  });
  const chosen = check.candidates.find((c) => c.model === check.chosen);
  if (chosen?.ok) {
    check.dormant = dormantOnHoldout(
      days,
      chosen.params,
      { calibrationToDay, holdoutToDay: asOfDay, periodDays: CLV_PERIOD_DAYS },
      { afterDays: lifecycleRules.dormantAfterDays, untilDays: lifecycleRules.churnedAfterDays },
    );
  }
  return check;
}

const WITHHELD_DETAIL: Record<string, string> = {
  "history-too-short": "The order history is too short to keep a holdout window of at least 28 days.",
  "no-model-fitted": "No candidate model could be fitted on the calibration window.",
  "counts-worse-than-baseline": "The best model's holdout purchases are no closer than predicting zero or each customer's past rate.",
  "ranks-worse-than-recency": "The best model ranks who bought again in the holdout worse than recency alone.",
};

export function predictShop(histories: readonly CustomerHistory[], options: PredictShopOptions): ShopPredictions {
  const { asOf, timeZone, fitRules = {} } = options;
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) throw new RangeError("asOf must be a valid Date.");
  const horizonDays = options.horizonDays ?? EXPECTED_PURCHASES_DAYS;
  // purchaseDays orders customers by id: the same shop gets the same numbers whatever order its rows come in.
  const days = purchaseDays(qualifyingTransactions(histories, asOf), timeZone);
  const summaries = summarizeDays(days, { calibrationEndDay: localDay(asOf, timeZone), periodDays: CLV_PERIOD_DAYS });
  const customers = summaries.length;
  const repeatBuyers = summaries.reduce((n, s) => n + (s.x > 0 ? 1 : 0), 0);
  const perCustomer = new Map<string, CustomerPrediction>();
  const fail = (reason: ShopFitFailureReason, detail: string, check: ModelCheck | null): ShopPredictions => ({
    fit: { ok: false, reason, detail, customers, repeatBuyers, check },
    perCustomer,
  });

  const check = checkShop(days, options);
  if (!check.publish || check.chosen === null) {
    return fail("withheld-by-holdout-check", check.withheld.map((w) => WITHHELD_DETAIL[w]).join(" "), check);
  }
  const chosen = check.candidates.find((c) => c.model === check.chosen);
  const purchase = fitPurchaseModel(check.chosen, fittingData(summaries), {
    ...fitRules,
    start: chosen?.ok ? chosen.params : undefined,
  });
  if (!purchase.ok) return fail(purchase.reason, `${check.chosen}: ${purchase.detail}`, check);
  const gg = fitGammaGamma(spendFittingData(summaries), fitRules);
  if (!gg.ok) return fail(gg.reason, `Gamma-Gamma: ${gg.detail}`, check);

  const scores = scoreCustomers(
    purchase.params,
    gg.params,
    {
      x: Float64Array.from(summaries, (s) => s.x),
      t_x: Float64Array.from(summaries, (s) => s.t_x),
      T: Float64Array.from(summaries, (s) => s.T),
      zbar: Float64Array.from(summaries, (s) => s.zbar),
    },
    { months: CLV_MONTHS, periodDays: CLV_PERIOD_DAYS, purchaseHorizon: horizonDays / CLV_PERIOD_DAYS },
  );
  // The refit on all data must not have slid to "no dropout" either.
  const sortedPAlive = Float64Array.from(scores.probabilityAlive).sort();
  const refitP10 = sortedPAlive[Math.floor(0.1 * sortedPAlive.length)] ?? 1;
  const showPAlive = check.showPAlive && refitP10 < NO_DROPOUT_P_ALIVE;
  const ordersPerDay = ordersPerRepeatPurchaseDay(days);
  summaries.forEach((s, i) => {
    perCustomer.set(s.customerId, {
      pAlive: showPAlive ? scores.probabilityAlive[i] : null,
      expectedPurchases365: scores.expectedPurchases[i],
      expectedOrders: scores.expectedPurchases[i] * ordersPerDay,
      expectedSpend: scores.expectedPurchases[i] * scores.expectedSpend[i],
      predictedClv12m: scores.clv[i],
    });
  });
  if (!showPAlive && check.showPAlive) check.pAliveWithheld.push("p-alive-no-dropout");
  check.showPAlive = showPAlive;
  return {
    fit: {
      ok: true,
      purchaseModel: purchase.params,
      gammaGamma: gg.params,
      logLikelihood: purchase.logLikelihood,
      customers,
      repeatBuyers,
      showPAlive,
      check,
    },
    perCustomer,
  };
}

/** Orders on repeat purchase days per repeat purchase day (1 when nobody bought again). */
function ordersPerRepeatPurchaseDay(days: PurchaseDays): number {
  let repeatOrders = 0;
  let repeatDays = 0;
  for (let c = 0; c < days.customerIds.length; c++) {
    for (let e = days.start[c] + 1; e < days.start[c + 1]; e++) {
      repeatOrders += days.transactions[e];
      repeatDays++;
    }
  }
  return repeatDays > 0 ? repeatOrders / repeatDays : 1;
}

/** Active by the lifecycle rules but more likely gone than alive by a P(alive) the check trusts. */
export function isAtRisk(stage: LifecycleStage, pAlive: number | null | undefined): boolean {
  return pAlive != null && ACTIVE_STAGES.includes(stage) && pAlive < AT_RISK_P_ALIVE_THRESHOLD;
}
