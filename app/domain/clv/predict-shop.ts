// A shop's CLV predictions (docs/domain.md §4): fit BG/NBD (purchases / dropout) and Gamma-Gamma (spend)
// on the shop's own qualifying orders, then score every customer who had bought by `asOf`.
//
// Decisions:
// - Orders: the lifecycle rules decide which orders count (isQualifyingOrder: not test, cancelled,
//   voided or fully refunded), amounts are net of refunds (netAmount), only orders of the history's
//   own customer processed at or before asOf. Calibration ends at asOf; time unit: weeks (the
//   literature's, and the one the CDNOW reference numbers are in).
// - Model: BG/NBD (FHL 2005). Note its known property: a customer who has bought exactly once has
//   P(alive) = 1 (dropout happens only after a repeat purchase), so one-time buyers are never "at risk".
// - All or nothing: the predictions need both models, so when either fit is not ok the shop's result
//   is that failure (reason + detail, prefixed by the model) and NO customer gets a number. A number
//   from a model we refused to fit would be noise presented as a prediction.
// - Customers without a qualifying order by asOf (prospects) get no prediction (absent from the map).
//
// Pure: the clock (asOf) and the shop's time zone are arguments.

import { isQualifyingOrder, netAmount } from "../lifecycle";
import type { CustomerHistory, LifecycleStage } from "../types";
import { type BgNbdParams, fitBgNbd } from "./bg-nbd";
import { fitGammaGamma, type GammaGammaParams } from "./gamma-gamma";
import { scoreCustomers } from "./lifetime-value";
import type { FitFailureReason, FitRules } from "./maximum-likelihood";
import { type ClvTransaction, summarizeForClv } from "./summarize-for-clv";

/**
 * An active customer (stage new / regular / vip) with P(alive) below this is flagged "at risk".
 * 0.5 is the point where the model says "more likely gone than alive": below it the lifecycle rules
 * (still within dormantAfterDays) and the model disagree, which is exactly the group worth a
 * win-back before the day count makes them dormant. A higher cut would flag customers the model
 * still thinks are probably buying; a lower one would only catch them when it is nearly certain.
 */
export const AT_RISK_P_ALIVE_THRESHOLD = 0.5;

/** Stages the lifecycle rules consider active (the ones "at risk" can apply to). */
export const ACTIVE_STAGES: readonly LifecycleStage[] = ["new", "regular", "vip"];

/** Model period in days (weeks). */
export const CLV_PERIOD_DAYS = 7;
/** Horizon of the stored expected purchases. */
export const EXPECTED_PURCHASES_DAYS = 365;
/** Horizon of the stored CLV. */
export const CLV_MONTHS = 12;

export interface CustomerPrediction {
  pAlive: number;
  /** Expected repeat purchase days in the next 365 days. */
  expectedPurchases365: number;
  /** Discounted expected revenue over the next 12 months (shop currency; lifetime-value.ts). */
  predictedClv12m: number;
}

export type ShopFitSummary =
  | {
      ok: true;
      bgNbd: BgNbdParams;
      gammaGamma: GammaGammaParams;
      /** BG/NBD total log-likelihood. */
      logLikelihood: number;
      customers: number;
      repeatBuyers: number;
    }
  | {
      ok: false;
      reason: FitFailureReason;
      detail: string;
      customers: number;
      repeatBuyers: number;
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

export function predictShop(
  histories: readonly CustomerHistory[],
  { asOf, timeZone, fitRules = {} }: PredictShopOptions,
): ShopPredictions {
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) throw new RangeError("asOf must be a valid Date.");
  // In customer and time order, so the fit's sums do not depend on the order the rows were read in
  // (PostgreSQL returns unordered rows in any order): the same shop always gets the same numbers.
  const transactions = qualifyingTransactions(histories, asOf).sort(
    (p, q) => (p.customerId < q.customerId ? -1 : p.customerId > q.customerId ? 1 : p.at.getTime() - q.at.getTime()),
  );
  const summaries = summarizeForClv(transactions, {
    calibrationEnd: asOf,
    periodDays: CLV_PERIOD_DAYS,
    timeZone,
  });
  const customers = summaries.length;
  const repeatBuyers = summaries.reduce((n, s) => n + (s.x > 0 ? 1 : 0), 0);
  const perCustomer = new Map<string, CustomerPrediction>();

  const bg = fitBgNbd(summaries, fitRules);
  if (!bg.ok) {
    return {
      fit: { ok: false, reason: bg.reason, detail: `BG/NBD: ${bg.detail}`, customers, repeatBuyers },
      perCustomer,
    };
  }
  const gg = fitGammaGamma(summaries, fitRules);
  if (!gg.ok) {
    return {
      fit: { ok: false, reason: gg.reason, detail: `Gamma-Gamma: ${gg.detail}`, customers, repeatBuyers },
      perCustomer,
    };
  }

  const scores = scoreCustomers(
    bg.params,
    gg.params,
    {
      x: summaries.map((s) => s.x),
      t_x: summaries.map((s) => s.t_x),
      T: summaries.map((s) => s.T),
      zbar: summaries.map((s) => s.zbar),
    },
    { months: CLV_MONTHS, periodDays: CLV_PERIOD_DAYS, purchaseHorizon: EXPECTED_PURCHASES_DAYS / CLV_PERIOD_DAYS },
  );
  summaries.forEach((s, i) => {
    perCustomer.set(s.customerId, {
      pAlive: scores.probabilityAlive[i],
      expectedPurchases365: scores.expectedPurchases[i],
      predictedClv12m: scores.clv[i],
    });
  });
  return {
    fit: {
      ok: true,
      bgNbd: bg.params,
      gammaGamma: gg.params,
      logLikelihood: bg.logLikelihood,
      customers,
      repeatBuyers,
    },
    perCustomer,
  };
}

/** Active by the lifecycle rules but more likely gone than alive by the model. */
export function isAtRisk(stage: LifecycleStage, pAlive: number | null | undefined): boolean {
  return pAlive != null && ACTIVE_STAGES.includes(stage) && pAlive < AT_RISK_P_ALIVE_THRESHOLD;
}
