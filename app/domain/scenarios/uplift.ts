// A scenario's results against its holdout: per group n, conversions and revenue; the conversion
// uplift with Newcombe's interval, the revenue-per-entrant uplift with a skewness-corrected interval,
// the incremental revenue after discounts, and whether there are enough entrants yet.
// Uplifts are treated − holdout. Revenue is per entrant (an entrant who did not buy counts as 0) and
// net of discounts: what the shop kept from the orders inside the scenario's conversion window.

import { newcombeDifferenceInterval, type Interval } from "./proportion-intervals";
import { meanDifferenceInterval } from "./revenue-interval";
import { assessSufficiency, type Sufficiency } from "./sample-size";

export type UpliftGroup = "treated" | "holdout";

export interface EntrantOutcome {
  group: UpliftGroup;
  converted: boolean;
  /** Net revenue of the entrant's orders in the window (0 when not converted). */
  revenue: number;
  /** Value of the scenario's discount codes the entrant redeemed (already deducted from revenue). */
  discount?: number;
}

export interface GroupTotals {
  n: number;
  conversions: number;
  /** Total revenue of the group. */
  revenue: number;
  /** Total discount of the scenario's codes redeemed in the group. */
  discount: number;
}

export interface UpliftResult {
  treated: GroupTotals;
  holdout: GroupTotals;
  /** Conversion rate treated − holdout. */
  conversionUplift: number;
  conversionCi: Interval;
  /** Revenue per entrant treated − holdout. */
  revenueUplift: number;
  revenueCi: Interval;
  /**
   * Revenue the scenario added: the revenue-per-entrant uplift times the treated entrants. Revenue is
   * net of the codes, so this is already after discounts; discountCost says what the codes cost.
   */
  incrementalRevenue: number;
  incrementalRevenueCi: Interval;
  discountCost: number;
  sufficiency: Sufficiency;
}

export class UpliftInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpliftInputError";
  }
}

export function measureUplift(
  outcomes: Iterable<EntrantOutcome>,
  options: { holdoutShare?: number; confidence?: number } = {},
): UpliftResult {
  const confidence = options.confidence ?? 0.95;
  const totals = { treated: emptyTotals(), holdout: emptyTotals() };
  const revenue = { treated: [] as number[], holdout: [] as number[] };
  for (const outcome of outcomes) {
    const group = totals[outcome.group];
    if (!group) throw new UpliftInputError(`Unknown group "${String(outcome.group)}"; expected treated or holdout.`);
    if (!Number.isFinite(outcome.revenue) || outcome.revenue < 0)
      throw new UpliftInputError(`Revenue must be a number ≥ 0, got ${outcome.revenue}.`);
    if (!outcome.converted && outcome.revenue !== 0) throw new UpliftInputError("An entrant who did not convert cannot have revenue.");
    group.n++;
    if (outcome.converted) group.conversions++;
    group.revenue += outcome.revenue;
    group.discount += outcome.discount ?? 0;
    revenue[outcome.group].push(outcome.revenue);
  }
  for (const name of ["treated", "holdout"] as const) {
    if (totals[name].n === 0) throw new UpliftInputError(`The ${name} group has no entrants; both groups need at least one.`);
  }
  const { treated, holdout } = totals;
  const conversionUplift = treated.conversions / treated.n - holdout.conversions / holdout.n;
  const conversionCi = newcombeDifferenceInterval(
    { x: treated.conversions, n: treated.n },
    { x: holdout.conversions, n: holdout.n },
    confidence,
  );
  const revenueEstimate = meanDifferenceInterval(revenue.treated, revenue.holdout, confidence);
  const holdoutShare = options.holdoutShare ?? holdout.n / (treated.n + holdout.n);
  return {
    treated,
    holdout,
    conversionUplift,
    conversionCi,
    revenueUplift: revenueEstimate.difference,
    revenueCi: revenueEstimate.interval,
    incrementalRevenue: revenueEstimate.difference * treated.n,
    incrementalRevenueCi: [revenueEstimate.interval[0] * treated.n, revenueEstimate.interval[1] * treated.n],
    discountCost: treated.discount,
    sufficiency: assessSufficiency(totals, Math.min(Math.max(holdoutShare, 0.001), 0.999)),
  };
}

function emptyTotals(): GroupTotals {
  return { n: 0, conversions: 0, revenue: 0, discount: 0 };
}
