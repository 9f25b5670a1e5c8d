// Contractual predictions for active subscribers (docs/domain.md §8): the purchase models (BG/NBD and
// its family) assume a customer's leaving is never seen, which is false for a subscriber — their
// subscription says whether they are still there. So active subscribers are left out of that fit and
// predicted from the shifted-beta-geometric model of their selling plan's retention instead
// (shifted-beta-geometric.ts, Fader & Hardie 2007):
// - the sBG is fitted to every subscription of the plan (ended ones are cancellations after their
//   deliveries, the others are censored); a plan whose fit fails (nobody cancelled yet, too few) uses
//   the fit of all the shop's subscriptions;
// - a subscriber with n deliveries so far makes delivery n + k with probability S(n + k − 1)/S(n − 1);
//   delivery n + k is due at the last delivery + k × the plan's interval;
// - expected deliveries = Σ of those probabilities over the deliveries due in the next 365 days;
// - predicted 12-month value = Σ probability × the subscriber's mean delivery value (net of refunds)
//   × (1 + annual discount rate)^−(years from asOf to the due date), the rate stated in the report
//   (SUBSCRIPTION_REPORT_RULES.annualDiscountRate).
// P(alive) is not predicted: an active subscriber is known to be there.

import { MS_PER_DAY } from "../calendar";
import { groupBy } from "../group-by";
import type { DetectedSubscription } from "./detect-subscriptions";
import { retentionByDelivery } from "./retention-by-delivery";
import { fitShiftedBetaGeometric, observedSurvival, type SbgParams } from "./shifted-beta-geometric";

export const CONTRACTUAL_HORIZON_DAYS = 365;

export interface ContractualPrediction {
  sellingPlanId: string;
  /** Where the retention came from: the plan's own fit, or all the shop's subscriptions. */
  fit: "plan" | "shop";
  params: SbgParams;
  /** Deliveries before the fitted cohort was observed: delivery n is the model's period n − k. */
  truncatedPeriods: number;
  expectedDeliveries365: number;
  predictedValue12m: number;
}

export interface ContractualPredictionInput {
  /** Every detected subscription of the shop (ended ones too: they are the cancellations). */
  subscriptions: readonly DetectedSubscription[];
  /** Mean net value of a delivery, by customer; customers without one are valued at 0. */
  deliveryValueByCustomer: ReadonlyMap<string, number>;
  asOf: Date;
  annualDiscountRate: number;
}

/**
 * One prediction per customer with an active subscription (a customer on two plans gets the sum, under
 * the plan with more expected deliveries). Customers whose plan and shop fits both fail get none.
 */
export function predictSubscribers({
  subscriptions,
  deliveryValueByCustomer,
  asOf,
  annualDiscountRate,
}: ContractualPredictionInput): Map<string, ContractualPrediction> {
  const byPlan = groupBy(subscriptions, (s) => s.sellingPlanId);
  type Fitted = { params: SbgParams; truncatedPeriods: number };
  const fitOf = (members: readonly DetectedSubscription[]): Fitted | null => {
    const [row] = retentionByDelivery(members, { timeZone: "UTC", byPlan: false, byCohort: false });
    if (!row) return null;
    const fit = fitShiftedBetaGeometric(row.lifetimes);
    return fit.ok ? { params: fit.params, truncatedPeriods: fit.truncatedPeriods } : null;
  };
  let shopFit: Fitted | null | undefined;
  const planFits = new Map<string, (Fitted & { fit: "plan" | "shop" }) | null>();
  const paramsOf = (plan: string) => {
    if (!planFits.has(plan)) {
      const own = fitOf(byPlan.get(plan) ?? []);
      if (own) planFits.set(plan, { ...own, fit: "plan" });
      else {
        if (shopFit === undefined) shopFit = fitOf(subscriptions);
        planFits.set(plan, shopFit ? { ...shopFit, fit: "shop" } : null);
      }
    }
    return planFits.get(plan)!;
  };

  const asOfMs = asOf.getTime();
  const horizonMs = asOfMs + CONTRACTUAL_HORIZON_DAYS * MS_PER_DAY;
  const result = new Map<string, ContractualPrediction>();
  for (const s of subscriptions) {
    if (s.state !== "active") continue;
    const fitted = paramsOf(s.sellingPlanId);
    if (!fitted) continue;
    const n = s.deliveries;
    const value = deliveryValueByCustomer.get(s.customerId) ?? 0;
    const intervalMs = s.intervalDays * MS_PER_DAY;
    const survival = (t: number) => observedSurvival(fitted.params, fitted.truncatedPeriods, t);
    const reached = survival(n - 1);
    let deliveries = 0;
    let discounted = 0;
    for (let k = 1; ; k++) {
      const due = s.lastDeliveryAt.getTime() + k * intervalMs;
      if (due > horizonMs) break;
      // A delivery already due but not yet seen is still expected (it may be late within the grace).
      const probability = survival(n + k - 1) / reached;
      deliveries += probability;
      discounted += probability * Math.pow(1 + annualDiscountRate, -Math.max(0, due - asOfMs) / (365 * MS_PER_DAY));
    }
    const prediction: ContractualPrediction = {
      sellingPlanId: s.sellingPlanId,
      fit: fitted.fit,
      params: fitted.params,
      truncatedPeriods: fitted.truncatedPeriods,
      expectedDeliveries365: deliveries,
      predictedValue12m: discounted * value,
    };
    const held = result.get(s.customerId);
    if (!held) result.set(s.customerId, prediction);
    else {
      const main = held.expectedDeliveries365 >= deliveries ? held : prediction;
      result.set(s.customerId, {
        ...main,
        expectedDeliveries365: held.expectedDeliveries365 + deliveries,
        predictedValue12m: held.predictedValue12m + prediction.predictedValue12m,
      });
    }
  }
  return result;
}
